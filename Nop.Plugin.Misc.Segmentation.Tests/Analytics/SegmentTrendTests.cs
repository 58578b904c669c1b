using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Analytics;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Analytics;

/// <summary>A segment's daily series (snapshots, movements per day of the owner's time zone) and where its members came from and went to, by hand.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class SegmentTrendTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private SegmentAdminHost _host;
    private int _customers;

    public SegmentTrendTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public void SetUp()
    {
        _store = StoreDatabase.Create(_kind);
        _host = new SegmentAdminHost(_store, new ManualClock(Now));
        _customers = 0;
    }

    [TearDown]
    public void TearDown() => _store?.Dispose();

    private static DateTime At(int month, int day, int hour = 10, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    private static SegmentPeriod Utc(DateTime from, DateTime to) => SegmentPeriod.Create(from, to, d => d);

    private async Task<Segment> AddSegmentAsync(string name)
    {
        var segment = new Segment { Name = name, SegmentType = SegmentType.Static, Active = true, CreatedOnUtc = At(1, 1), UpdatedOnUtc = At(1, 1) };
        await _store.Repository<Segment>().InsertAsync(segment);
        return segment;
    }

    /// <summary>Movements need no customer row (no key, as nopCommerce deletes guests in bulk): a number stands for one.</summary>
    private int NewCustomer() => ++_customers;

    private async Task MoveAsync(Segment segment, int customerId, SegmentMovementType type, DateTime atUtc) =>
        await _store.Repository<SegmentMovement>().InsertAsync(new SegmentMovement
        {
            SegmentId = segment.Id, CustomerId = customerId, MovementType = type, Reason = MovementReasons.Rule, CreatedOnUtc = atUtc
        });

    private async Task SnapshotAsync(Segment segment, DateTime day, int members, int orders, decimal revenue) =>
        await _store.Repository<SegmentSnapshot>().InsertAsync(new SegmentSnapshot
        {
            SegmentId = segment.Id, SnapshotDateUtc = day, Members = members, Orders = orders, Revenue = revenue
        });

    [Test]
    public async Task Each_day_of_the_period_has_its_snapshot_or_none_and_its_movements()
    {
        var (segment, other) = (await AddSegmentAsync("Trend"), await AddSegmentAsync("Other"));
        await SnapshotAsync(segment, At(5, 31, 0), 9, 3, 90);
        await SnapshotAsync(segment, At(6, 1, 0), 10, 4, 100);
        await SnapshotAsync(segment, At(6, 3, 0), 12, 5, 130.5m);
        await SnapshotAsync(segment, At(7, 1, 0), 13, 6, 140);
        await SnapshotAsync(other, At(6, 2, 0), 99, 99, 99);
        var (c1, c2, c3, c4) = (NewCustomer(), NewCustomer(), NewCustomer(), NewCustomer());
        await MoveAsync(segment, c1, SegmentMovementType.Entered, At(6, 1, 0));
        await MoveAsync(segment, c2, SegmentMovementType.Entered, At(6, 1, 10));
        await MoveAsync(segment, c1, SegmentMovementType.Left, At(6, 1, 23, 59));
        await MoveAsync(segment, c3, SegmentMovementType.Entered, At(6, 3, 0));
        await MoveAsync(segment, c4, SegmentMovementType.Left, At(5, 31, 23, 59));   // the day before
        await MoveAsync(segment, c4, SegmentMovementType.Entered, At(6, 4, 0));      // the day after
        await MoveAsync(other, c4, SegmentMovementType.Entered, At(6, 2));

        var trend = await _host.Trends().GetAsync(segment.Id, Utc(new DateTime(2026, 6, 1), new DateTime(2026, 6, 3)));

        Assert.That(trend.Days, Is.EqualTo(new[]
        {
            new SegmentTrendDay(new DateTime(2026, 6, 1), 10, 4, 100, 2, 1),
            new SegmentTrendDay(new DateTime(2026, 6, 2), null, null, null, 0, 0),
            new SegmentTrendDay(new DateTime(2026, 6, 3), 12, 5, 130.5m, 1, 0)
        }));
    }

    [Test]
    public async Task Movements_are_counted_per_day_of_the_owners_time_zone_across_a_change_of_clock()
    {
        // Berlin, 27 to 31 March 2026: the clocks go forward on the 29th, a day of 23 hours; an hour ahead of UTC before, two after
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var period = SegmentPeriod.Create(new DateTime(2026, 3, 27), new DateTime(2026, 3, 31), d => TimeZoneInfo.ConvertTimeToUtc(d, berlin));
        Assert.That(period.DayStartsUtc, Is.EqualTo(new[] { At(3, 26, 23), At(3, 27, 23), At(3, 28, 23), At(3, 29, 22), At(3, 30, 22), At(3, 31, 22) }));
        Assert.That(SegmentTrendService.Spans(period), Is.EqualTo(new[]
        {
            new SegmentTrendService.DaySpan(0, 1, 60), new SegmentTrendService.DaySpan(2, 2, 60), new SegmentTrendService.DaySpan(3, 4, 120)
        }));

        var segment = await AddSegmentAsync("Berlin");
        foreach (var utc in new[]
                 {
                     At(3, 26, 22, 30),   // 26 March 23:30 in Berlin: before
                     At(3, 26, 23, 30),   // 27 March 00:30 (26 March in UTC)
                     At(3, 27, 23, 30),   // 28 March 00:30 (27 March in UTC)
                     At(3, 28, 22, 30),   // 28 March 23:30
                     At(3, 28, 23, 30),   // 29 March 00:30
                     At(3, 29, 21, 30),   // 29 March 23:30, summer time
                     At(3, 29, 22, 30),   // 30 March 00:30 (29 March in UTC)
                     At(3, 30, 22, 30),   // 31 March 00:30 (30 March in UTC)
                     At(3, 31, 21, 30),   // 31 March 23:30
                     At(3, 31, 22, 0)     // 1 April 00:00: after
                 })
            await MoveAsync(segment, NewCustomer(), SegmentMovementType.Entered, utc);

        var trend = await _host.Trends().GetAsync(segment.Id, period);

        Assert.That(trend.Days.Select(d => (d.Day, d.Entered)), Is.EqualTo(new[]
        {
            (new DateTime(2026, 3, 27), 1), (new DateTime(2026, 3, 28), 2), (new DateTime(2026, 3, 29), 2), (new DateTime(2026, 3, 30), 1),
            (new DateTime(2026, 3, 31), 2)
        }));
    }

    [Test]
    public void A_period_of_one_time_zone_offset_is_one_span_and_a_period_longer_than_a_year_is_refused()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var period = SegmentPeriod.Create(new DateTime(2026, 1, 1), new DateTime(2026, 12, 31), d => TimeZoneInfo.ConvertTimeToUtc(d, tokyo));
        Assert.That((period.Days, period.FromUtc, period.ToUtc, period.PreviousFromUtc),
            Is.EqualTo((365, new DateTime(2025, 12, 31, 15, 0, 0), new DateTime(2026, 12, 31, 15, 0, 0), new DateTime(2024, 12, 31, 15, 0, 0))));
        Assert.That(SegmentTrendService.Spans(period), Is.EqualTo(new[] { new SegmentTrendService.DaySpan(0, 364, 540) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SegmentPeriod.Create(new DateTime(2026, 1, 1), new DateTime(2027, 1, 2), d => d));
        Assert.Throws<ArgumentOutOfRangeException>(() => SegmentPeriod.Create(new DateTime(2026, 1, 2), new DateTime(2026, 1, 1), d => d));
    }

    /// <summary>
    /// Segments in this order (ids ascending): S, X, Y, Z, W, V, U, T. Came from: X 3 customers, W 2, Y, V, U and T 1 each, so
    /// the top five are X, W, Y, V, U. Went to: Y 2, Z 1.
    /// </summary>
    [Test]
    public async Task Came_from_and_went_to_are_the_other_segments_left_or_entered_within_a_day_most_customers_first()
    {
        var s = await AddSegmentAsync("S");
        var (x, y, z, w, v, u, t) = (await AddSegmentAsync("X"), await AddSegmentAsync("Y"), await AddSegmentAsync("Z"), await AddSegmentAsync("W"),
            await AddSegmentAsync("V"), await AddSegmentAsync("U"), await AddSegmentAsync("T"));
        const SegmentMovementType entered = SegmentMovementType.Entered, left = SegmentMovementType.Left;

        var c1 = NewCustomer();
        await MoveAsync(s, c1, entered, At(6, 10));
        await MoveAsync(x, c1, left, At(6, 10));                // at the same moment
        await MoveAsync(y, c1, left, At(6, 11, 9));             // 23 hours after
        await MoveAsync(z, c1, left, At(6, 12));                // two days after: not counted
        var c2 = NewCustomer();
        await MoveAsync(s, c2, entered, At(6, 15));
        await MoveAsync(x, c2, left, At(6, 14, 11));            // 23 hours before
        await MoveAsync(y, c2, entered, At(6, 15));             // entered, not left
        var c3 = NewCustomer();
        await MoveAsync(s, c3, entered, At(6, 20));
        await MoveAsync(x, c3, left, At(6, 20));
        await MoveAsync(s, c3, entered, At(6, 25));             // again: X still counts c3 once
        await MoveAsync(x, c3, left, At(6, 25));
        var c4 = NewCustomer();
        await MoveAsync(s, c4, entered, At(5, 31, 23));         // entered before the period
        await MoveAsync(w, c4, left, At(6, 1));
        var c5 = NewCustomer();
        await MoveAsync(s, c5, entered, At(6, 30, 23));         // the last hour of the period
        await MoveAsync(w, c5, left, At(7, 1, 10));             // after the period, within the day
        var c6 = NewCustomer();
        await MoveAsync(s, c6, entered, At(6, 5));
        await MoveAsync(w, c6, left, At(6, 5));
        foreach (var segment in new[] { v, u, t })
        {
            var c = NewCustomer();
            await MoveAsync(s, c, entered, At(6, 6));
            await MoveAsync(segment, c, left, At(6, 6));
        }

        var d1 = NewCustomer();
        await MoveAsync(s, d1, left, At(6, 2));
        await MoveAsync(y, d1, entered, At(6, 2));
        await MoveAsync(z, d1, entered, At(6, 1, 11));          // 23 hours before
        var d2 = NewCustomer();
        await MoveAsync(s, d2, left, At(6, 3));
        await MoveAsync(y, d2, entered, At(6, 3));
        await MoveAsync(x, d2, left, At(6, 3));                 // left, not entered
        var d3 = NewCustomer();
        await MoveAsync(s, d3, left, At(7, 1, 0));              // after the period
        await MoveAsync(z, d3, entered, At(7, 1, 0));

        var transitions = await _host.Transitions().GetAsync(s.Id, Utc(new DateTime(2026, 6, 1), new DateTime(2026, 6, 30)));

        Assert.That(transitions.CameFrom, Is.EqualTo(new[]
        {
            new SegmentNeighbour(x.Id, "X", 3), new SegmentNeighbour(w.Id, "W", 2), new SegmentNeighbour(y.Id, "Y", 1),
            new SegmentNeighbour(v.Id, "V", 1), new SegmentNeighbour(u.Id, "U", 1)
        }));
        Assert.That(transitions.WentTo, Is.EqualTo(new[] { new SegmentNeighbour(y.Id, "Y", 2), new SegmentNeighbour(z.Id, "Z", 1) }));

        var none = await _host.Transitions().GetAsync(t.Id, Utc(new DateTime(2026, 7, 2), new DateTime(2026, 7, 31)));
        Assert.That((none.CameFrom, none.WentTo), Is.EqualTo((Array.Empty<SegmentNeighbour>(), Array.Empty<SegmentNeighbour>())));
    }

    [Test]
    public async Task The_details_action_hands_the_series_and_neighbours_to_the_page()
    {
        var (segment, other) = (await AddSegmentAsync("Shown"), await AddSegmentAsync("Before"));
        await SnapshotAsync(segment, At(6, 29, 0), 7, 2, 20);
        var c = NewCustomer();
        await MoveAsync(segment, c, SegmentMovementType.Entered, At(6, 30, 1));
        await MoveAsync(other, c, SegmentMovementType.Left, At(6, 30, 1));

        var result = (Microsoft.AspNetCore.Mvc.PartialViewResult)await _host.Controller().Details(segment.Id, null, "2026-06-29", "2026-06-30");

        var model = (Models.Admin.SegmentDetailsModel)result.Model!;
        using var chart = System.Text.Json.JsonDocument.Parse(model.ChartData);
        decimal?[] Series(string name) => chart.RootElement.GetProperty(name).EnumerateArray()
            .Select(e => e.ValueKind == System.Text.Json.JsonValueKind.Null ? (decimal?)null : e.GetDecimal()).ToArray();
        Assert.That(chart.RootElement.GetProperty("labels").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "06/29/2026", "06/30/2026" }));
        Assert.That(new[] { Series("members"), Series("orders"), Series("revenue"), Series("entered"), Series("left") },
            Is.EqualTo(new[] { new decimal?[] { 7, null }, new decimal?[] { 2, null }, new decimal?[] { 20, null }, new decimal?[] { 0, 1 }, new decimal?[] { 0, 0 } }));
        Assert.That(chart.RootElement.GetProperty("texts").GetProperty("members").GetString(), Is.EqualTo("Members"));
        Assert.That(model.CameFrom, Is.EqualTo(new[] { new Models.Admin.SegmentNeighbourModel(other.Id, "Before", 1) }));
        Assert.That(model.WentTo, Is.Empty);
    }

    [Test]
    public async Task The_series_and_neighbours_are_cached_under_the_analytics_prefix_until_it_is_dropped()
    {
        var (segment, other) = (await AddSegmentAsync("Cached"), await AddSegmentAsync("Elsewhere"));
        var period = Utc(new DateTime(2026, 6, 1), new DateTime(2026, 6, 30));
        await MoveAsync(segment, NewCustomer(), SegmentMovementType.Entered, At(6, 2));
        var (trend, transitions) = (await _host.Trends().GetAsync(segment.Id, period), await _host.Transitions().GetAsync(segment.Id, period));

        var c = NewCustomer();
        await MoveAsync(segment, c, SegmentMovementType.Entered, At(6, 3));
        await MoveAsync(other, c, SegmentMovementType.Left, At(6, 3));
        await SnapshotAsync(segment, At(6, 3, 0), 2, 0, 0);
        Assert.That(await _host.Trends().GetAsync(segment.Id, period), Is.SameAs(trend));
        Assert.That(await _host.Transitions().GetAsync(segment.Id, period), Is.SameAs(transitions));
        Assert.That(_store.Cache.Entries.Keys, Has.Count.EqualTo(2).And.All.StartWith(SegmentationDefaults.AnalyticsPrefix));

        await _store.Cache.RemoveByPrefixAsync(SegmentationDefaults.AnalyticsPrefix);
        var freshTrend = await _host.Trends().GetAsync(segment.Id, period);
        Assert.That((freshTrend.Days.Sum(d => d.Entered), freshTrend.Days[2].Members), Is.EqualTo((2, (int?)2)));
        Assert.That((await _host.Transitions().GetAsync(segment.Id, period)).CameFrom.Select(n => n.Name), Is.EqualTo(new[] { "Elsewhere" }));
    }
}
