using Nop.Data;
using Moq;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Directory;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Localization;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Stores;
using Nop.Plugin.Misc.Segmentation.Components;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Factories;
using Nop.Plugin.Misc.Segmentation.Infrastructure;
using Nop.Plugin.Misc.Segmentation.Models.Public;
using Nop.Plugin.Misc.Segmentation.Services.Events;
using Nop.Plugin.Misc.Segmentation.Services.Offers;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Plugin.Misc.Segmentation.Tests.Fakes;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using Nop.Services.Catalog;
using Nop.Services.Customers;
using Nop.Services.Directory;
using Nop.Services.Discounts;
using Nop.Services.Helpers;
using Nop.Web.Framework.Mvc.Routing;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Offers;

/// <summary>
/// The storefront widgets end to end over a real database: who is greeted how, who is told about the loyalty
/// upgrade or their progress, who sees a cart offer, what the discount requirement decides for the offer, and what a
/// page view costs in queries.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.SqliteAndPostgres))]
public class PersonalizationTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);
    private const string Home = "home_page_top";
    private const string Cart = "order_summary_content_before";
    private const int CartOfferDiscountId = 9;
    private const int ShippingDiscountId = 11;

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private ManualClock _clock;
    private SegmentationSettings _settings;
    private Customer _anna, _near, _far, _hostile, _returningGuest, _newGuest, _guestWithOffer, _expired, _recovered;
    private HashSet<int> _registered;
    private CustomerRole _freeShippingRole;
    private Dictionary<int, Discount> _discounts;
    private Customer _current;

    public PersonalizationTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public async Task SetUp()
    {
        _store = StoreDatabase.Create(_kind);
        _clock = new ManualClock(Now);
        _settings = new SegmentationSettings
        {
            LoyalMinOrders = 3, LoyalPeriodDays = 90, VipMinSpent = 1000, LoyaltyProgressOrders = 1,
            CartOfferDiscountId = CartOfferDiscountId
        };
        _discounts = new Dictionary<int, Discount>
        {
            [CartOfferDiscountId] = new() { Id = CartOfferDiscountId, IsActive = true, UsePercentage = true, DiscountPercentage = 10, DiscountType = DiscountType.AssignedToOrderSubTotal },
            [ShippingDiscountId] = new() { Id = ShippingDiscountId, IsActive = true, UsePercentage = false, DiscountAmount = 5, DiscountType = DiscountType.AssignedToShipping }
        };

        var old = new DateTime(2020, 1, 1);
        _anna = await _store.AddCustomerAsync(c => (c.FirstName, c.LastName, c.CreatedOnUtc, c.HasShoppingCartItems) = ("Anna", "Berg", old, true));
        _near = await _store.AddCustomerAsync(c => (c.FirstName, c.CreatedOnUtc) = ("Nils", old));
        _far = await _store.AddCustomerAsync(c => (c.FirstName, c.CreatedOnUtc) = ("Fay", old));
        _hostile = await _store.AddCustomerAsync(c => (c.FirstName, c.LastName, c.CreatedOnUtc) = ("<script>alert('x')</script>", "\" onmouseover=\"steal()", old));
        _returningGuest = await _store.AddCustomerAsync(c => c.CreatedOnUtc = old);
        _newGuest = await _store.AddCustomerAsync(c => c.CreatedOnUtc = Now.AddMinutes(-5));
        _guestWithOffer = await _store.AddCustomerAsync(c => (c.CreatedOnUtc, c.HasShoppingCartItems) = (old, true));
        _expired = await _store.AddCustomerAsync(c => (c.FirstName, c.CreatedOnUtc, c.HasShoppingCartItems) = ("Ed", old, true));
        _recovered = await _store.AddCustomerAsync(c => (c.FirstName, c.CreatedOnUtc, c.HasShoppingCartItems) = ("Rita", old, true));
        _registered = [_anna.Id, _near.Id, _far.Id, _hostile.Id, _expired.Id, _recovered.Id];

        await _store.Repository<CustomerProfile>().InsertAsync(new List<CustomerProfile>
        {
            Profile(_anna, orders90: 3, spent365: 1500),
            Profile(_near, orders90: 2, spent365: 100),
            Profile(_far, orders90: 0, spent365: 0),
            Profile(_hostile, orders90: 1, spent365: 10),
            Profile(_guestWithOffer, orders90: 0, spent365: 0),
            Profile(_expired, orders90: 0, spent365: 0),
            Profile(_recovered, orders90: 0, spent365: 0)
        });
        await _store.Repository<AbandonedCart>().InsertAsync(new List<AbandonedCart>
        {
            Offer(_anna, Now.AddDays(2)),
            Offer(_guestWithOffer, Now.AddDays(1)),
            Offer(_expired, Now.AddHours(-1)),
            Offer(_recovered, Now.AddDays(2), AbandonedCartStatus.Recovered)
        });

        foreach (var segment in await new BuiltInSegmentService(_store.Repository<Segment>()).EnsureAsync(_settings, Now))
            await _store.SegmentService().EvaluateAsync(segment, Now);

        // the one-click free shipping: a role mirrored from the loyal segment, as the task keeps it
        _freeShippingRole = await _store.RoleSync().CreateRoleAsync(await LoyalSegmentAsync(), "Loyal customers (free shipping)", freeShipping: true);
        await _store.RoleSync().SyncAsync(await LoyalSegmentAsync());
        _settings.LoyaltyFreeShippingRoleId = _freeShippingRole.Id;
    }

    private async Task<Segment> LoyalSegmentAsync() =>
        await _store.Repository<Segment>().Table.FirstOrDefaultAsync(s => s.SystemName == BuiltInSegmentService.LoyalSystemName);

    [TearDown]
    public void TearDown() => _store?.Dispose();

    private static CustomerProfile Profile(Customer customer, int orders90, decimal spent365) => new()
    {
        CustomerId = customer.Id, StoreId = 0, OrdersCount = orders90, Orders30Days = orders90, Orders90Days = orders90, Orders365Days = orders90,
        Spent365Days = spent365, ComputedOnUtc = Now
    };

    private static AbandonedCart Offer(Customer customer, DateTime expiresOnUtc, AbandonedCartStatus status = AbandonedCartStatus.Open) => new()
    {
        CustomerId = customer.Id, StoreId = 1, CartValue = 80, CartItems = 2, LastCartActivityUtc = Now.AddDays(-1), DetectedOnUtc = Now.AddHours(-20),
        OfferExpiresOnUtc = expiresOnUtc, Status = status
    };

    private Mock<ICustomerService> Customers()
    {
        var customers = new Mock<ICustomerService>();
        customers.Setup(c => c.IsRegisteredAsync(It.IsAny<Customer>(), true)).ReturnsAsync((Customer c, bool _) => _registered.Contains(c.Id));
        customers.Setup(c => c.GetCustomerRoleByIdAsync(It.IsAny<int>())).ReturnsAsync((int id) => id == _freeShippingRole?.Id ? _freeShippingRole : null);
        // nopCommerce reads (and caches) the customer's roles from the mapping table; here straight from it
        customers.Setup(c => c.GetCustomerRoleIdsAsync(It.IsAny<Customer>(), false)).ReturnsAsync((Customer c, bool _) =>
            _store.Repository<CustomerCustomerRoleMapping>().Table.Where(m => m.CustomerId == c.Id).Select(m => m.CustomerRoleId).ToArray());
        return customers;
    }

    /// <summary>The factory as nopCommerce would build it for a request of the current customer, over repositories of the given options.</summary>
    private PersonalizationModelFactory Factory(LinqToDB.DataOptions options = null)
    {
        Linq2DbRepository<T> Repo<T>() where T : BaseEntity => options == null ? _store.Repository<T>() : new Linq2DbRepository<T>(options);

        var localization = new FakeLocalizationService(new FakeLanguageService());
        localization.AddOrUpdateLocaleResourceAsync(TestLocales.English.ToDictionary()).Wait();
        var work = new Mock<IWorkContext>();
        work.Setup(w => w.GetCurrentCustomerAsync()).ReturnsAsync(() => _current);
        work.Setup(w => w.GetWorkingLanguageAsync()).ReturnsAsync(FakeLanguageService.English);
        work.Setup(w => w.GetWorkingCurrencyAsync()).ReturnsAsync(new Currency { CurrencyCode = "USD" });
        var storeContext = new Mock<IStoreContext>();
        storeContext.Setup(s => s.GetCurrentStoreAsync()).ReturnsAsync(new Store { Id = 1, Name = "Demo & Co" });
        var currency = new Mock<ICurrencyService>();
        currency.Setup(c => c.ConvertFromPrimaryStoreCurrencyAsync(It.IsAny<decimal>(), It.IsAny<Currency>())).ReturnsAsync((decimal amount, Currency _) => amount);
        var prices = new Mock<IPriceFormatter>();
        prices.Setup(p => p.FormatPriceAsync(It.IsAny<decimal>())).ReturnsAsync((decimal amount) => "$" + amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        var dates = new Mock<IDateTimeHelper>();
        dates.Setup(d => d.ConvertToUserTimeAsync(It.IsAny<DateTime>(), DateTimeKind.Utc)).ReturnsAsync((DateTime dt, DateTimeKind _) => dt);
        var discounts = new Mock<IDiscountService>();
        discounts.Setup(d => d.GetDiscountByIdAsync(It.IsAny<int>())).ReturnsAsync((int id) => _discounts.GetValueOrDefault(id));
        var urls = new Mock<INopUrlHelper>();
        urls.Setup(u => u.RouteUrl("Login", null, null, null, null)).Returns("/login/");
        urls.Setup(u => u.RouteUrl("ShoppingCart", null, null, null, null)).Returns("/cart/");

        var membership = new SegmentMembershipService(_store.Cache, Repo<Segment>(), Repo<SegmentMember>());
        var customers = Customers().Object;
        return new PersonalizationModelFactory(new CustomerStateService(Repo<AbandonedCart>(), Repo<CustomerProfile>(), _store.Cache),
            new GreetingService(_store.Localization, Repo<GreetingTemplate>(), Repo<Segment>(), _store.Cache), currency.Object, customers, dates.Object,
            localization, urls.Object, prices.Object, storeContext.Object, work.Object, _settings, membership,
            new ShopperOfferService(customers, discounts.Object, membership, _settings), _clock);
    }

    private async Task<PersonalizationModel> ShowAsync(Customer customer, string zone = Home)
    {
        _current = customer;
        return await Factory().PrepareAsync(zone);
    }

    private async Task<int> SegmentIdAsync(string systemName) =>
        (await _store.Repository<Segment>().Table.FirstOrDefaultAsync(s => s.SystemName == systemName)).Id;

    [Test]
    public async Task A_returning_signed_in_customer_is_greeted_by_name_a_returning_guest_is_invited_to_sign_in_a_first_visit_sees_nothing()
    {
        Assert.That((await ShowAsync(_anna))?.GreetingHtml, Is.EqualTo("Welcome back, Anna!"));
        Assert.That((await ShowAsync(_returningGuest))?.GreetingHtml, Is.EqualTo("Welcome back! <a href=\"/login/\">Sign in</a> to see your member offers."));
        Assert.That(await ShowAsync(_newGuest), Is.Null);

        // a customer who registered minutes ago is on their first visit too
        _registered.Add(_newGuest.Id);
        Assert.That(await ShowAsync(_newGuest), Is.Null);

        // a signed-in customer who gave no name is not greeted with an empty one; a user name stands in for it
        _registered.Add(_returningGuest.Id);
        Assert.That((await ShowAsync(_returningGuest))?.GreetingHtml, Is.EqualTo("Welcome back!"));
        _returningGuest.Username = "kim.lee@example.com";
        Assert.That((await ShowAsync(_returningGuest))?.GreetingHtml, Is.EqualTo("Welcome back, kim.lee!"));
    }

    [Test]
    public async Task The_most_specific_owner_text_wins_and_a_segment_variant_goes_by_segment_priority()
    {
        var greetings = _store.Greetings();
        Assert.That(await greetings.SaveAsync(GreetingAudience.SignedIn, 0, 0, 0, "Hello %Customer.FirstName%"), Is.Null);
        Assert.That((await ShowAsync(_near))?.GreetingHtml, Is.EqualTo("Hello Nils"));

        Assert.That(await greetings.SaveAsync(GreetingAudience.SignedIn, 0, 2, FakeLanguageService.English.Id, "Other store"), Is.Null);
        Assert.That(await greetings.SaveAsync(GreetingAudience.SignedIn, 0, 1, 0, "Store one, any language"), Is.Null);
        Assert.That(await greetings.SaveAsync(GreetingAudience.SignedIn, 0, 0, FakeLanguageService.English.Id, "Any store, %Store.Name%, in English"), Is.Null);
        // the visitor's language matters more than the store's own wording
        Assert.That((await ShowAsync(_near))?.GreetingHtml, Is.EqualTo("Any store, Demo &amp; Co, in English"));
        Assert.That(await greetings.SaveAsync(GreetingAudience.SignedIn, 0, 1, FakeLanguageService.English.Id, "Store one in English"), Is.Null);
        Assert.That((await ShowAsync(_near))?.GreetingHtml, Is.EqualTo("Store one in English"));

        // Anna is loyal (priority 30) and VIP (priority 40): the loyal variant wins, Nils (in neither) keeps the general text
        Assert.That(await greetings.SaveAsync(GreetingAudience.SignedIn, await SegmentIdAsync("vip"), 0, 0, "Our VIP %Customer.FirstName%"), Is.Null);
        Assert.That((await ShowAsync(_anna))?.GreetingHtml, Is.EqualTo("Our VIP Anna"));
        Assert.That(await greetings.SaveAsync(GreetingAudience.SignedIn, await SegmentIdAsync(BuiltInSegmentService.LoyalSystemName), 0, 0, "Loyal %Customer.FirstName% %Customer.LastName%"), Is.Null);
        Assert.That((await ShowAsync(_anna))?.GreetingHtml, Is.EqualTo("Loyal Anna Berg"));
        Assert.That((await ShowAsync(_near))?.GreetingHtml, Is.EqualTo("Store one in English"));

        // the owner puts VIP first: its variant wins from the next evaluation on
        var vip = await _store.Repository<Segment>().Table.FirstOrDefaultAsync(s => s.SystemName == "vip");
        vip.Priority = 5;
        await _store.Repository<Segment>().UpdateAsync(vip);
        await _store.MembershipService().ClearAllAsync();
        Assert.That((await ShowAsync(_anna))?.GreetingHtml, Is.EqualTo("Our VIP Anna"));

        // the owner may greet first visits too
        Assert.That(await greetings.SaveAsync(GreetingAudience.FirstVisit, 0, 0, 0, "Welcome to %Store.Name%"), Is.Null);
        Assert.That((await ShowAsync(_newGuest))?.GreetingHtml, Is.EqualTo("Welcome to Demo &amp; Co"));
    }

    [Test]
    public async Task Bad_greeting_texts_are_refused_with_a_reason_and_change_nothing()
    {
        var greetings = _store.Greetings();
        var vip = await SegmentIdAsync("vip");
        var problems = new[]
        {
            await greetings.SaveAsync(GreetingAudience.SignedIn, 0, 0, 0, "Hi %Customer.Nmae%"),
            await greetings.SaveAsync(GreetingAudience.SignedIn, 0, 0, 0, "   "),
            await greetings.SaveAsync(GreetingAudience.ReturningGuest, vip, 0, 0, "Guests have no segment variant"),
            await greetings.SaveAsync(GreetingAudience.SignedIn, 999_999, 0, 0, "No such segment"),
            await greetings.SaveAsync(GreetingAudience.SignedIn, 0, 0, 0, new string('x', GreetingService.MaxBodyLength + 1)),
            await greetings.SaveAsync((GreetingAudience)77, 0, 0, 0, "Nobody"),
            await greetings.SaveAsync(GreetingAudience.SignedIn, 0, -1, 0, "Negative store")
        };

        Assert.That(problems, Has.All.Not.Null);
        Assert.That(problems[0], Does.Contain("%Customer.Nmae%").And.Contain("%Customer.FirstName%"));
        Assert.That(await _store.Repository<GreetingTemplate>().Table.CountAsync(), Is.Zero);
        Assert.That((await ShowAsync(_anna))?.GreetingHtml, Is.EqualTo("Welcome back, Anna!"));
    }

    [Test]
    public async Task Customer_values_are_html_encoded_and_the_widget_html_renders_them_as_text()
    {
        Assert.That(await _store.Greetings().SaveAsync(GreetingAudience.SignedIn, 0, 0, 0,
            "<strong>Hello</strong> <span title=\"%Customer.LastName%\">%Customer.FirstName%</span>"), Is.Null);
        var model = await ShowAsync(_hostile);

        Assert.That(model.GreetingHtml, Is.EqualTo(
            "<strong>Hello</strong> <span title=\"&quot; onmouseover=&quot;steal()\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</span>"));

        using var renderer = new RazorViewRenderer();
        var html = await renderer.RenderAsync("~/Plugins/Misc.Segmentation/Views/Components/Personalization.cshtml", model);
        Assert.That(html, Does.Contain("<strong>Hello</strong>"), "the owner's markup is kept");
        Assert.That(html, Does.Not.Contain("<script>").And.Not.Contain("\" onmouseover"));
        Assert.That(html, Does.Contain("&lt;script&gt;"));
    }

    [Test]
    public async Task The_widget_view_renders_every_part_with_encoded_text_and_an_accessible_offer_region()
    {
        var model = new PersonalizationModel
        {
            WidgetZone = "home_page_top\"><script>",
            GreetingHtml = "Welcome back, &lt;b&gt;Ann&lt;/b&gt;!",
            Loyalty = new LoyaltyModel { IsLoyal = true, Text = "As a loyal customer you get <i>free</i> shipping." },
            CartOffer = new CartOfferModel { Text = "Take 10% off until 7/2/2026 <img src=x>", CartUrl = "/cart/?a=1&b=<2>" }
        };

        using var renderer = new RazorViewRenderer();
        var html = await renderer.RenderAsync(PersonalizationViewComponent.ViewPath, model);

        Assert.That(html, Does.Contain("data-widget-zone=\"home_page_top&quot;&gt;&lt;script&gt;\""));
        Assert.That(html, Does.Contain("<div class=\"segmentation-greeting\" role=\"status\">Welcome back, &lt;b&gt;Ann&lt;/b&gt;!</div>"));
        Assert.That(html, Does.Contain("segmentation-loyalty-member\">\n            <p>As a loyal customer you get &lt;i&gt;free&lt;/i&gt; shipping.</p>").Or
            .Contain("segmentation-loyalty-member\">\r\n            <p>As a loyal customer you get &lt;i&gt;free&lt;/i&gt; shipping.</p>"));
        Assert.That(html, Does.Not.Contain("<progress"), "a loyal customer has no bar to fill");
        Assert.That(html, Does.Contain("<link rel=\"stylesheet\" href=\"/Plugins/Misc.Segmentation/Content/personalization.css\" />"),
            "the stylesheet, resolved from the plugin folder");
        Assert.That(html, Does.Contain("<section class=\"segmentation-cart-offer\" aria-label=\"Your cart offer\">"));
        Assert.That(html, Does.Contain("Take 10% off until 7/2/2026 &lt;img src=x&gt;"));
        Assert.That(html, Does.Contain("<a class=\"button-1 segmentation-button\" href=\"/cart/?a=1&amp;b=&lt;2&gt;\">Back to your cart</a>"));
        Assert.That(html, Does.Not.Contain("<script>").And.Not.Contain("<img"));

        // on the cart itself there is no link back to it, and parts left out are not rendered at all
        html = await renderer.RenderAsync(PersonalizationViewComponent.ViewPath, model with
        {
            GreetingHtml = null, Loyalty = null, CartOffer = model.CartOffer with { CartUrl = null }
        });
        Assert.That(html, Does.Not.Contain("segmentation-greeting").And.Not.Contain("segmentation-loyalty").And.Not.Contain("<a "));
        Assert.That(html, Does.Contain("segmentation-cart-offer"));

        // a customer on the way there sees the orders as a bar, named for screen readers
        html = await renderer.RenderAsync(PersonalizationViewComponent.ViewPath, model with
        {
            Loyalty = new LoyaltyModel { Text = "Just 1 more order", OrdersDone = 2, OrdersNeeded = 3, ProgressLabel = "2 of 3 orders <b>" }
        });
        Assert.That(html, Does.Contain("<progress class=\"segmentation-progress\" max=\"3\" value=\"2\" aria-label=\"2 of 3 orders &lt;b&gt;\">2 of 3 orders &lt;b&gt;</progress>"));
    }

    [Test]
    public async Task A_page_that_renders_two_zones_of_a_block_shows_it_once()
    {
        // the default loyalty zones include the order summary and the shipping step, which a theme may render on one page
        _settings.LoyaltyWidgetZones = [Cart, Nop.Web.Framework.Infrastructure.PublicWidgetZones.OpCheckoutShippingMethodTop];
        _current = _anna;
        var request = Factory();
        Assert.That((await request.PrepareAsync(Nop.Web.Framework.Infrastructure.PublicWidgetZones.OpCheckoutShippingMethodTop))?.Loyalty, Is.Not.Null, "the first zone of the page");
        Assert.That((await request.PrepareAsync(Cart))?.Loyalty, Is.Null, "the second zone of the same page");
        Assert.That((await Factory().PrepareAsync(Cart))?.Loyalty, Is.Not.Null, "the next request shows it again");
    }

    [Test]
    public async Task Loyal_customers_are_told_of_their_free_shipping_and_those_one_order_short_of_their_progress()
    {
        Assert.That((await ShowAsync(_anna, Cart))?.Loyalty, Is.EqualTo(new LoyaltyModel { IsLoyal = true, Text = "As a loyal customer you get free shipping." }));
        Assert.That((await ShowAsync(_near, Cart))?.Loyalty,
            Is.EqualTo(new LoyaltyModel
            {
                IsLoyal = false, Text = "Just 1 more order within 90 days and you get free shipping.", OrdersDone = 2, OrdersNeeded = 3, ProgressLabel = "2 of 3 orders"
            }));
        Assert.That((await ShowAsync(_far, Cart))?.Loyalty, Is.Null, "three orders short: further than the owner's progress setting");
        Assert.That((await ShowAsync(_returningGuest, Cart))?.Loyalty, Is.Null, "a guest is not told about member benefits");
        Assert.That((await ShowAsync(_anna, Home))?.Loyalty, Is.Null, "not a loyalty zone");

        _settings.LoyaltyProgressOrders = 3;
        var far = (await ShowAsync(_far, Cart))?.Loyalty;
        Assert.That((far?.Text, far?.OrdersDone, far?.OrdersNeeded), Is.EqualTo(("Just 3 more orders within 90 days and you get free shipping.", 0, 3)));

        // 0: nobody sees progress, by orders or by amount
        (_settings.LoyaltyProgressOrders, _settings.LoyalMinAmount) = (0, 120m);
        Assert.That((await ShowAsync(_near, Cart))?.Loyalty, Is.Null);
        _settings.LoyaltyProgressOrders = 1;
        Assert.That((await ShowAsync(_far, Cart))?.Loyalty?.Text, Is.Null, "120 to go of 120: not close");
        Assert.That((await ShowAsync(_near, Cart))?.Loyalty?.Text, Is.EqualTo("Just 1 more order within 90 days and you get free shipping."));

        // the role lost free shipping: nothing is promised that checkout would not give
        _freeShippingRole.FreeShipping = false;
        Assert.That((await ShowAsync(_anna, Cart))?.Loyalty, Is.Null);
    }

    [Test]
    public async Task Free_shipping_is_announced_to_those_who_hold_the_role_not_to_members_the_role_has_not_reached_yet()
    {
        // Anna is in the loyal segment, but the role was taken from her (the hourly sync has not given it back)
        await _store.Repository<CustomerCustomerRoleMapping>().DeleteAsync(m => m.CustomerId == _anna.Id);
        Assert.That((await ShowAsync(_anna, Cart))?.Loyalty, Is.Null);

        await _store.RoleSync().SyncAsync(await LoyalSegmentAsync());
        Assert.That((await ShowAsync(_anna, Cart))?.Loyalty?.IsLoyal, Is.True);
    }

    [Test]
    public async Task No_offer_is_announced_when_the_owner_switched_its_segment_off_or_the_cart_was_emptied()
    {
        _anna.HasShoppingCartItems = false;
        Assert.That((await ShowAsync(_anna))?.CartOffer, Is.Null, "emptied: the record closes at the next task run");
        _anna.HasShoppingCartItems = true;
        Assert.That((await ShowAsync(_anna))?.CartOffer, Is.Not.Null);

        var segment = await _store.Repository<Segment>().Table.FirstOrDefaultAsync(s => s.SystemName == BuiltInSegmentService.AbandonedCartSystemName);
        segment.Active = false;
        await _store.Repository<Segment>().UpdateAsync(segment);
        await _store.MembershipService().ClearAllAsync();

        Assert.That((await ShowAsync(_anna))?.CartOffer, Is.Null, "the discount requires the segment, which no longer counts");
        var requirements = _store.RequirementService(Customers().Object, _clock);
        Assert.That(await requirements.SaveAsync(301, [segment.Id], SegmentMatch.Any, RequirementAudience.Everyone), Is.Null);
        Assert.That((await requirements.CheckAsync(new DiscountRequirementValidationRequest
        {
            DiscountRequirementId = 301, Customer = _anna, Store = new Store { Id = 1 }
        })).IsValid, Is.False);
    }

    [Test]
    public async Task A_shipping_discount_is_announced_only_while_nopCommerce_would_apply_it()
    {
        (_settings.LoyaltyFreeShippingRoleId, _settings.LoyaltyShippingDiscountId) = (0, ShippingDiscountId);
        Assert.That((await ShowAsync(_anna, Cart))?.Loyalty?.Text, Is.EqualTo("As a loyal customer you get $5.00 off shipping."));

        _discounts[ShippingDiscountId].UsePercentage = true;
        _discounts[ShippingDiscountId].DiscountPercentage = 50;
        Assert.That((await ShowAsync(_near, Cart))?.Loyalty?.Text, Is.EqualTo("Just 1 more order within 90 days and you get 50% off shipping."));

        _discounts[ShippingDiscountId].EndDateUtc = Now.AddMinutes(-1);
        Assert.That((await ShowAsync(_anna, Cart))?.Loyalty, Is.Null, "ended");
        _discounts[ShippingDiscountId].EndDateUtc = null;
        _discounts[ShippingDiscountId].IsActive = false;
        Assert.That((await ShowAsync(_anna, Cart))?.Loyalty, Is.Null, "switched off");
        _discounts.Remove(ShippingDiscountId);
        Assert.That((await ShowAsync(_anna, Cart))?.Loyalty, Is.Null, "deleted");
    }

    [Test]
    public async Task A_cart_offer_is_shown_to_its_own_customer_until_it_expires_or_is_used()
    {
        var offer = (await ShowAsync(_anna))?.CartOffer;
        Assert.That(offer, Is.Not.Null);
        Assert.That(offer.Text, Does.StartWith("Your cart is still waiting: take 10% off your order until ").And.Contain("2026"));
        Assert.That(offer.CartUrl, Is.EqualTo("/cart/"));
        Assert.That((await ShowAsync(_anna, Cart))?.CartOffer?.CartUrl, Is.Null, "on the cart page itself");
        Assert.That((await ShowAsync(_guestWithOffer))?.CartOffer, Is.Not.Null, "a returning guest sees their offer");

        Assert.That((await ShowAsync(_expired))?.CartOffer, Is.Null, "expired");
        Assert.That((await ShowAsync(_recovered))?.CartOffer, Is.Null, "used by an order");
        Assert.That((await ShowAsync(_near))?.CartOffer, Is.Null, "someone else's");

        // the record decides, not the ten-minute task: a minute after expiry the widget is gone
        _clock.UtcNow = Now.AddDays(2).AddMinutes(1);
        Assert.That((await ShowAsync(_anna))?.CartOffer, Is.Null);

        // without the discount to give, no offer is announced
        _clock.UtcNow = Now;
        _discounts.Remove(CartOfferDiscountId);
        Assert.That((await ShowAsync(_anna))?.CartOffer, Is.Null);
    }

    [Test]
    public async Task The_offer_discount_is_valid_for_its_customer_once_and_until_expiry_whatever_the_segment_still_says()
    {
        var requirements = _store.RequirementService(Customers().Object, _clock);
        Assert.That(await requirements.SaveAsync(300, [await SegmentIdAsync(BuiltInSegmentService.AbandonedCartSystemName)], SegmentMatch.Any,
            RequirementAudience.Everyone), Is.Null);
        async Task<bool> ValidAsync(Customer customer) => (await requirements.CheckAsync(new DiscountRequirementValidationRequest
        {
            DiscountRequirementId = 300, Customer = customer, Store = new Store { Id = 1 }
        })).IsValid;

        Assert.That(await ValidAsync(_anna), Is.True);
        Assert.That(await ValidAsync(_guestWithOffer), Is.True, "guests too: the plugin's record limits the use, not nopCommerce's per-customer limit");
        Assert.That(await ValidAsync(_near), Is.False, "another customer");
        Assert.That(await ValidAsync(_expired), Is.False);
        Assert.That(await ValidAsync(_recovered), Is.False);
        Assert.That((await requirements.CheckAsync(new DiscountRequirementValidationRequest
        {
            DiscountRequirementId = 300, Customer = _anna, Store = new Store { Id = 2 }
        })).IsValid, Is.False, "the offer is for the cart in its own store");

        // still a member of the segment (no task ran), but the offer has expired
        _clock.UtcNow = Now.AddDays(2).AddSeconds(1);
        Assert.That(await ValidAsync(_anna), Is.False);

        // used: the order that recovers the cart closes the offer, and the event drops the cached state
        _clock.UtcNow = Now;
        var order = await _store.AddOrderAsync(_guestWithOffer, 1, Now, 70m);
        await _store.AdminMenuEventConsumer(_clock).HandleEventAsync(new OrderPlacedEvent(order));
        Assert.That(await ValidAsync(_guestWithOffer), Is.False);
        var record = await _store.Repository<AbandonedCart>().Table.FirstOrDefaultAsync(a => a.CustomerId == _guestWithOffer.Id);
        Assert.That((record.Status, record.RecoveredOrderId, record.RecoveredAmount), Is.EqualTo((AbandonedCartStatus.Recovered, order.Id, 70m)));
    }

    [Test]
    public async Task A_page_view_costs_no_query_for_a_customer_whose_state_is_cached_and_none_for_a_guest_without_a_cart()
    {
        Assert.That(await _store.Greetings().SaveAsync(GreetingAudience.SignedIn, await SegmentIdAsync("vip"), 0, 0, "Our VIP %Customer.FirstName%"), Is.Null);
        // the first views fill the caches (the store-wide greeting list and the built-in ids, then Anna's own entries)
        foreach (var zone in new[] { Home, Cart })
            Assert.That(await ShowAsync(_anna, zone), Is.Not.Null);

        var statements = new List<string>();
        var traced = _store.Database.Options(info =>
        {
            if (info.TraceInfoStep == LinqToDB.Data.TraceInfoStep.BeforeExecute)
                statements.Add(info.SqlText);
        });

        _current = _anna;
        var home = await Factory(traced).PrepareAsync(Home);
        var cart = await Factory(traced).PrepareAsync(Cart);
        Assert.That((home.GreetingHtml, home.CartOffer != null, cart.Loyalty?.IsLoyal), Is.EqualTo(("Our VIP Anna", true, true)));
        Assert.That(statements, Is.Empty, "Anna, cached");

        foreach (var guest in new[] { _newGuest, _returningGuest })
        {
            _current = guest;
            await Factory(traced).PrepareAsync(Home);
            await Factory(traced).PrepareAsync(Cart);
        }
        Assert.That(statements, Is.Empty, "guests without a cart, never seen before");

        // the control: a customer not cached yet is read from the database, once
        _current = _near;
        await Factory(traced).PrepareAsync(Cart);
        var cold = statements.Count;
        await Factory(traced).PrepareAsync(Cart);
        Assert.That((cold, statements.Count), Is.EqualTo((3, 3)), string.Join("\n", statements));
    }

    [Test]
    public async Task An_event_or_the_task_that_changes_a_customers_figures_drops_their_cached_state()
    {
        Assert.That((await ShowAsync(_near, Cart))?.Loyalty?.IsLoyal, Is.False);

        // the third order arrives through the order event: Nils is loyal on the next page
        var product = await _store.AddProductAsync(10);
        for (var i = 0; i < 3; i++)
            await _store.AddOrderAsync(_near, 1, Now.AddDays(-i), 40m, (product, 1));
        await _store.AdminMenuEventConsumer(_clock).HandleEventAsync(new OrderPlacedEvent(await _store.Repository<Order>().Table.FirstOrDefaultAsync(o => o.CustomerId == _near.Id)));
        Assert.That((await ShowAsync(_near, Cart))?.Loyalty, Is.Null, "in the segment at once, but free shipping comes with the role");
        await _store.RoleSync().SyncAsync(await LoyalSegmentAsync());
        Assert.That((await ShowAsync(_near, Cart))?.Loyalty?.IsLoyal, Is.True);

        // an idle cart found by the task gives Fay an offer on her next page
        Assert.That((await ShowAsync(_far))?.CartOffer, Is.Null);
        await _store.AddCartItemAsync(_far, 1, product, 1, Now.AddHours(-10));
        _far.HasShoppingCartItems = true; // what nopCommerce's cart service sets
        await _store.AdminMenuEventConsumer(_clock).HandleEventAsync(new Nop.Core.Events.EntityInsertedEvent<ShoppingCartItem>(
            await _store.Repository<ShoppingCartItem>().Table.FirstOrDefaultAsync(i => i.CustomerId == _far.Id)));
        await _store.AbandonedCartTask(Now, _settings).ExecuteAsync();
        Assert.That((await ShowAsync(_far))?.CartOffer, Is.Not.Null);
    }

    [Test]
    public async Task Zones_come_from_the_settings_and_a_zone_of_no_widget_shows_nothing()
    {
        Assert.That(PersonalizationModelFactory.ZonesOf(new SegmentationSettings()), Is.EquivalentTo(new[]
        {
            "home_page_top", "order_summary_content_before", "checkout_shipping_method_top", "op_checkout_shipping_method_top"
        }));
        Assert.That(await ShowAsync(_anna, "footer"), Is.Null);

        _settings.GreetingWidgetZones = ["header_after"];
        _settings.CartOfferWidgetZones = [];
        Assert.That(await ShowAsync(_anna, Home), Is.Null);
        Assert.That((await ShowAsync(_anna, "header_after"))?.GreetingHtml, Is.EqualTo("Welcome back, Anna!"));
        Assert.That(PersonalizationModelFactory.ZonesOf(_settings), Is.EquivalentTo(new[]
        {
            "header_after", "order_summary_content_before", "checkout_shipping_method_top", "op_checkout_shipping_method_top"
        }));
    }

    [Test]
    public async Task The_plugin_offers_its_zones_to_nopCommerce_and_its_component_renders_the_view_or_nothing()
    {
        var plugin = new PluginServices().CreatePlugin();
        // the storefront zones of the settings, and the admin zones of the plugin's own blocks (Analytics/AdminWidgetZoneTests)
        Assert.That(await plugin.GetWidgetZonesAsync(), Is.EquivalentTo(PersonalizationModelFactory.ZonesOf(new SegmentationSettings())
            .Concat(SegmentationPlugin.AdminWidgetZoneComponents.Keys)));
        Assert.That(plugin.GetWidgetViewComponent(Home), Is.EqualTo(typeof(PersonalizationViewComponent)));

        _current = _anna;
        var shown = await new PersonalizationViewComponent(Factory()).InvokeAsync(Home, null);
        var view = shown as Microsoft.AspNetCore.Mvc.ViewComponents.ViewViewComponentResult;
        Assert.That(view?.ViewName, Is.EqualTo("~/Plugins/Misc.Segmentation/Views/Components/Personalization.cshtml"));
        Assert.That(((PersonalizationModel)view!.ViewData!.Model!).GreetingHtml, Is.EqualTo("Welcome back, Anna!"));

        var nothing = await new PersonalizationViewComponent(Factory()).InvokeAsync("footer", null);
        Assert.That((nothing as Microsoft.AspNetCore.Mvc.ViewComponents.ContentViewComponentResult)?.Content, Is.Empty);
    }

    [Test]
    public async Task A_segment_evaluation_drops_the_cache_of_the_customers_who_moved_and_keeps_everyone_elses()
    {
        foreach (var customer in new[] { _anna, _guestWithOffer })
            await ShowAsync(customer, Cart);
        string Key(Customer c) => $"Nop.plugins.misc.segmentation.customersegments.{c.Id}";
        string StateKey(Customer c) => $"Nop.plugins.misc.segmentation.customersegments.state.{c.Id}";
        Assume.That(_store.Cache.Entries.Keys, Does.Contain(Key(_anna)).And.Contain(StateKey(_guestWithOffer)));

        // the guest's offer expires; the ten-minute run re-evaluates the segment and only the guest leaves it
        var segment = await _store.Repository<Segment>().Table.FirstOrDefaultAsync(s => s.SystemName == BuiltInSegmentService.AbandonedCartSystemName);
        var change = await _store.SegmentService().EvaluateAsync(segment, Now.AddDays(1).AddMinutes(1));

        Assert.That(change, Is.EqualTo(new SegmentChange(0, 1)));
        Assert.That(_store.Cache.Entries.Keys, Does.Contain(Key(_anna)).And.Contain(StateKey(_anna)));
        Assert.That(_store.Cache.Entries.Keys, Does.Not.Contain(Key(_guestWithOffer)).And.Not.Contain(StateKey(_guestWithOffer)));
    }
}
