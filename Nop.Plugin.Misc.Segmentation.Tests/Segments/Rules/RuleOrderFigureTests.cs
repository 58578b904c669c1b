using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Segments.Rules;

/// <summary>
/// Figures counted from the orders (windows on orders, spent and items; per-product and per-category figures; month,
/// season, store and discount of an order) on hand-made customers in two stores, answers worked out by hand, through
/// the database and in memory. Each profile is named customer@store (store 0: all stores).
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class RuleOrderFigureTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private readonly Dictionary<int, string> _names = [];
    private readonly Dictionary<string, int> _products = [];

    public RuleOrderFigureTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [OneTimeSetUp]
    public async Task CreateCustomers()
    {
        _store = StoreDatabase.Create(_kind);
        var lamp = await _store.AddProductAsync(30);
        var chair = await _store.AddProductAsync(80);
        await _store.MapToCategoryAsync(lamp, 7);
        await _store.MapToCategoryAsync(chair, 8);
        (_products["lamp"], _products["chair"]) = (lamp.Id, chair.Id);

        var anna = await _store.AddCustomerAsync();
        var ben = await _store.AddCustomerAsync();
        var chloe = await _store.AddCustomerAsync();
        (_names[anna.Id], _names[ben.Id], _names[chloe.Id]) = ("anna", "ben", "chloe");

        var usages = new List<DiscountUsageHistory>();
        async Task Order(Nop.Core.Domain.Customers.Customer customer, int storeId, DateTime placed, decimal total, Action<Order> set, int[] discounts,
            params (Nop.Core.Domain.Catalog.Product, int)[] lines)
        {
            var order = await _store.AddOrderAsync(customer, storeId, placed, total, set, lines);
            usages.AddRange(discounts.Select(id => new DiscountUsageHistory { DiscountId = id, OrderId = order.Id, CreatedOnUtc = placed }));
        }

        void Keep(Order _) { }

        // Anna, in stores 1 and 2
        await Order(anna, 1, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), 100, o => o.RefundedAmount = 20, [5], (lamp, 2)); // exactly on "2026-01-01"
        await Order(anna, 2, new DateTime(2025, 12, 31, 23, 59, 59, DateTimeKind.Utc), 50, Keep, [7], (chair, 1)); // a second before it
        await Order(anna, 1, new DateTime(2025, 3, 31, 18, 0, 0, DateTimeKind.Utc), 30, Keep, [], (lamp, 1)); // late on a last day
        await Order(anna, 1, new DateTime(2025, 11, 15, 12, 0, 0, DateTimeKind.Utc), 70, Keep, [], (lamp, 1), (chair, 1));
        await Order(anna, 1, Now.AddDays(-10), 1000, o => o.OrderStatus = OrderStatus.Cancelled, [7], (lamp, 5));
        await Order(anna, 2, Now.AddDays(-5), 500, o => o.PaymentStatus = PaymentStatus.Refunded, [], (chair, 3));
        // Ben, in store 1 only
        await Order(ben, 1, new DateTime(2025, 12, 24, 10, 0, 0, DateTimeKind.Utc), 200, Keep, [5], (chair, 2));
        await Order(ben, 1, new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc), 40, Keep, [], (lamp, 1)); // the midnight after "2026-03-31"
        await Order(ben, 1, new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc), 900, o => o.Deleted = true, [7], (lamp, 9));
        // Chloé never ordered
        await _store.Repository<DiscountUsageHistory>().InsertAsync(usages);

        // the profiles' own figures stay 0: a condition without a window reads them, one with a window counts the orders
        await _store.Repository<CustomerProfile>().InsertAsync(new List<CustomerProfile>
        {
            new() { CustomerId = anna.Id, StoreId = 0, ComputedOnUtc = Now },
            new() { CustomerId = anna.Id, StoreId = 1, ComputedOnUtc = Now },
            new() { CustomerId = ben.Id, StoreId = 1, ComputedOnUtc = Now },
            new() { CustomerId = chloe.Id, StoreId = 0, ComputedOnUtc = Now },
            new() { CustomerId = chloe.Id, StoreId = 1, ComputedOnUtc = Now }
        });
    }

    [OneTimeTearDown]
    public void Drop() => _store?.Dispose();

    // windows: a bound is inclusive; a date-only "to" takes in the whole day (to the next midnight, not including it)
    [TestCase("orders >= 1", "")]
    [TestCase("orders >= 1 since \"2000-01-01\"", "anna@0 anna@1 ben@1")]
    [TestCase("orders = 1 since \"2026-01-01\"", "anna@0 anna@1 ben@1")]
    [TestCase("orders >= 1 from \"2026-01-01\" to \"2026-03-31\"", "anna@0 anna@1")]
    [TestCase("orders >= 1 from \"2026-01-01 00:00\" to \"2026-04-01\"", "anna@0 anna@1 ben@1")]
    [TestCase("orders >= 1 from \"2025-01-01\" to \"2025-03-31\"", "anna@0 anna@1")]
    [TestCase("orders >= 1 from \"2025-01-01\" to \"2025-03-31 12:00\"", "")]
    [TestCase("orders >= 2 from 200 days ago to 60 days ago", "anna@0 ben@1")]
    [TestCase("orders in (1, 2) since \"2025-06-01\"", "anna@1 ben@1")]
    [TestCase("orders not in (1, 2) since \"2025-06-01\"", "anna@0 chloe@0 chloe@1")]
    [TestCase("spent between 80 and 130 since \"2025-12-31\"", "anna@0 anna@1")]
    [TestCase("spent > 80 since \"2025-12-31\"", "anna@0")]
    [TestCase("not spent > 80 since \"2025-12-31\"", "anna@1 ben@1 chloe@0 chloe@1")]
    [TestCase("spent = 240 since 1 year ago", "ben@1")]
    [TestCase("spent > 0 since 30 days ago", "")]
    [TestCase("spent = 0 since 30 days ago", "anna@0 anna@1 ben@1 chloe@0 chloe@1")]
    [TestCase("not (spent != 0 since 30 days ago)", "anna@0 anna@1 ben@1 chloe@0 chloe@1")]
    [TestCase("items = 0 since \"2026-01-01\"", "chloe@0 chloe@1")]
    [TestCase("items = 6 since \"2025-01-01\"", "anna@0")]
    [TestCase("items = 5 since \"2025-01-01\"", "anna@1")]
    // per product and per category (lamp in category 7, chair in 8)
    [TestCase("product_quantity({lamp}) = 4", "anna@0 anna@1")]
    [TestCase("product_quantity({lamp}) = 0", "chloe@0 chloe@1")]
    [TestCase("not product_quantity({lamp}) >= 1", "chloe@0 chloe@1")]
    [TestCase("product_quantity({chair}) between 1 and 2", "anna@0 anna@1 ben@1")]
    [TestCase("not product_quantity({chair}) between 1 and 2", "chloe@0 chloe@1")]
    [TestCase("product_orders({lamp}) = 3 since \"2025-01-01\"", "anna@0 anna@1")]
    [TestCase("product_orders({lamp}) >= 1 from \"2026-01-02\" to \"2026-06-30\"", "ben@1")]
    [TestCase("category_quantity(7) >= 4", "anna@0 anna@1")]
    [TestCase("category_quantity(8) in (2)", "anna@0 ben@1")]
    [TestCase("category_orders(8) >= 2", "anna@0")]
    [TestCase("category_orders(8) = 1", "anna@1 ben@1")]
    // occasions: months and seasons of any year
    [TestCase("ordered_in_month in (11, 12)", "anna@0 anna@1 ben@1")]
    [TestCase("ordered_in_month = 12", "anna@0 ben@1")]
    [TestCase("ordered_in_month = 3", "anna@0 anna@1")]
    [TestCase("ordered_in_season = winter since \"2026-01-01\"", "anna@0 anna@1")]
    [TestCase("ordered_in_season in (summer, fall)", "anna@0 anna@1")]
    [TestCase("ordered_in_season = autumn", "anna@0 anna@1")]
    [TestCase("ordered_in_season != winter", "chloe@0 chloe@1")]
    // discounts: on counted orders only (Anna's 7 on her cancelled order in store 1 is not one)
    [TestCase("used_discount = 5", "anna@0 anna@1 ben@1")]
    [TestCase("used_discount = 7", "anna@0")]
    [TestCase("used_discount in (5, 7) since \"2026-01-01\"", "anna@0 anna@1")]
    [TestCase("used_discount is empty", "chloe@0 chloe@1")]
    [TestCase("used_discount is not empty from \"2025-01-01\" to \"2025-12-31\"", "anna@0 ben@1")]
    [TestCase("not used_discount is not empty since \"2026-01-01\"", "ben@1 chloe@0 chloe@1")]
    // stores: an order in store 2 shows in the all-stores profile only
    [TestCase("ordered_in_store = 2", "anna@0")]
    [TestCase("ordered_in_store = 1", "anna@0 anna@1 ben@1")]
    [TestCase("not ordered_in_store = 1", "chloe@0 chloe@1")]
    [TestCase("ordered_in_store in (1, 2) since 30 days ago", "")]
    [TestCase("bought_product = {lamp} from \"2025-03-31\" to \"2025-03-31\"", "anna@0 anna@1")]
    public async Task Database_and_memory_give_the_worked_out_answer(string rule, string expected)
    {
        rule = rule.Replace("{lamp}", _products["lamp"].ToString()).Replace("{chair}", _products["chair"].ToString());
        var wanted = expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order().ToList();
        string Name(CustomerProfile p) => $"{_names[p.CustomerId]}@{p.StoreId}";
        var expression = RuleCompiler.Compile(rule, Now);

        var query = RuleCompiler.ForQuery(expression, _store.RuleSources().ForStore());
        var inDatabase = await _store.Repository<CustomerProfile>().Table.Where(query).ToListAsync();
        Assert.That(inDatabase.Select(Name).Order(), Is.EqualTo(wanted), "database");

        var predicate = RuleCompiler.ForMemory(expression);
        var used = RuleCompiler.SourcesUsed(expression);
        var inMemory = new List<string>();
        foreach (var profile in await _store.Repository<CustomerProfile>().Table.ToListAsync())
            if (predicate(profile, await _store.RuleSources().ForCustomerAsync(profile.CustomerId, used, [], [])))
                inMemory.Add(Name(profile));

        Assert.That(inMemory.Order(), Is.EqualTo(wanted), "memory");
    }

    [Test]
    public void A_figure_without_a_window_reads_the_profile_and_a_discount_reads_its_history()
    {
        Assert.That(RuleCompiler.SourcesUsed(RuleCompiler.Compile("orders > 1 and spent > 5 and items > 1", Now)), Is.Empty);
        Assert.That(RuleCompiler.SourcesUsed(RuleCompiler.Compile("spent > 5 since 60 days ago", Now)), Is.EquivalentTo(new[] { nameof(RuleSources.Orders) }));
        Assert.That(RuleCompiler.SourcesUsed(RuleCompiler.Compile("used_discount is empty", Now)),
            Is.EquivalentTo(new[] { nameof(RuleSources.Orders), nameof(RuleSources.DiscountUsages) }));
    }

    [TestCase("ordered_in_month = 13", "needs a whole number from 1 to 12")]
    [TestCase("ordered_in_month = 0", "needs an id")]
    [TestCase("ordered_in_season = monsoon", "is not a value of 'ordered_in_season'")]
    [TestCase("ordered_in_season = 3", "is not a value of 'ordered_in_season'")]
    [TestCase("used_discount > 3", "cannot be compared with '>'")]
    [TestCase("spent > 5 from 3 days ago to 4000 years ago", "the earliest date a rule can name")]
    [TestCase("product_quantity(3) = 1.5", "holds whole numbers")]
    [TestCase("product_quantity(3) contains 1", "'contains' applies to text fields")]
    public void Bad_values_are_rule_errors(string rule, string problem)
    {
        var error = Assert.Throws<RuleSyntaxException>(() => RuleCompiler.Compile(rule, Now));
        Assert.That(error.Problem, Does.Contain(problem));
    }
}
