using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Factories;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Analytics;

/// <summary>
/// The daily distribution of profiles over lifecycle stages, tiers and RFM groups: written by the hourly snapshot,
/// brought up to date during the day, and read back at a period's start by the dashboard.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
[SetCulture("en-US")]
public class ProfileSnapshotTests
{
    private static readonly DateTime Day1 = new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Day2 = Day1.AddDays(1);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private List<CustomerProfile> _profiles;

    public ProfileSnapshotTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public async Task SetUp()
    {
        _store = StoreDatabase.Create(_kind);

        // store 1: two active (heavy champion, light promising), one at risk (medium), one prospect with a cart only;
        // all stores: the first active, the second new
        _profiles = [];
        var customers = new List<int>();
        for (var i = 0; i < 4; i++)
            customers.Add((await _store.AddCustomerAsync()).Id);
        async Task Add(int storeId, LifecycleStage stage, UsageTier tier, RfmGroup group, int customer)
        {
            var profile = new CustomerProfile
            {
                CustomerId = customers[customer], StoreId = storeId, LifecycleStage = stage, UsageTier = tier, RfmGroup = group,
                OrdersCount = stage == LifecycleStage.Prospect ? 0 : 1, ComputedOnUtc = Day1
            };
            await _store.Repository<CustomerProfile>().InsertAsync(profile);
            _profiles.Add(profile);
        }

        await Add(1, LifecycleStage.Active, UsageTier.Heavy, RfmGroup.Champions, 0);
        await Add(1, LifecycleStage.Active, UsageTier.Light, RfmGroup.Promising, 1);
        await Add(1, LifecycleStage.AtRisk, UsageTier.Medium, RfmGroup.AtRisk, 2);
        await Add(1, LifecycleStage.Prospect, UsageTier.None, RfmGroup.None, 3);
        await Add(0, LifecycleStage.Active, UsageTier.Heavy, RfmGroup.Champions, 0);
        await Add(0, LifecycleStage.New, UsageTier.Light, RfmGroup.NewCustomers, 1);
    }

    [TearDown]
    public void TearDown()
    {
        _store?.Dispose();
    }

    private async Task<List<(int Store, DateTime Day, ProfileDimension Dimension, int Value, int Customers)>> RowsAsync() =>
        (await _store.Repository<ProfileSnapshot>().Table.ToListAsync())
        .Select(s => (s.StoreId, s.SnapshotDateUtc, s.Dimension, s.Value, s.Customers)).ToList();

    private async Task UpdateAsync(int index, Action<CustomerProfile> change)
    {
        change(_profiles[index]);
        await _store.Repository<CustomerProfile>().UpdateAsync(_profiles[index]);
    }

