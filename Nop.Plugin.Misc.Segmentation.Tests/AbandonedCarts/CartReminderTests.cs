using System.Globalization;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.Orders;
using Nop.Core.Events;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.AbandonedCarts;
using Nop.Plugin.Misc.Segmentation.Services.Events;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Plugin.Misc.Segmentation.Tests.Fakes;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using Nop.Services.Messages;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.AbandonedCarts;

/// <summary>
/// Abandoned-cart reminder e-mails through the task, over a real database: who gets one, what it says, when each
/// reminder of the schedule goes, that none goes twice or after the cart is ordered, emptied or its offer expired,
/// and that a reminder still queued is withdrawn by the order.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class CartReminderTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);
    private const int OfferDiscountId = 9;

    private readonly DatabaseKind _kind;
    private SegmentationSettings _settings;
    private StoreDatabase _store;
    private Product _mug;
    private CustomerRole _registered;

    public CartReminderTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public async Task SetUp()
    {
        _store = StoreDatabase.Create(_kind);
        _settings = new SegmentationSettings
        {
            AbandonedCartIdleHours = 4, CartOfferValidDays = 3, CartReminderHours = [0, 48], CartOfferDiscountId = OfferDiscountId
        };
        _store.Discounts[OfferDiscountId] = new Discount
        {
            Id = OfferDiscountId, IsActive = true, UsePercentage = true, DiscountPercentage = 10, DiscountType = DiscountType.AssignedToOrderSubTotal
        };
        _mug = await AddProductAsync("Blue mug", 25m);
        _registered = new CustomerRole { Name = "Registered", SystemName = NopCustomerDefaults.RegisteredRoleName, Active = true, IsSystemRole = true };
        await _store.Repository<CustomerRole>().InsertAsync(_registered);
        await new BuiltInSegmentService(_store.Repository<Segment>()).EnsureAsync(_settings, Now);
        await InstallTemplateAsync();
    }

    [TearDown]
    public void TearDown() => _store?.Dispose();

    private async Task<Product> AddProductAsync(string name, decimal price)
    {
        var product = new Product { Name = name, Price = price };
        await _store.Repository<Product>().InsertAsync(product);
        return product;
    }

    /// <summary>The template as the plugin installs it.</summary>
    private async Task<MessageTemplate> InstallTemplateAsync()
    {
        var template = new MessageTemplate
        {
            Name = SegmentationDefaults.CartReminderTemplateName, Subject = CartReminderMessageService.DefaultSubject,
            Body = CartReminderMessageService.DefaultBody, IsActive = true, EmailAccountId = FakeMessages.Account.Id
        };
        await _store.Messages.InsertMessageTemplateAsync(template);
        return template;
    }

    /// <summary>An active registered customer with an e-mail address.</summary>
    private async Task<Customer> MemberAsync(string firstName, string lastName = "Berg", Action<Customer> set = null)
    {
        var customer = await _store.AddCustomerAsync(c =>
        {
            (c.FirstName, c.LastName, c.Email, c.Username, c.Active) = (firstName, lastName, $"{Guid.NewGuid():N}@example.test", null, true);
            set?.Invoke(c);
        });
        await _store.Repository<CustomerCustomerRoleMapping>().InsertAsync(new CustomerCustomerRoleMapping { CustomerId = customer.Id, CustomerRoleId = _registered.Id });
        return customer;
    }

    /// <summary>Puts items in the customer's cart in store 1 at <paramref name="touched"/>, as the cart events leave it.</summary>
    private Task FillCartAsync(Customer customer, DateTime touched, params (Product Product, int Quantity)[] lines) =>
        FillCartAsync(customer, 1, touched, lines);

    private async Task FillCartAsync(Customer customer, int storeId, DateTime touched, params (Product Product, int Quantity)[] lines)
    {
        foreach (var (product, quantity) in lines)
        {
            var item = await _store.AddCartItemAsync(customer, storeId, product, quantity, touched);
            await _store.AdminMenuEventConsumer(new ManualClock(touched)).HandleEventAsync(new EntityInsertedEvent<ShoppingCartItem>(item));
        }
    }

    private Task RunTaskAsync(DateTime nowUtc) => _store.AbandonedCartTask(nowUtc, _settings).ExecuteAsync();

    private List<QueuedMessage> MessagesTo(Customer customer) => _store.Messages.Queue.Where(m => m.To == customer.Email).ToList();

    private async Task<List<CartReminder>> RemindersAsync() =>
        (await _store.Repository<CartReminder>().Table.ToListAsync()).OrderBy(r => r.Id).ToList();

    [Test]
    public async Task The_first_reminder_tells_a_registered_customer_their_cart_lines_offer_expiry_and_the_way_back()
    {
        var anna = await MemberAsync("Anna");
        var tea = await AddProductAsync("Green tea", 4.5m);
        await FillCartAsync(anna, Now.AddHours(-5), (_mug, 2), (tea, 3));
        _store.CustomerTimeZone = TimeZoneInfo.CreateCustomTimeZone("Test+3", TimeSpan.FromHours(3), "Test+3", "Test+3");

        await RunTaskAsync(Now);

        var message = MessagesTo(anna).Single();
        Assert.That((message.TemplateName, message.ToName, message.LanguageId), Is.EqualTo((SegmentationDefaults.CartReminderTemplateName, "Anna Berg", 1)));
        Assert.That(message.Subject, Is.EqualTo("Main store: your cart is waiting"));
        Assert.That(message.Body, Does.Contain("<p>Hello Anna Berg,</p>"));
        Assert.That(message.Body, Does.Contain("<table class=\"abandoned-cart-items\" style=\"border-collapse:collapse\">"
            + "<tr><td style=\"padding:4px 12px 4px 0\">Blue mug</td><td style=\"padding:4px 0;text-align:right\">&times;&nbsp;2</td></tr>"
            + "<tr><td style=\"padding:4px 12px 4px 0\">Green tea</td><td style=\"padding:4px 0;text-align:right\">&times;&nbsp;3</td></tr></table>"));
        // 2 × 25 + 3 × 4.50, in the primary currency
        Assert.That(message.Body, Does.Contain("<p>Cart value: 63.50 EUR</p>"));
        // detected now, valid three days: 3 July 12:00 UTC is 15:00 for a customer at UTC+3
        var expires = new DateTime(2026, 7, 3, 15, 0, 0).ToString("g", CultureInfo.GetCultureInfo("en-US"));
        Assert.That(message.Body, Does.Contain($"Complete your order before {expires} and take <strong>10%</strong> off"));
        Assert.That(message.Body, Does.Contain("<a href=\"https://shop.example/cart\">Return to your cart</a>")
            .And.Contain("<a href=\"https://shop.example/login?returnUrl=%2Fcart\">Sign in</a>"));
        Assert.That((message.Token("AbandonedCart.ItemCount"), message.Token("AbandonedCart.ReminderNumber")), Is.EqualTo((5, 1)));

        var reminder = (await RemindersAsync()).Single();
        Assert.That((reminder.CustomerId, reminder.ReminderNumber, reminder.SentOnUtc, reminder.QueuedEmailId), Is.EqualTo((anna.Id, 1, Now, message.Id)));
        // nopCommerce's hook for other plugins' tokens is raised with the template and the same token list
        var published = _store.PublishedEvents.OfType<MessageTokensAddedEvent>().Single();
        Assert.That((published.Message.Name, published.Tokens), Is.EqualTo((SegmentationDefaults.CartReminderTemplateName, message.Tokens)));
    }

    [Test]
    public async Task Only_active_registered_customers_with_an_address_are_reminded()
    {
        var anna = await MemberAsync("Anna");
        var guest = await _store.AddCustomerAsync(c => c.Active = true);
        var unregistered = await _store.AddCustomerAsync(c => (c.Email, c.Active) = ("walk-in@example.test", true));
        var inactive = await MemberAsync("Ines", set: c => c.Active = false);
        var deleted = await MemberAsync("Dora", set: c => c.Deleted = true);
        var noAddress = await MemberAsync("Nora", set: c => c.Email = "");
        foreach (var customer in new[] { anna, guest, unregistered, inactive, deleted, noAddress })
            await FillCartAsync(customer, Now.AddHours(-5), (_mug, 1));

        await RunTaskAsync(Now);

        Assert.That(_store.Messages.Queue.Select(m => m.To), Is.EqualTo(new[] { anna.Email }));
        Assert.That((await RemindersAsync()).Select(r => r.CustomerId), Is.EqualTo(new[] { anna.Id }));
        // the guest still has an offer, which the widget shows when they come back
        var guestOffer = await _store.Repository<AbandonedCart>().Table.FirstOrDefaultAsync(a => a.CustomerId == guest.Id);
        Assert.That(guestOffer?.Status, Is.EqualTo(AbandonedCartStatus.Open));
    }

    [Test]
    public async Task Names_are_html_encoded_while_the_plugins_own_markup_is_kept()
    {
        var hostile = await MemberAsync("<script>alert('x')</script>", "\" onmouseover=\"steal()");
        var product = await AddProductAsync("<img src=x onerror=steal()> & co", 10m);
        await FillCartAsync(hostile, Now.AddHours(-5), (product, 1));

        await RunTaskAsync(Now);

        var body = MessagesTo(hostile).Single().Body;
        Assert.That(body, Does.Not.Contain("<script>").And.Not.Contain("<img").And.Not.Contain("\" onmouseover"));
        Assert.That(body, Does.Contain("Hello &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot; onmouseover=&quot;steal()"));
        Assert.That(body, Does.Contain("<td style=\"padding:4px 12px 4px 0\">&lt;img src=x onerror=steal()&gt; &amp; co</td>"));
    }

    [Test]
    public async Task A_customer_gets_the_reminder_in_their_language_with_localized_product_names()
    {
        var olga = await MemberAsync("Ольга", "Иванова", c => c.LanguageId = FakeLanguageService.Russian.Id);
        await FillCartAsync(olga, Now.AddHours(-5), (_mug, 1));
        _store.Localization.LocalizedProperties[(nameof(Product), _mug.Id, nameof(Product.Name), FakeLanguageService.Russian.Id)] = "Синяя кружка";
        var template = (await _store.Messages.GetMessageTemplatesByNameAsync(SegmentationDefaults.CartReminderTemplateName)).Single();
        _store.Messages.LocalizedTexts[(template.Id, FakeLanguageService.Russian.Id)] = ("%Store.Name%: ваша корзина ждёт", "%AbandonedCart.Items% %AbandonedCart.Offer% до %AbandonedCart.OfferExpiresOn%");

        await RunTaskAsync(Now);

        var message = MessagesTo(olga).Single();
        Assert.That((message.LanguageId, message.Subject), Is.EqualTo((FakeLanguageService.Russian.Id, "Main store: ваша корзина ждёт")));
        var expires = new DateTime(2026, 7, 3, 12, 0, 0).ToString("g", CultureInfo.GetCultureInfo("ru-RU"));
        Assert.That(message.Body, Does.Contain(">Синяя кружка</td>").And.EndWith($" 10% до {expires}"));
    }

    [Test]
    public async Task Amounts_are_in_the_customer_s_currency_unless_it_is_no_longer_offered()
    {
        var sven = await MemberAsync("Sven", set: c => c.CurrencyId = StoreDatabase.Krona.Id);
        var una = await MemberAsync("Una", set: c => c.CurrencyId = StoreDatabase.Unpublished.Id);
        _store.Discounts[OfferDiscountId] = new Discount { Id = OfferDiscountId, IsActive = true, UsePercentage = false, DiscountAmount = 5m };
        await FillCartAsync(sven, Now.AddHours(-5), (_mug, 2));
        await FillCartAsync(una, Now.AddHours(-5), (_mug, 2));

        await RunTaskAsync(Now);

        // 2 × 25 EUR and 5 EUR off, at ten crowns to the euro
        Assert.That((MessagesTo(sven).Single().Token("AbandonedCart.Value"), MessagesTo(sven).Single().Token("AbandonedCart.Offer")),
            Is.EqualTo(("500.00 SEK", "50.00 SEK")));
        Assert.That((MessagesTo(una).Single().Token("AbandonedCart.Value"), MessagesTo(una).Single().Token("AbandonedCart.Offer")),
            Is.EqualTo(("50.00 EUR", "5.00 EUR")));
    }

    [Test]
    public async Task A_copy_of_the_template_limited_to_the_store_is_used_there_instead_of_the_one_for_all_stores()
    {
        var storeOne = new MessageTemplate
        {
            Name = SegmentationDefaults.CartReminderTemplateName, Subject = "Main store only", Body = "%AbandonedCart.Items%", IsActive = true, LimitedToStores = true
        };
        var storeTwo = new MessageTemplate
        {
            Name = SegmentationDefaults.CartReminderTemplateName, Subject = "Outlet only", Body = "%AbandonedCart.Items%", IsActive = true, LimitedToStores = true
        };
        await _store.Messages.InsertMessageTemplateAsync(storeOne);
        await _store.Messages.InsertMessageTemplateAsync(storeTwo);
        (_store.Messages.StoreMappings[storeOne.Id], _store.Messages.StoreMappings[storeTwo.Id]) = ([1], [2]);
        var anna = await MemberAsync("Anna");
        var otto = await MemberAsync("Otto");
        await FillCartAsync(anna, Now.AddHours(-5), (_mug, 1));
        await FillCartAsync(otto, 2, Now.AddHours(-5), (_mug, 1));

        await RunTaskAsync(Now);

        Assert.That(MessagesTo(anna).Select(m => m.Subject), Is.EqualTo(new[] { "Main store only" }));
        // the outlet's own copy, and its own address (kept without a trailing slash there)
        var outlet = MessagesTo(otto).Single();
        Assert.That((outlet.Subject, outlet.Token("AbandonedCart.URL"), outlet.Token("Store.Name")),
            Is.EqualTo(("Outlet only", "https://outlet.example/cart", "Outlet")));
    }

    [Test]
    public async Task A_reminder_that_cannot_be_queued_is_logged_not_used_up_and_does_not_stop_the_others()
    {
        var olga = await MemberAsync("Ольга", "Иванова", c => c.LanguageId = FakeLanguageService.Russian.Id);
        var anna = await MemberAsync("Anna");
        await FillCartAsync(olga, Now.AddHours(-5), (_mug, 1));
        await FillCartAsync(anna, Now.AddHours(-5), (_mug, 1));
        // the owner left the Russian subject empty: nopCommerce's tokenizer refuses a blank text
        var template = (await _store.Messages.GetMessageTemplatesByNameAsync(SegmentationDefaults.CartReminderTemplateName)).Single();
        _store.Messages.LocalizedTexts[(template.Id, FakeLanguageService.Russian.Id)] = (" ", "%AbandonedCart.Items%");

        await RunTaskAsync(Now);

        Assert.That(_store.Messages.Queue.Select(m => m.To), Is.EqualTo(new[] { anna.Email }));
        Assert.That((await RemindersAsync()).Select(r => r.CustomerId), Is.EqualTo(new[] { anna.Id }));
        Assert.That(_store.LoggedErrors.Single(), Does.StartWith("Customer segmentation: reminder 1 of abandoned cart"));

        _store.Messages.LocalizedTexts[(template.Id, FakeLanguageService.Russian.Id)] = ("Ваша корзина ждёт", "%AbandonedCart.Items%");
        await RunTaskAsync(Now.AddMinutes(10));
        Assert.That(MessagesTo(olga).Select(m => m.Subject), Is.EqualTo(new[] { "Ваша корзина ждёт" }));
    }

    [Test]
    public async Task An_order_placed_while_the_reminder_is_being_queued_withdraws_it()
    {
        var anna = await MemberAsync("Anna");
        await FillCartAsync(anna, Now.AddHours(-5), (_mug, 1));
        _store.Messages.WhileQueueing = async () =>
        {
            _store.Messages.WhileQueueing = null;
            var order = await _store.AddOrderAsync(anna, 1, Now, 25m, (_mug, 1));
            await _store.Repository<ShoppingCartItem>().DeleteAsync(i => i.CustomerId == anna.Id);
            await _store.AdminMenuEventConsumer(new ManualClock(Now)).HandleEventAsync(new OrderPlacedEvent(order));
        };

        await RunTaskAsync(Now);

        Assert.That(_store.Messages.Queue, Is.Empty);
        Assert.That((await _store.Repository<AbandonedCart>().Table.FirstOrDefaultAsync(a => a.CustomerId == anna.Id)).Status,
            Is.EqualTo(AbandonedCartStatus.Recovered));
    }

    [Test]
    public async Task Each_reminder_of_the_schedule_goes_once_when_its_hour_comes()
    {
        var anna = await MemberAsync("Anna");
        await FillCartAsync(anna, Now.AddHours(-5), (_mug, 2));

        foreach (var (hours, expected) in new[] { (0.0, 1), (0.2, 1), (47.9, 1), (48.0, 2), (48.2, 2), (60.0, 2) })
        {
            await RunTaskAsync(Now.AddHours(hours));
            Assert.That(MessagesTo(anna), Has.Count.EqualTo(expected), $"after {hours} h");
        }

        Assert.That(MessagesTo(anna).Select(m => m.Token("AbandonedCart.ReminderNumber")), Is.EqualTo(new[] { 1, 2 }));
        Assert.That((await RemindersAsync()).Select(r => (r.ReminderNumber, r.SentOnUtc)), Is.EqualTo(new[] { (1, Now), (2, Now.AddHours(48)) }));
    }

    [Test]
    public async Task Carts_waiting_for_a_later_reminder_do_not_take_the_place_of_due_ones_in_a_run()
    {
        var early = await MemberAsync("Ella");
        await FillCartAsync(early, Now.AddHours(-5), (_mug, 1));
        await RunTaskAsync(Now);
        var late = await MemberAsync("Lars");
        await FillCartAsync(late, Now.AddHours(-4), (_mug, 1));
        await _store.AbandonedCarts().DetectAsync(_settings, Now.AddHours(1));
        Assume.That(MessagesTo(early), Has.Count.EqualTo(1));

        // one reminder a run: Ella's cart comes first by id but waits for hour 48; Lars's first reminder is due
        var sent = await _store.CartReminders().SendDueAsync(_settings, Now.AddHours(1), maxPerRun: 1);

        Assert.That((sent, MessagesTo(late).Count, MessagesTo(early).Count), Is.EqualTo((1, 1, 1)));
    }

    [Test]
    public async Task Reminders_missed_while_the_task_was_stopped_are_not_sent_in_a_burst()
    {
        var anna = await MemberAsync("Anna");
        await FillCartAsync(anna, Now.AddHours(-5), (_mug, 1));
        _settings.CartReminderHours = [];
        await RunTaskAsync(Now);
        Assume.That(_store.Messages.Queue, Is.Empty);

        _settings.CartReminderHours = [0, 24, 48];
        await RunTaskAsync(Now.AddHours(50));

        Assert.That(MessagesTo(anna).Select(m => m.Token("AbandonedCart.ReminderNumber")), Is.EqualTo(new[] { 3 }));
        await RunTaskAsync(Now.AddHours(51));
        Assert.That(MessagesTo(anna), Has.Count.EqualTo(1), "nothing is left to send");
    }

    [TestCase(new[] { 0, 48 }, 0, 0, ExpectedResult = 1)]
    [TestCase(new[] { 0, 48 }, 47, 1, ExpectedResult = 0)]
    [TestCase(new[] { 0, 48 }, 48, 1, ExpectedResult = 2)]
    [TestCase(new[] { 0, 48 }, 90, 2, ExpectedResult = 0)]
    [TestCase(new[] { 2, 24, 48 }, 1, 0, ExpectedResult = 0)]
    [TestCase(new[] { 2, 24, 48 }, 30, 0, ExpectedResult = 2)]
    [TestCase(new int[0], 30, 0, ExpectedResult = 0)]
    public int The_due_reminder_is_the_latest_that_has_come_and_was_not_sent(int[] schedule, int hoursSinceDetection, int lastSent) =>
        CartReminderService.DueReminder(schedule, Now, lastSent, Now.AddHours(hoursSinceDetection));

    [Test]
    public async Task No_reminder_goes_once_the_cart_is_ordered_emptied_or_its_offer_has_expired_or_while_the_customer_shops()
    {
        _settings.CartReminderHours = [0, 71];
        var ordering = await MemberAsync("Olle");
        var emptying = await MemberAsync("Emma");
        var expiring = await MemberAsync("Edda");
        var shopping = await MemberAsync("Sven");
        foreach (var customer in new[] { ordering, emptying, expiring, shopping })
            await FillCartAsync(customer, Now.AddHours(-5), (_mug, 1));
        await RunTaskAsync(Now);
        Assume.That(_store.Messages.Queue, Has.Count.EqualTo(4));
        // the first reminders went out
        foreach (var message in _store.Messages.Queue)
            message.SentOnUtc = Now.AddMinutes(1);

        // placing the order empties the cart, then raises the event
        var order = await _store.AddOrderAsync(ordering, 1, Now.AddHours(1), 25m, (_mug, 1));
        await _store.Repository<ShoppingCartItem>().DeleteAsync(i => i.CustomerId == ordering.Id);
        await _store.AdminMenuEventConsumer(new ManualClock(Now.AddHours(1))).HandleEventAsync(new OrderPlacedEvent(order));
        var item = await _store.Repository<ShoppingCartItem>().Table.FirstOrDefaultAsync(i => i.CustomerId == emptying.Id);
        await _store.Repository<ShoppingCartItem>().DeleteAsync(item);
        await _store.AdminMenuEventConsumer(new ManualClock(Now.AddHours(1))).HandleEventAsync(new EntityDeletedEvent<ShoppingCartItem>(item));
        // Sven puts in another item an hour before the second reminder is due
        await FillCartAsync(shopping, Now.AddHours(70), (_mug, 1));

        await RunTaskAsync(Now.AddHours(71));
        Assert.That(_store.Messages.Queue.Where(m => m.Token("AbandonedCart.ReminderNumber") is 2).Select(m => m.To), Is.EqualTo(new[] { expiring.Email }),
            "only the customer whose cart is still left alone and whose offer runs until hour 72");

        await RunTaskAsync(Now.AddHours(75));
        Assert.That(MessagesTo(shopping), Has.Count.EqualTo(1), "Sven's cart is idle again, but his offer expired at hour 72");
        Assert.That(_store.Messages.Queue.Select(m => (m.To, m.Token("AbandonedCart.ReminderNumber"))),
            Is.EquivalentTo(new (string, object)[] { (ordering.Email, 1), (emptying.Email, 1), (expiring.Email, 1), (shopping.Email, 1), (expiring.Email, 2) }));
    }

    [Test]
    public async Task A_reminder_still_in_the_queue_is_withdrawn_when_the_cart_is_ordered_and_a_sent_one_is_kept()
    {
        var waiting = await MemberAsync("Wilma");
        var sent = await MemberAsync("Sara");
        await FillCartAsync(waiting, Now.AddHours(-5), (_mug, 1));
        await FillCartAsync(sent, Now.AddHours(-5), (_mug, 1));
        await RunTaskAsync(Now);
        MessagesTo(sent).Single().SentOnUtc = Now.AddMinutes(1);

        foreach (var customer in new[] { waiting, sent })
        {
            var order = await _store.AddOrderAsync(customer, 1, Now.AddMinutes(30), 25m, (_mug, 1));
            await _store.AdminMenuEventConsumer(new ManualClock(Now.AddMinutes(30))).HandleEventAsync(new OrderPlacedEvent(order));
        }

        Assert.That(_store.Messages.Queue.Select(m => m.To), Is.EqualTo(new[] { sent.Email }));
        var records = await _store.Repository<AbandonedCart>().Table.ToListAsync();
        Assert.That(records.Select(r => r.Status), Is.All.EqualTo(AbandonedCartStatus.Recovered));
    }

    [Test]
    public async Task A_reminder_queued_for_a_cart_that_the_task_finds_emptied_is_withdrawn()
    {
        var emma = await MemberAsync("Emma");
        await FillCartAsync(emma, Now.AddHours(-5), (_mug, 1));
        await RunTaskAsync(Now);
        Assume.That(MessagesTo(emma), Has.Count.EqualTo(1));

        // emptied without an event the plugin hears (a bulk delete): the next run finds the profile's cart empty after a rebuild
        await _store.Repository<ShoppingCartItem>().DeleteAsync(i => i.CustomerId == emma.Id);
        await _store.ProfileService(_settings).RefreshCustomerAsync(emma.Id, Now.AddMinutes(5));
        await RunTaskAsync(Now.AddMinutes(10));

        Assert.That(MessagesTo(emma), Is.Empty);
        Assert.That((await _store.Repository<AbandonedCart>().Table.FirstOrDefaultAsync(a => a.CustomerId == emma.Id)).Status, Is.EqualTo(AbandonedCartStatus.Emptied));
    }

    [Test]
    public async Task With_the_template_switched_off_nothing_is_sent_or_used_up_and_switching_it_on_sends_the_reminder()
    {
        var anna = await MemberAsync("Anna");
        await FillCartAsync(anna, Now.AddHours(-5), (_mug, 1));
        var template = (await _store.Messages.GetMessageTemplatesByNameAsync(SegmentationDefaults.CartReminderTemplateName)).Single();
        template.IsActive = false;

        await RunTaskAsync(Now);
        Assert.That((_store.Messages.Queue.Count, (await RemindersAsync()).Count), Is.EqualTo((0, 0)));

        template.IsActive = true;
        await RunTaskAsync(Now.AddMinutes(10));
        Assert.That(MessagesTo(anna), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task The_offer_is_not_promised_when_checkout_would_not_give_it()
    {
        var anna = await MemberAsync("Anna");
        await FillCartAsync(anna, Now.AddHours(-5), (_mug, 1));
        _store.Discounts[OfferDiscountId].EndDateUtc = Now.AddHours(-1);

        await RunTaskAsync(Now);

        var message = MessagesTo(anna).Single();
        Assert.That(message.Token("AbandonedCart.HasOffer"), Is.False);
        Assert.That(message.Body, Does.Not.Contain("Complete your order before").And.Contain("Return to your cart"));
    }

    [Test]
    public async Task Of_two_nodes_sending_at_once_one_sends_each_reminder()
    {
        var anna = await MemberAsync("Anna");
        await FillCartAsync(anna, Now.AddHours(-5), (_mug, 1));
        await _store.AbandonedCarts().DetectAsync(_settings, Now);

        for (var round = 0; round < 5; round++)
        {
            await _store.Repository<CartReminder>().DeleteAsync(r => true);
            _store.Messages.Queue.Clear();
            var sent = await Task.WhenAll(Task.Run(() => _store.CartReminders().SendDueAsync(_settings, Now)),
                Task.Run(() => _store.CartReminders().SendDueAsync(_settings, Now)));

            Assert.That((sent.Sum(), _store.Messages.Queue.Count, (await RemindersAsync()).Count), Is.EqualTo((1, 1, 1)), $"round {round}");
        }
    }

    [Test]
    public async Task A_node_that_loses_the_claim_between_reading_and_writing_sends_nothing()
    {
        var anna = await MemberAsync("Anna");
        await FillCartAsync(anna, Now.AddHours(-5), (_mug, 1));
        await _store.AbandonedCarts().DetectAsync(_settings, Now);
        var record = await _store.Repository<AbandonedCart>().Table.FirstOrDefaultAsync(a => a.CustomerId == anna.Id);
        // the other node's row lands after this node read the candidates and before its own insert
        var racing = new RacingRepository(_store.Repository<CartReminder>(),
            () => _store.Repository<CartReminder>().InsertAsync(new CartReminder { AbandonedCartId = record.Id, ReminderNumber = 1, CustomerId = anna.Id, SentOnUtc = Now }));
        var service = _store.CartReminders(racing);

        Assert.That(await service.SendDueAsync(_settings, Now), Is.Zero);
        Assert.That(_store.Messages.Queue, Is.Empty);
        Assert.That((await RemindersAsync()).Count, Is.EqualTo(1));
    }

    [Test]
    public async Task Deleting_the_customer_withdraws_their_unsent_reminder_and_deletes_its_row()
    {
        var anna = await MemberAsync("Anna");
        var other = await MemberAsync("Otto");
        await FillCartAsync(anna, Now.AddHours(-5), (_mug, 1));
        await FillCartAsync(other, Now.AddHours(-5), (_mug, 1));
        await RunTaskAsync(Now);

        await _store.AdminMenuEventConsumer(new ManualClock(Now.AddHours(1))).HandleEventAsync(new EntityDeletedEvent<Customer>(anna));

        Assert.That(_store.Messages.Queue.Select(m => m.To), Is.EqualTo(new[] { other.Email }));
        Assert.That((await RemindersAsync()).Select(r => r.CustomerId), Is.EqualTo(new[] { other.Id }));
    }

    /// <summary>A repository whose first insert is preceded by another writer's.</summary>
    private sealed class RacingRepository(IRepository<CartReminder> inner, Func<Task> competitor) : IRepository<CartReminder>
    {
        private Func<Task> _competitor = competitor;

        public IQueryable<CartReminder> Table => inner.Table;

        public async Task InsertAsync(CartReminder entity, bool publishEvent = true)
        {
            if (Interlocked.Exchange(ref _competitor, null) is { } first)
                await first();
            await inner.InsertAsync(entity, publishEvent);
        }

        public Task InsertAsync(IList<CartReminder> entities, bool publishEvent = true) => inner.InsertAsync(entities, publishEvent);

        public Task UpdateAsync(CartReminder entity, bool publishEvent = true) => inner.UpdateAsync(entity, publishEvent);

        public Task DeleteAsync(CartReminder entity, bool publishEvent = true) => inner.DeleteAsync(entity, publishEvent);

        public Task<int> DeleteAsync(System.Linq.Expressions.Expression<Func<CartReminder, bool>> predicate) => inner.DeleteAsync(predicate);
    }
}
