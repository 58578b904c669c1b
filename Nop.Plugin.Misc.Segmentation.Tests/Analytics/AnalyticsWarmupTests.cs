using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Analytics;

/// <summary>
/// The hourly task leaves the default analytics pages computed, so an owner's first view reads them; the cart task
/// drops only the cart figures.
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
        var (details, error) = await new SegmentAdminHost(_store, clock).Factory().PrepareSegmentDetailsModelAsync(segment, null, null);
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
