using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Analytics;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Analytics;

/// <summary>The prediction summary and the valuable customers at risk, per store, against profiles set by hand.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class PredictionReportTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;

    public PredictionReportTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public void SetUp() => _store = StoreDatabase.Create(_kind);

    [TearDown]
    public void TearDown() => _store?.Dispose();

    private PredictionReportService Service() => new(_store.Repository<Customer>(), _store.Repository<CustomerProfile>(), _store.Cache);

    /// <summary>A customer with one profile in <paramref name="storeId"/>; <paramref name="predicted"/> false leaves it without a prediction.</summary>
    private async Task<Customer> ProfileAsync(int storeId, string name, int orders, decimal spent, int monetary, decimal churn, decimal value, bool predicted = true,
        Customer customer = null)
    {
        customer ??= await _store.AddCustomerAsync(c =>
        {
            c.Email = name.ToLowerInvariant().Replace(' ', '.') + "@example.com";
            (c.FirstName, c.LastName) = name.Split(' ') is [var first, var last] ? (first, last) : (name, null);
        });
        await _store.Repository<CustomerProfile>().InsertAsync(new CustomerProfile
        {
            CustomerId = customer.Id, StoreId = storeId, OrdersCount = orders, AmountSpent = spent, MonetaryScore = monetary,
            RecencyScore = orders == 0 ? 0 : 1, FrequencyScore = orders == 0 ? 0 : 3,
            LastOrderDateUtc = orders == 0 ? null : Now.AddDays(-200), FirstOrderDateUtc = orders == 0 ? null : Now.AddDays(-700),
            ChurnProbability = churn, PredictedLifetimeValue = value, ExpectedNextOrderUtc = predicted ? Now.AddDays(40) : null, ComputedOnUtc = Now
        });
        return customer;
    }

    private static string Describe(PredictionSummary s) =>
        $"expected {s.ExpectedRevenueNextYear:0.00}, predicted {s.CustomersPredicted}, churn {s.AverageChurnProbability:0.0000}, at risk {s.ValuableCustomersAtRisk}, " +
        $"profiled {s.ProfiledCustomers}, with orders {s.CustomersWithOrders}";

    /// <summary>Store 1 of the fixture, and other rows of the same customers that must not count there.</summary>
    private async Task<(Customer Anna, Customer Ben, Customer Carl)> FillAsync()
    {
        var anna = await ProfileAsync(1, "Anna Berg", 5, 1000m, 5, 0.80m, 50m); // at risk, 800 at stake
        var ben = await ProfileAsync(1, "Ben Ode", 8, 2000m, 5, 0.50m, 300m); // at risk at the bar, 1000 at stake
        await ProfileAsync(1, "Dora Fay", 3, 900m, 5, 0.49m, 400m); // valuable, just below the bar
        await ProfileAsync(1, "Emil Gray", 2, 150m, 3, 0.90m, 10m); // likely gone, not in the top fifth
        var carl = await ProfileAsync(1, "Carl", 6, 1250m, 5, 0.64m, 120m); // at risk, 800 at stake: before Anna by spend
        await ProfileAsync(1, "Finn Hale", 0, 0m, 0, 0m, 0m, predicted: false); // a cart, no order
        await ProfileAsync(1, "Gus Ives", 1, 50m, 1, 0.20m, 30m);

        // the same customers elsewhere: all stores (one at risk) and the outlet
        await ProfileAsync(0, null, 13, 4250m, 5, 0.70m, 500m, customer: anna);
        await ProfileAsync(2, null, 1, 99m, 5, 0.95m, 5m, customer: ben);
        return (anna, ben, carl);
    }

    [Test]
    public async Task The_summary_adds_up_the_store_s_profiles_and_averages_churn_over_those_with_a_prediction()
    {
        await FillAsync();
        var service = Service();

        // 50 + 300 + 400 + 10 + 120 + 0 + 30 = 910; churn (0.80 + 0.50 + 0.49 + 0.90 + 0.64 + 0.20) / 6 = 0.58833…
        Assert.That(Describe(await service.GetSummaryAsync(1)),
            Is.EqualTo("expected 910.00, predicted 6, churn 0.5883, at risk 3, profiled 7, with orders 6"));
        Assert.That(Describe(await service.GetSummaryAsync(0)),
            Is.EqualTo("expected 500.00, predicted 1, churn 0.7000, at risk 1, profiled 1, with orders 1"), "the all-stores rows");
        Assert.That(Describe(await service.GetSummaryAsync(2)),
            Is.EqualTo("expected 5.00, predicted 1, churn 0.9500, at risk 1, profiled 1, with orders 1"), "a store of one customer");
        Assert.That(Describe(await service.GetSummaryAsync(3)),
            Is.EqualTo("expected 0.00, predicted 0, churn 0.0000, at risk 0, profiled 0, with orders 0"), "an empty store");
    }

    [Test]
    public async Task Valuable_customers_at_risk_are_ranked_by_value_at_stake_then_spend_in_pages_with_name_and_email()
    {
        var (anna, ben, carl) = await FillAsync();
        var service = Service();

        var page1 = await service.GetValuableAtRiskAsync(1, 0, 2);
        var page2 = await service.GetValuableAtRiskAsync(1, 1, 2);

        Assert.That((page1.TotalCount, page1.TotalPages, page2.TotalCount), Is.EqualTo((3, 2, 3)));
        Assert.That(page1.Concat(page2).Select(c => (c.CustomerId, c.ValueAtStake)),
            Is.EqualTo(new[] { (ben.Id, 1000m), (carl.Id, 800m), (anna.Id, 800m) }));
        Assert.That(page2.Single(), Is.EqualTo(new AtRiskCustomer(anna.Id, "anna.berg@example.com", "Anna Berg", 50m, 0.80m, 1000m, 5, Now.AddDays(-200))));
        Assert.That(page1[1].FullName, Is.EqualTo("Carl"), "a customer without a last name");
        Assert.That(page2.Single().LastOrderDateUtc?.Kind, Is.EqualTo(DateTimeKind.Utc));

        Assert.That((await service.GetValuableAtRiskAsync(0, 0, 10)).Select(c => (c.CustomerId, c.ValueAtStake)), Is.EqualTo(new[] { (anna.Id, 2975m) }));
        Assert.That((await service.GetValuableAtRiskAsync(2, 0, 10)).Select(c => c.CustomerId), Is.EqualTo(new[] { ben.Id }), "one customer");
        var empty = await service.GetValuableAtRiskAsync(3, 0, 10);
        Assert.That((empty.Count, empty.TotalCount), Is.EqualTo((0, 0)), "an empty store");
    }

    [Test]
    public async Task The_figures_are_cached_under_the_analytics_prefix_until_a_task_drops_them()
    {
        var (anna, _, _) = await FillAsync();
        var service = Service();
        Assert.That((await service.GetSummaryAsync(1)).ValuableCustomersAtRisk, Is.EqualTo(3));
        Assert.That((await service.GetValuableAtRiskAsync(1, 0, 10)).TotalCount, Is.EqualTo(3));

        await _store.Repository<CustomerProfile>().DeleteAsync(p => p.CustomerId == anna.Id);
        Assert.That((await service.GetSummaryAsync(1)).ValuableCustomersAtRisk, Is.EqualTo(3), "cached");
        Assert.That(_store.Cache.Entries.Keys.Where(k => k.StartsWith(SegmentationDefaults.AnalyticsPrefix + "predictions.")).Count(), Is.EqualTo(2));

        await _store.Cache.RemoveByPrefixAsync(SegmentationDefaults.AnalyticsPrefix);
        Assert.That((await service.GetSummaryAsync(1)).ValuableCustomersAtRisk, Is.EqualTo(2));
        Assert.That((await service.GetValuableAtRiskAsync(1, 0, 10)).TotalCount, Is.EqualTo(2));
    }
}
