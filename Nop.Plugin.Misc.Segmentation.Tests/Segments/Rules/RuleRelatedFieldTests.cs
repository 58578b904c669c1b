using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Directory;
using Nop.Core.Domain.Localization;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Segments.Rules;

/// <summary>
/// Fields outside the profile (customer type, roles, gender, age, country, language, newsletter, purchases, other
/// segments) on three hand-made customers whose answers are worked out by hand, through the database and in memory.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class RuleRelatedFieldTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private readonly Dictionary<string, int> _ids = [];

    public RuleRelatedFieldTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [OneTimeSetUp]
    public async Task CreateCustomers()
    {
        _store = StoreDatabase.Create(_kind);
        var germany = new Country { Name = "Germany", TwoLetterIsoCode = "DE" };
        var austria = new Country { Name = "Austria", TwoLetterIsoCode = "AT" };
        await _store.Repository<Country>().InsertAsync(germany);
        await _store.Repository<Country>().InsertAsync(austria);
        var english = new Language { Name = "English", LanguageCulture = "en-US", UniqueSeoCode = "en" };
        await _store.Repository<Language>().InsertAsync(english);

        var registered = new CustomerRole { Name = "Registered", SystemName = NopCustomerDefaults.RegisteredRoleName, Active = true };
        var guests = new CustomerRole { Name = "Guests", SystemName = NopCustomerDefaults.GuestsRoleName, Active = true };
        var wholesale = new CustomerRole { Name = "Wholesale", Active = true };
        foreach (var role in new[] { registered, guests, wholesale })
            await _store.Repository<CustomerRole>().InsertAsync(role);

        // Anna: registered, 35 today (36 tomorrow), Germany, English, subscribed, bought from category 7 ten days ago, VIP
        var anna = await _store.AddCustomerAsync(c => (c.Email, c.Gender, c.DateOfBirth) = ("anna@example.com", "F", new DateTime(1990, 7, 1)));
        // Ben: a guest without e-mail or birth date, Austria; category 8 long ago; his category 7 order was cancelled
        var ben = await _store.AddCustomerAsync(c => c.Gender = "M");
        // Chloé: registered wholesale buyer with a lapsed subscription and no orders
        var chloe = await _store.AddCustomerAsync(c => c.Email = "chloe@shop.fr");
        (_ids["anna"], _ids["ben"], _ids["chloe"]) = (anna.Id, ben.Id, chloe.Id);

        await _store.Repository<CustomerCustomerRoleMapping>().InsertAsync(new List<CustomerCustomerRoleMapping>
        {
            new() { CustomerId = anna.Id, CustomerRoleId = registered.Id },
            new() { CustomerId = ben.Id, CustomerRoleId = guests.Id },
            new() { CustomerId = chloe.Id, CustomerRoleId = registered.Id },
            new() { CustomerId = chloe.Id, CustomerRoleId = wholesale.Id }
        });
        // Anna typed her address in other letter case when she subscribed
        await _store.Repository<NewsLetterSubscription>().InsertAsync(new NewsLetterSubscription { Email = "Anna@Example.COM", Active = true, StoreId = 1 });
        await _store.Repository<NewsLetterSubscription>().InsertAsync(new NewsLetterSubscription { Email = "chloe@shop.fr", Active = false, StoreId = 1 });

        var lamp = await _store.AddProductAsync(30);
        var chair = await _store.AddProductAsync(80);
        await _store.MapToCategoryAsync(lamp, 7);
        await _store.MapToCategoryAsync(chair, 8);
        await _store.AddOrderAsync(anna, 1, Now.AddDays(-10), 30, (lamp, 1));
        await _store.AddOrderAsync(ben, 1, Now.AddDays(-200), 80, (chair, 1));
        await _store.AddOrderAsync(ben, 1, Now.AddDays(-5), 30, o => o.OrderStatus = OrderStatus.Cancelled, (lamp, 1));
        // their top categories, as the profile rebuild keeps them: Anna's 7, Ben's 8 (the cancelled order does not count)
        await _store.CategoryService().RefreshRangeAsync(0, int.MaxValue);

        var vip = new Segment { Name = "VIP", SegmentType = SegmentType.Static, Active = true, CreatedOnUtc = Now, UpdatedOnUtc = Now };
        await _store.Repository<Segment>().InsertAsync(vip);
        await _store.Repository<SegmentMember>().InsertAsync(new SegmentMember { SegmentId = vip.Id, CustomerId = anna.Id, MemberSinceUtc = Now });

        // Ben left a cart in store 1 and holds its offer; Anna's offer has expired
        await _store.Repository<AbandonedCart>().InsertAsync(new List<AbandonedCart>
        {
            new() { CustomerId = ben.Id, StoreId = 1, Status = AbandonedCartStatus.Open, DetectedOnUtc = Now.AddDays(-1), OfferExpiresOnUtc = Now.AddDays(2), LastCartActivityUtc = Now.AddDays(-1) },
            new() { CustomerId = anna.Id, StoreId = 1, Status = AbandonedCartStatus.Open, DetectedOnUtc = Now.AddDays(-5), OfferExpiresOnUtc = Now.AddDays(-2), LastCartActivityUtc = Now.AddDays(-5) }
        });

        await _store.Repository<CustomerProfile>().InsertAsync(new List<CustomerProfile>
        {
            new() { CustomerId = anna.Id, StoreId = 1, CountryId = germany.Id, LanguageId = english.Id, ComputedOnUtc = Now },
            new() { CustomerId = ben.Id, StoreId = 1, CountryId = austria.Id, ComputedOnUtc = Now },
            new() { CustomerId = chloe.Id, StoreId = 1, ComputedOnUtc = Now }
        });
        // the e-mail, gender and subscription copies the profile service keeps
        await _store.CopyOwnTextToProfilesAsync();
    }

    [OneTimeTearDown]
    public void Drop() => _store?.Dispose();

    [TestCase("customer_type = registered", "anna chloe")]
    [TestCase("customer_type = guest", "ben")]
    [TestCase("role = \"wholesale\"", "chloe")]
    [TestCase("role not in (\"Wholesale\", \"Guests\")", "anna")]
    [TestCase("gender = female", "anna")]
    [TestCase("gender != female", "ben chloe")]
    [TestCase("gender is empty", "chloe")]
    [TestCase("age = 35", "anna")]
    [TestCase("age >= 36", "")]
    [TestCase("age between 30 and 40", "anna")]
    [TestCase("not (age > 20)", "")]
    [TestCase("age != 35", "ben chloe")]
    [TestCase("age is empty", "ben chloe")]
    [TestCase("country in (\"de\", \"AT\")", "anna ben")]
    [TestCase("country is empty", "chloe")]
    [TestCase("language = \"EN\"", "anna")]
    [TestCase("newsletter = yes", "anna")]
    [TestCase("newsletter = no", "ben chloe")]
    [TestCase("newsletter != no", "anna")]
    [TestCase("email contains \"SHOP.fr\"", "chloe")]
    [TestCase("email contains \"%\"", "")]
    [TestCase("email ends with \"@EXAMPLE.com\"", "anna")]
    [TestCase("email ends with \"example\"", "")]
    [TestCase("email starts with \"Chloe\"", "chloe")]
    [TestCase("email starts with \"_\"", "")]
    [TestCase("not email ends with \".fr\"", "anna ben")]
    [TestCase("role starts with \"WHOLE\" or role ends with \"uests\"", "ben chloe")]
    [TestCase("segment starts with \"v\" and segment ends with \"P\"", "anna")]
    [TestCase("country ends with \"t\"", "ben")]
    [TestCase("language starts with \"E\"", "anna")]
    [TestCase("customer_type starts with registered", "anna chloe")]
    [TestCase("bought_category = 7", "anna")]
    [TestCase("bought_category = 8", "ben")]
    [TestCase("bought_category = 8 since 90 days ago", "")]
    [TestCase("bought_category in (7, 8) since \"2025-01-01\"", "anna ben")]
    [TestCase("bought_category != 7", "ben chloe")]
    [TestCase("bought_product is empty", "chloe")]
    [TestCase("top_category = 7", "anna")]
    [TestCase("top_category in (7, 8)", "anna ben")]
    [TestCase("top_category = 8 since 90 days ago", "")]
    [TestCase("top_category in (7, 8) since 30 days ago", "anna")]
    [TestCase("top_category != 7", "ben chloe")]
    [TestCase("top_category is empty", "chloe")]
    [TestCase("segment = \"vip\"", "anna")]
    [TestCase("cart_offer = yes", "ben")]
    [TestCase("cart_offer = no", "anna chloe")]
    [TestCase("segment contains \"v\" or customer_type = guest", "anna ben")]
    [TestCase("not segment = \"VIP\" and customer_type = registered", "chloe")]
    public async Task Database_and_memory_give_the_worked_out_answer(string rule, string expected)
    {
        var wanted = expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(name => _ids[name]).Order().ToList();
        var (inDatabase, inMemory) = await RuleAnswers.CustomersAsync(_store, rule, Now);
        Assert.That(inDatabase, Is.EqualTo(wanted), "database");
        Assert.That(inMemory, Is.EqualTo(wanted), "memory");
    }

    [Test]
    public void Rules_over_profile_fields_read_nothing_else()
    {
        Assert.That(RuleCompiler.SourcesUsed(RuleCompiler.Compile("orders > 3 and country_id = 2", Now)), Is.Empty);
        Assert.That(RuleCompiler.SourcesUsed(RuleCompiler.Compile("orders > 3 and bought_category = 2", Now)),
            Is.EquivalentTo(new[] { nameof(RuleSources.Orders), nameof(RuleSources.OrderItems), nameof(RuleSources.ProductCategories) }));
        Assert.That(RuleCompiler.SourcesUsed(RuleCompiler.Compile("top_category = 2", Now)), Is.EquivalentTo(new[] { nameof(RuleSources.CustomerCategories) }));
    }
}
