using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Analytics;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Analytics;

/// <summary>
/// Flows between segments over a period, from today's members and the movement history, against a hand-made history:
/// each customer below is one case, and the expected pairs are counted by hand from the rule "the first movement at or
/// after a bound decides; without one, today's membership holds".
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class SegmentFlowTests
{
    private static readonly DateTime From = new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime To = new(2026, 7, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private Segment _a, _b, _c, _empty;

    public SegmentFlowTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public async Task SetUp()
    {
        _store = StoreDatabase.Create(_kind);
        (_a, _b, _c, _empty) = (await AddSegmentAsync("A"), await AddSegmentAsync("B"), await AddSegmentAsync("C"), await AddSegmentAsync("Empty"));
    }

    [TearDown]
    public void TearDown() => _store?.Dispose();

    private SegmentFlowService Service() => new(_store.Repository<SegmentMember>(), _store.Repository<SegmentMovement>(), _store.Cache);

    private async Task<Segment> AddSegmentAsync(string name)
    {
        var segment = new Segment { Name = name, SegmentType = SegmentType.Static, Active = true, CreatedOnUtc = From.AddYears(-1), UpdatedOnUtc = From.AddYears(-1) };
        await _store.Repository<Segment>().InsertAsync(segment);
        return segment;
    }

    private async Task<int> CustomerAsync() => (await _store.AddCustomerAsync()).Id;

    private async Task MemberAsync(Segment segment, int customerId) =>
        await _store.Repository<SegmentMember>().InsertAsync(new SegmentMember { SegmentId = segment.Id, CustomerId = customerId, MemberSinceUtc = From.AddYears(-1) });

    private async Task MoveAsync(Segment segment, int customerId, SegmentMovementType type, DateTime when) =>
        await _store.Repository<SegmentMovement>().InsertAsync(new SegmentMovement
        {
            SegmentId = segment.Id, CustomerId = customerId, MovementType = type, Reason = MovementReasons.Added, CreatedOnUtc = when
        });

    private static readonly DateTime Day10 = From.AddDays(9);

    /// <summary>The history; today (after the period) each customer is in the segments MemberAsync put them in.</summary>
    private async Task FillAsync()
    {
        // c1: in A all along, no movement: A→A
        var c1 = await CustomerAsync();
        await MemberAsync(_a, c1);
        // c2: entered A during the period: 0→A
        var c2 = await CustomerAsync();
        await MemberAsync(_a, c2);
        await MoveAsync(_a, c2, SegmentMovementType.Entered, Day10);
        // c3: left A during the period: A→0
        var c3 = await CustomerAsync();
        await MoveAsync(_a, c3, SegmentMovementType.Left, From.AddDays(14));
        // c4: moved from A to B: A→B
        var c4 = await CustomerAsync();
        await MemberAsync(_b, c4);
        await MoveAsync(_a, c4, SegmentMovementType.Left, Day10);
        await MoveAsync(_b, c4, SegmentMovementType.Entered, Day10);
        // c5: in A and B all along: counted in every pair, A→A, A→B, B→A, B→B
        var c5 = await CustomerAsync();
        await MemberAsync(_a, c5);
        await MemberAsync(_b, c5);
        // c6: in B all along, entered A after the period: B→B (in A at neither end)
        var c6 = await CustomerAsync();
        await MemberAsync(_a, c6);
        await MemberAsync(_b, c6);
        await MoveAsync(_a, c6, SegmentMovementType.Entered, To.AddDays(4));
        // c7: left B after the period, so in B at both ends: B→B
        var c7 = await CustomerAsync();
        await MoveAsync(_b, c7, SegmentMovementType.Left, To.AddDays(1));
        // c8: entered and left A within the period: in none at either end, not counted
        var c8 = await CustomerAsync();
        await MoveAsync(_a, c8, SegmentMovementType.Entered, From.AddDays(4));
        await MoveAsync(_a, c8, SegmentMovementType.Left, From.AddDays(19));
        // c9: only in C, which is not chosen, and moving there: not counted
        var c9 = await CustomerAsync();
        await MemberAsync(_c, c9);
        await MoveAsync(_c, c9, SegmentMovementType.Entered, Day10);
        // c10: entered A at the very start of the period, which belongs to the period: 0→A
        var c10 = await CustomerAsync();
        await MemberAsync(_a, c10);
        await MoveAsync(_a, c10, SegmentMovementType.Entered, From);
        // c11: left B at the very end bound, which belongs to the next period: B→B
        var c11 = await CustomerAsync();
        await MoveAsync(_b, c11, SegmentMovementType.Left, To);
        // c12: left and entered A at the same moment (in that order, by id): A→A
        var c12 = await CustomerAsync();
        await MemberAsync(_a, c12);
        await MoveAsync(_a, c12, SegmentMovementType.Left, From.AddDays(11));
        await MoveAsync(_a, c12, SegmentMovementType.Entered, From.AddDays(11));
        // c13: moved in A during the period and is in C, which is not chosen: 0→A, C stays out
        var c13 = await CustomerAsync();
        await MemberAsync(_a, c13);
        await MemberAsync(_c, c13);
        await MoveAsync(_a, c13, SegmentMovementType.Entered, From.AddDays(2));
    }

    private static string Describe(IEnumerable<SegmentFlow> flows) =>
        string.Join(", ", flows.Select(f => $"{f.FromSegmentId}->{f.ToSegmentId}:{f.Customers}"));

    [Test]
    public async Task Flows_between_two_segments_count_each_customer_in_every_pair_of_their_start_and_end_segments()
    {
        await FillAsync();

        var flows = await Service().GetFlowsAsync([_a.Id, _b.Id], From, To);

        var (a, b) = (_a.Id, _b.Id);
        var expected = new[]
        {
            new SegmentFlow(0, a, 3), // c2, c10, c13
            new SegmentFlow(a, 0, 1), // c3
            new SegmentFlow(a, a, 3), // c1, c5, c12
            new SegmentFlow(a, b, 2), // c4, c5
            new SegmentFlow(b, a, 1), // c5
            new SegmentFlow(b, b, 4) // c5, c6, c7, c11
        };
        Assert.That(Describe(flows), Is.EqualTo(Describe(expected)));
    }

    [Test]
    public async Task With_one_segment_chosen_a_move_to_another_segment_is_leaving_and_the_others_do_not_count()
    {
        await FillAsync();

        var flows = await Service().GetFlowsAsync([_a.Id], From, To);

        var a = _a.Id;
        Assert.That(Describe(flows), Is.EqualTo(Describe([
            new SegmentFlow(0, a, 3), // c2, c10, c13
            new SegmentFlow(a, 0, 2), // c3, c4
            new SegmentFlow(a, a, 3) // c1, c5, c12
        ])));
    }

    [Test]
    public async Task A_later_period_reads_the_history_after_it_and_a_period_of_no_length_shows_everyone_staying()
    {
        await FillAsync();
        var (a, b) = (_a.Id, _b.Id);

        // 2 to 10 July: c6 entered A on the 5th while in B all along; c7 left B on the 2nd, the first day of the period
        var later = await Service().GetFlowsAsync([a, b], To.AddDays(1), To.AddDays(9));
        var expectedLater = new[]
        {
            // who did not move from the 2nd on is where they are today: c1, c2, c5, c10, c12, c13 in A; c4, c5 in B
            new SegmentFlow(a, a, 6), // c1, c2, c5, c10, c12, c13
            new SegmentFlow(a, b, 1), // c5
            new SegmentFlow(b, a, 2), // c5, c6 (in B at the start, in A and B at the end)
            new SegmentFlow(b, b, 3), // c4, c5, c6
            new SegmentFlow(b, 0, 1) // c7 left B on 2 July, inside the period
        };
        Assert.That(Describe(later), Is.EqualTo(Describe(expectedLater.OrderBy(f => f.FromSegmentId).ThenBy(f => f.ToSegmentId))));

        // a moment: everyone in the segments they were in then, staying there
        var moment = await Service().GetFlowsAsync([a], To, To);
        Assert.That(Describe(moment), Is.EqualTo(Describe([new SegmentFlow(a, a, 6)]))); // c1, c2, c5, c10, c12, c13
    }

    [Test]
    public async Task No_segments_an_empty_segment_and_an_empty_store_have_no_flows()
    {
        Assert.That(await Service().GetFlowsAsync([_a.Id, _b.Id], From, To), Is.Empty, "a store with no members and no history");

        await FillAsync();
        Assert.That(await Service().GetFlowsAsync([], From, To), Is.Empty);
        Assert.That(await Service().GetFlowsAsync([_empty.Id], From, To), Is.Empty);
        Assert.That(await Service().GetFlowsAsync([0, -3], From, To), Is.Empty);
    }

    [Test]
    public async Task Flows_are_cached_under_the_analytics_prefix_until_a_task_drops_it_and_a_backward_period_is_refused()
    {
        await FillAsync();
        var service = Service();
        var first = await service.GetFlowsAsync([_b.Id, _a.Id, _a.Id], From, To);
        Assert.That(_store.Cache.Entries.Keys, Has.Some.StartsWith(SegmentationDefaults.AnalyticsPrefix + "flows."));

        // a customer joins A during the period; the figure holds until the prefix is dropped
        var late = await CustomerAsync();
        await MemberAsync(_a, late);
        await MoveAsync(_a, late, SegmentMovementType.Entered, Day10);
        Assert.That(Describe(await service.GetFlowsAsync([_a.Id, _b.Id], From, To)), Is.EqualTo(Describe(first)), "same ids in another order: the same entry");

        await _store.Cache.RemoveByPrefixAsync(SegmentationDefaults.AnalyticsPrefix);
        var fresh = await service.GetFlowsAsync([_a.Id, _b.Id], From, To);
        Assert.That(fresh.Single(f => f.FromSegmentId == 0 && f.ToSegmentId == _a.Id).Customers, Is.EqualTo(4));

        Assert.ThrowsAsync<ArgumentException>(() => service.GetFlowsAsync([_a.Id], To, From));
    }
}
