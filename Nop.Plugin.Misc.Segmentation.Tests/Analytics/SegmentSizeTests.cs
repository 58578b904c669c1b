using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Factories;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Analytics;

/// <summary>The dashboard's segment sizes now and at the period start, and their growth, against hand-computed snapshots.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
[SetCulture("en-US")]
public class SegmentSizeTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private DashboardHost _host;
    private Segment _big, _small, _outlet, _everywhere, _off;

    public SegmentSizeTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    private async Task<Segment> SegmentAsync(string name, int storeId, int members, bool active = true)
    {
        var segment = new Segment { Name = name, StoreId = storeId, MemberCount = members, Active = active, CreatedOnUtc = Now, UpdatedOnUtc = Now };
        await _store.Repository<Segment>().InsertAsync(segment);
        return segment;
    }

    private async Task SnapshotAsync(Segment segment, int month, int day, int members) =>
        await _store.Repository<SegmentSnapshot>().InsertAsync(new SegmentSnapshot
        {
            SegmentId = segment.Id, SnapshotDateUtc = new DateTime(2026, month, day, 0, 0, 0, DateTimeKind.Utc), Members = members
        });

    [SetUp]
    public async Task SetUp()
    {
        _store = StoreDatabase.Create(_kind);
        _host = new DashboardHost(_store, new ManualClock(Now));

        // store 1: "Big" 10 members (4 on 20 May, 8 on 1 June, 9 on 10 June), "Small" 5 (empty on 5 June), "Off" switched off;
        // store 2: "Outlet" 7 (7 on 1 June); all stores: "Everywhere" 3, never snapshotted
        _big = await SegmentAsync("Big", 1, 10);
        _small = await SegmentAsync("Small", 1, 5);
        _outlet = await SegmentAsync("Outlet", 2, 7);
        _everywhere = await SegmentAsync("Everywhere", 0, 3);
        _off = await SegmentAsync("Off", 1, 0, false);
        await SnapshotAsync(_big, 5, 20, 4);
        await SnapshotAsync(_big, 6, 1, 8);
        await SnapshotAsync(_big, 6, 10, 9);
        await SnapshotAsync(_small, 6, 5, 0);
        await SnapshotAsync(_outlet, 6, 1, 7);
        await SnapshotAsync(_off, 6, 1, 6);
    }

    [TearDown]
    public void TearDown()
    {
        _store?.Dispose();
    }

    private static DashboardPeriod From(int month, int day)
    {
        var first = new DateTime(2026, month, day);
        return new DashboardPeriod(first, Now.Date, first, Now.Date.AddDays(1));
    }

    private async Task<List<(string Name, int Members, int? Start, int? Growth, string GrowthText, string RateText)>> SizesAsync(int storeId, DashboardPeriod period) =>
        (await _host.Factory().PrepareSegmentSizesAsync(storeId, period))
        .Select(s => (s.Name, s.Members, s.StartMembers, s.Growth, s.GrowthText, s.GrowthRateText)).ToList();

    [Test]
    public async Task A_stores_segments_grow_from_the_snapshot_of_the_first_day_or_the_nearest_after_it()
    {
        Assert.That(await SizesAsync(1, From(6, 1)), Is.EqualTo(new[]
        {
            ("Big", 10, (int?)8, (int?)2, "+2", "+25.0%"),
            ("Small", 5, 0, 5, "+5", "—")
        }), "largest first; a switched-off segment is left out; growth from nothing has no rate");

        await _store.Cache.RemoveByPrefixAsync(SegmentationDefaults.AnalyticsPrefix);
        Assert.That(await SizesAsync(1, From(5, 15)), Is.EqualTo(new[]
        {
            ("Big", 10, (int?)4, (int?)6, "+6", "+150.0%"),
            ("Small", 5, 0, 5, "+5", "—")
        }));

        var sizes = await _host.Factory().PrepareSegmentSizesAsync(1, From(6, 2));
        Assert.That(sizes.Select(s => (s.Name, s.StartMembers, s.StartDayText)), Is.EqualTo(new[] { ("Big", (int?)9, "6/10/2026"), ("Small", 0, "6/5/2026") }));

        Assert.That(await SizesAsync(1, From(6, 11)), Is.EqualTo(new[]
        {
            ("Big", 10, (int?)null, (int?)null, "—", "—"),
            ("Small", 5, null, null, "—", "—")
        }), "no snapshot since the start");
    }

    [Test]
    public async Task All_stores_show_every_switched_on_segment_and_another_store_only_its_own()
    {
        Assert.That(await SizesAsync(0, From(6, 1)), Is.EqualTo(new[]
        {
            ("Big", 10, (int?)8, (int?)2, "+2", "+25.0%"),
            ("Outlet", 7, 7, 0, "0", "0%"),
            ("Small", 5, 0, 5, "+5", "—"),
            ("Everywhere", 3, null, null, "—", "—")
        }));
        Assert.That(await SizesAsync(2, From(6, 1)), Is.EqualTo(new[] { ("Outlet", 7, (int?)7, (int?)0, "0", "0%") }));
        Assert.That(await SizesAsync(3, From(6, 1)), Is.Empty, "an empty store");
    }

    [Test]
    public async Task A_shrinking_segment_has_a_negative_growth_and_the_figures_are_cached_per_store_and_day()
    {
        _big.MemberCount = 6;
        await _store.Repository<Segment>().UpdateAsync(_big);
        Assert.That((await SizesAsync(1, From(6, 1)))[0], Is.EqualTo(("Big", 6, (int?)8, (int?)-2, "−2", "−25.0%")));

        _big.MemberCount = 20;
        await _store.Repository<Segment>().UpdateAsync(_big);
        Assert.That((await SizesAsync(1, From(6, 1)))[0].Members, Is.EqualTo(6), "from the cache");
        Assert.That((await SizesAsync(1, From(6, 2)))[0].Members, Is.EqualTo(20), "another period start is another entry");

        await _store.Cache.RemoveByPrefixAsync(SegmentationDefaults.AnalyticsPrefix);
        Assert.That((await SizesAsync(1, From(6, 1)))[0].Members, Is.EqualTo(20));
    }
}