    [Test]
    public async Task The_hourly_snapshot_writes_each_stores_distribution_once_a_day_and_brings_it_up_to_date()
    {
        // through the segment snapshot the hourly task takes
        var written = await _store.SnapshotService().TakeAsync(Day1.AddHours(3));

        var day1 = new[]
        {
            (1, Day1, ProfileDimension.Lifecycle, (int)LifecycleStage.Active, 2), (1, Day1, ProfileDimension.Lifecycle, (int)LifecycleStage.AtRisk, 1),
            (1, Day1, ProfileDimension.Lifecycle, (int)LifecycleStage.Prospect, 1),
            (1, Day1, ProfileDimension.UsageTier, (int)UsageTier.Heavy, 1), (1, Day1, ProfileDimension.UsageTier, (int)UsageTier.Light, 1),
            (1, Day1, ProfileDimension.UsageTier, (int)UsageTier.Medium, 1), (1, Day1, ProfileDimension.UsageTier, (int)UsageTier.None, 1),
            (1, Day1, ProfileDimension.RfmGroup, (int)RfmGroup.Champions, 1), (1, Day1, ProfileDimension.RfmGroup, (int)RfmGroup.Promising, 1),
            (1, Day1, ProfileDimension.RfmGroup, (int)RfmGroup.AtRisk, 1), (1, Day1, ProfileDimension.RfmGroup, (int)RfmGroup.None, 1),
            (0, Day1, ProfileDimension.Lifecycle, (int)LifecycleStage.Active, 1), (0, Day1, ProfileDimension.Lifecycle, (int)LifecycleStage.New, 1),
            (0, Day1, ProfileDimension.UsageTier, (int)UsageTier.Heavy, 1), (0, Day1, ProfileDimension.UsageTier, (int)UsageTier.Light, 1),
            (0, Day1, ProfileDimension.RfmGroup, (int)RfmGroup.Champions, 1), (0, Day1, ProfileDimension.RfmGroup, (int)RfmGroup.NewCustomers, 1)
        };
        Assert.That(await RowsAsync(), Is.EquivalentTo(day1));
        Assert.That(written, Is.EqualTo(day1.Length), "no segments: only the profile rows");

        // later that day the third customer lapsed and the second became a medium buyer
        await UpdateAsync(2, p => p.LifecycleStage = LifecycleStage.Lapsed);
        await UpdateAsync(1, p => p.UsageTier = UsageTier.Medium);
        Assert.That(await _store.SnapshotService().TakeAsync(Day1.AddHours(15)), Is.EqualTo(4), "at risk gone, lapsed new, light gone, medium 1 → 2");
        var updated = day1.Where(r => r != (1, Day1, ProfileDimension.Lifecycle, (int)LifecycleStage.AtRisk, 1)
                && r != (1, Day1, ProfileDimension.UsageTier, (int)UsageTier.Light, 1) && r != (1, Day1, ProfileDimension.UsageTier, (int)UsageTier.Medium, 1))
            .Append((1, Day1, ProfileDimension.Lifecycle, (int)LifecycleStage.Lapsed, 1))
            .Append((1, Day1, ProfileDimension.UsageTier, (int)UsageTier.Medium, 2)).ToList();
        Assert.That(await RowsAsync(), Is.EquivalentTo(updated));
        Assert.That(await _store.SnapshotService().TakeAsync(Day1.AddHours(16)), Is.Zero, "nothing changed since");

        // the next day gets its own rows; the first day's stay as they were
        await UpdateAsync(0, p => p.LifecycleStage = LifecycleStage.AtRisk);
        await _store.SnapshotService().TakeAsync(Day2.AddHours(1));
        var rows = await RowsAsync();
        Assert.That(rows.Where(r => r.Day == Day1), Is.EquivalentTo(updated));
        Assert.That(rows.Where(r => r.Day == Day2 && r.Store == 1 && r.Dimension == ProfileDimension.Lifecycle).Select(r => (r.Value, r.Customers)),
            Is.EquivalentTo(new[] { ((int)LifecycleStage.Active, 1), ((int)LifecycleStage.AtRisk, 1), ((int)LifecycleStage.Lapsed, 1), ((int)LifecycleStage.Prospect, 1) }));
    }

    [Test]
    public async Task The_history_is_read_on_the_first_snapshot_day_on_or_after_a_date()
    {
        var snapshots = _store.ProfileSnapshots();
        await snapshots.TakeAsync(Day1.AddHours(3));
        await UpdateAsync(2, p => p.LifecycleStage = LifecycleStage.Lapsed);
        await snapshots.TakeAsync(Day2.AddHours(3));

        var before = await snapshots.GetOnOrAfterAsync(1, Day1.AddDays(-10));
        Assert.That(before?.Day, Is.EqualTo(Day1));
        Assert.That(before!.Value.Counts.Where(c => c.Dimension == ProfileDimension.Lifecycle).Select(c => (c.Value, c.Customers)),
            Is.EquivalentTo(new[] { ((int)LifecycleStage.Active, 2), ((int)LifecycleStage.AtRisk, 1), ((int)LifecycleStage.Prospect, 1) }));
        var second = await snapshots.GetOnOrAfterAsync(1, Day2);
        Assert.That(second?.Day, Is.EqualTo(Day2));
        Assert.That(second!.Value.Counts.Where(c => c.Dimension == ProfileDimension.Lifecycle).Select(c => (c.Value, c.Customers)),
            Is.EquivalentTo(new[] { ((int)LifecycleStage.Active, 2), ((int)LifecycleStage.Lapsed, 1), ((int)LifecycleStage.Prospect, 1) }));
        Assert.That((await snapshots.GetOnOrAfterAsync(0, Day2))?.Counts, Has.Count.EqualTo(6), "the all-stores rows of that day");
        Assert.That(await snapshots.GetOnOrAfterAsync(1, Day2.AddDays(1)), Is.Null);
        Assert.That(await snapshots.GetOnOrAfterAsync(2, Day1), Is.Null, "a store without profiles has no history");
    }

