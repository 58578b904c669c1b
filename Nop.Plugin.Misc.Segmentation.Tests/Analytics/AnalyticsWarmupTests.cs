using Nop.Core.Domain.Orders;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Analytics;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Analytics;

/// <summary>
/// The hourly task leaves the analytics pages of every offered period computed, so an owner's first view reads them;
/// the cart task drops only the cart figures.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
[SetCulture("en-US")]
public class AnalyticsWarmupTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private SegmentationSettings _settings;

    public AnalyticsWarmupTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public async Task SetUp()
    {
        _store = StoreDatabase.Create(_kind);
        _settings = new SegmentationSettings();
        // three buyers in store 1: one, two and three orders within the last 30 days
        for (var i = 1; i <= 3; i++)
        {
            var customer = await _store.AddCustomerAsync(c => c.Email = $"w{c.Id}@example.com");
            for (var n = 0; n < i; n++)
                await _store.AddOrderAsync(customer, 1, Now.AddDays(-3 - 5 * n), 40m);
        }

        await _store.Repository<Segment>().InsertAsync(new Segment
        {
            Name = "Buyers", SegmentType = SegmentType.Dynamic, Rule = "orders >= 1", Active = true, CreatedOnUtc = Now, UpdatedOnUtc = Now
        });
    }

    [TearDown]
    public void TearDown() => _store?.Dispose();

    /// <summary>What the pages show for the default period: the dashboard's grid total and the segment's members in its details.</summary>
    private async Task<(int GridCustomers, string DetailsMembers)> PagesAsync()
    {
        var clock = new ManualClock(Now);
        var grid = await new DashboardHost(_store, clock).Dashboard().GetRfmGridAsync(0);
        var segment = (await _store.Repository<Segment>().Table.ToListAsync()).Single(s => s.Name == "Buyers");
        var (details, error) = await new SegmentAdminHost(_store, clock).Factory().PrepareSegmentDetailsModelAsync(segment, null, null, null);
        Assert.That(error, Is.Null);
        return (grid.Customers, details.Kpis.Single(k => k.Id == "members").Segment);
    }

    [Test]
    public async Task After_the_hourly_task_the_default_pages_are_read_from_the_cache()
    {
        await _store.Task(Now, _settings).ExecuteAsync();

        // the profiles change under the pages before anyone opens them: they show what the task computed
        foreach (var profile in await _store.ProfilesAsync())
            await _store.Repository<CustomerProfile>().DeleteAsync(profile);
        Assert.That(await PagesAsync(), Is.EqualTo((3, "3")), "read from what the task computed");

        // and once the cache is gone they count again
        await _store.Cache.RemoveByPrefixAsync(SegmentationDefaults.AnalyticsPrefix);
        Assert.That(await PagesAsync(), Is.EqualTo((0, "0")));
    }

    private List<string> AnalyticsKeys() => _store.Cache.Entries.Keys
        .Where(k => k.StartsWith(SegmentationDefaults.AnalyticsPrefix, StringComparison.OrdinalIgnoreCase)).Order().ToList();

    /// <summary>Every store's dashboard and the segment's details for a period, as an owner opens them; the orders row of the details.</summary>
    private async Task<string> OpenAsync(int days, string from = null, string to = null)
    {
        var clock = new ManualClock(Now);
        var dashboard = new DashboardHost(_store, clock);
        foreach (var storeId in new[] { 0, 1, 2 })
            Assert.That((await dashboard.Factory().PrepareDashboardModelAsync(storeId, days, from, to, null, true)).Errors, Is.Empty);
        var segment = (await _store.Repository<Segment>().Table.ToListAsync()).Single(s => s.Name == "Buyers");
        var (details, error) = await new SegmentAdminHost(_store, clock).Factory().PrepareSegmentDetailsModelAsync(segment, days, from, to);
        Assert.That(error, Is.Null);
        return details.Kpis.Single(k => k.Id == "orders").Segment;
    }

    [Test]
    public async Task After_the_hourly_task_every_offered_period_is_read_from_the_cache()
    {
        await _store.Task(Now, _settings).ExecuteAsync();
        var warmed = AnalyticsKeys();
        // the orders go before anyone looks: what the pages show is what the task counted
        foreach (var order in await _store.Repository<Order>().Table.ToListAsync())
            await _store.Repository<Order>().DeleteAsync(order);

        var orders = new List<string>();
        foreach (var days in AnalyticsPeriodService.OfferedDays)
            orders.Add(await OpenAsync(days));

        Assert.That(AnalyticsKeys(), Is.EqualTo(warmed), "no offered period counted anything the task had not");
        Assert.That(orders, Is.EqualTo(new[] { "3", "6", "6" }), "7 days hold each buyer's latest order; 30 and 90 days all six");

        // other days are counted when asked, from the orders as they are now
        Assert.That(await OpenAsync(AnalyticsPeriodService.OtherDays, "2026-05-20", "2026-06-25"), Is.EqualTo("0"));
        Assert.That(AnalyticsKeys(), Has.Count.GreaterThan(warmed.Count));
    }

    [Test]
    public async Task The_cart_task_drops_the_cart_figures_only()
    {
        await _store.Task(Now, _settings).ExecuteAsync();
        var cached = _store.Cache.Entries.Keys.ToList();
        Assert.That(cached, Has.Some.StartWith(SegmentationDefaults.CartAnalyticsPrefix), "the warm-up took the cart funnel");
        Assert.That(cached, Has.Some.StartWith(SegmentationDefaults.AnalyticsPrefix + "dashboard.rfm."));

        await _store.AbandonedCartTask(Now.AddMinutes(10), _settings).ExecuteAsync();

        static List<string> Analytics(IEnumerable<string> keys) =>
            keys.Where(k => k.StartsWith(SegmentationDefaults.AnalyticsPrefix, StringComparison.OrdinalIgnoreCase)).ToList();
        var left = Analytics(_store.Cache.Entries.Keys);
        Assert.That(left, Has.None.StartWith(SegmentationDefaults.CartAnalyticsPrefix));
        Assert.That(left, Is.EquivalentTo(Analytics(cached).Where(k => !k.StartsWith(SegmentationDefaults.CartAnalyticsPrefix, StringComparison.OrdinalIgnoreCase))));
    }
}