    private static DashboardPeriod Period(DateTime fromDay, DateTime toDay) => new(fromDay, toDay, fromDay, toDay.AddDays(1));

    [Test]
    public async Task The_dashboard_shows_now_against_the_start_and_says_when_no_snapshot_is_that_old()
    {
        var host = new DashboardHost(_store, new ManualClock(Day2.AddHours(5)));
        await _store.ProfileSnapshots().TakeAsync(Day1.AddHours(3));
        await UpdateAsync(2, p => p.LifecycleStage = LifecycleStage.Lapsed);
        await UpdateAsync(1, p => p.UsageTier = UsageTier.Heavy);

        // a period after the last snapshot: no start at all; now is as the last task run left it (day 1)
        var later = await host.Factory().PrepareDistributionModelAsync(1, Period(Day2.Date, Day2.Date));
        Assert.That(later.HasStart, Is.False);
        Assert.That(later.StartText, Is.EqualTo("No snapshot from 6/2/2026 on yet: the scheduled task writes one a day from now on."));
        Assert.That(later.Dimensions[0].Rows.Select(r => (r.Start, r.StartText)), Is.All.EqualTo(((int?)null, "—")));
        Assert.That(later.Dimensions[0].Rows.Select(r => r.Now), Is.EqualTo(new[] { 1, 0, 2, 1, 0, 0 }));

        // the task's next run takes day 2 and drops the cache: now follows the profiles
        await _store.ProfileSnapshots().TakeAsync(Day2.AddHours(4));
        await _store.Cache.RemoveByPrefixAsync(SegmentationDefaults.AnalyticsPrefix);
        var distribution = await host.Factory().PrepareDistributionModelAsync(1, Period(Day1.Date, Day2.Date));
        Assert.That(distribution.HasStart, Is.True);
        Assert.That(distribution.StartText, Is.EqualTo("Start: the daily snapshot of 6/1/2026."));
        var lifecycle = distribution.Dimensions.Single(d => d.Key == "lifecycle");
        Assert.That(lifecycle.Rows.Select(r => (r.Value, r.Start, r.Now)), Is.EqualTo(new[]
        {
            ((int)LifecycleStage.Prospect, (int?)1, 1), ((int)LifecycleStage.New, 0, 0), ((int)LifecycleStage.Active, 2, 2),
            ((int)LifecycleStage.AtRisk, 1, 0), ((int)LifecycleStage.Lapsed, 0, 1), ((int)LifecycleStage.Churned, 0, 0)
        }));
        Assert.That(lifecycle.Rows.Select(r => r.Label).First(), Is.EqualTo("Prospect"));
        var tiers = distribution.Dimensions.Single(d => d.Key == "tier");
        Assert.That(tiers.Rows.Select(r => (r.Value, r.Start, r.Now)), Is.EqualTo(new[]
        {
            ((int)UsageTier.None, (int?)1, 1), ((int)UsageTier.Light, 1, 0), ((int)UsageTier.Medium, 1, 1), ((int)UsageTier.Heavy, 1, 2)
        }));
        Assert.That(tiers.Rows.Select(r => r.Label), Is.EqualTo(new[] { "No order in the last year", "Light", "Medium", "Heavy" }));

        // a period from before the history: the earliest snapshot after it, said so
        await _store.Cache.RemoveByPrefixAsync(SegmentationDefaults.AnalyticsPrefix);
        var earlier = await host.Factory().PrepareDistributionModelAsync(1, Period(Day1.Date.AddDays(-5), Day2.Date));
        Assert.That(earlier.StartText, Is.EqualTo("No snapshot goes back to 5/27/2026; the start shows the earliest after it, of 6/1/2026."));
        Assert.That(earlier.Dimensions[0].Rows.Select(r => r.Start), Is.EqualTo(lifecycle.Rows.Select(r => r.Start)));
    }
}
