using Nop.Core.Caching;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Analytics;

/// <summary>Where the members of chosen segments at the start of a period are at its end (the dashboard's Sankey diagram).</summary>
public class SegmentFlowService
{
    /// <summary>{0}: the chosen segment ids, sorted and joined by '-'; {1}, {2}: the bounds' ticks.</summary>
    private static CacheKey FlowsCacheKey => new(SegmentationDefaults.AnalyticsPrefix + "flows.{0}.{1}.{2}");

    private readonly IRepository<SegmentMember> _memberRepository;
    private readonly IRepository<SegmentMovement> _movementRepository;
    private readonly IStaticCacheManager _staticCacheManager;

    public SegmentFlowService(IRepository<SegmentMember> memberRepository,
        IRepository<SegmentMovement> movementRepository,
        IStaticCacheManager staticCacheManager)
    {
        _memberRepository = memberRepository;
        _movementRepository = movementRepository;
        _staticCacheManager = staticCacheManager;
    }

    /// <summary>
    /// Flows between the given segments from <paramref name="fromUtc"/> to <paramref name="toUtc"/>; pairs with no
    /// customers are left out.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Membership at a moment t is what it was just before t, so a period [from, to) takes in the movements stamped
    /// from on and leaves out those stamped to: for a segment and customer, the first of their movements at or after t
    /// (by time, then id) decides (entered: was not a member at t; left: was one); without any, today's membership holds.
    /// </para>
    /// <para>
    /// A customer is counted once for every pair of a segment they were in at the start and one they were in at the
    /// end: a customer in two chosen segments at both ends counts in four pairs (A→A, A→B, B→A, B→B). Segment id 0
    /// stands for "in none of the chosen segments" and pairs with a segment on the other side (0→A: joined, A→0: left
    /// them all); customers in none at both ends are not counted.
    /// </para>
    /// <para>
    /// Reads only the movements from <paramref name="fromUtc"/> on (by the segment and date index): a customer without
    /// any is in the same segments at both ends, so the many who stayed are counted from today's members alone.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentException">The period ends before it starts.</exception>
    public async Task<IList<SegmentFlow>> GetFlowsAsync(IReadOnlyCollection<int> segmentIds, DateTime fromUtc, DateTime toUtc)
    {
        ArgumentNullException.ThrowIfNull(segmentIds);
        if (fromUtc > toUtc)
            throw new ArgumentException("The period ends before it starts.", nameof(toUtc));

        var ids = segmentIds.Where(id => id > 0).Distinct().Order().ToList();
        if (ids.Count == 0)
            return [];
        if (ids.Count > SegmentationDefaults.MaxInListSize)
            throw new ArgumentException($"At most {SegmentationDefaults.MaxInListSize} segments at once.", nameof(segmentIds));

        var key = _staticCacheManager.PrepareKeyForDefaultCache(FlowsCacheKey, string.Join("-", ids), fromUtc.Ticks, toUtc.Ticks);
        var flows = await _staticCacheManager.GetAsync(key, () => CountAsync(ids, fromUtc, toUtc));
        return flows.ToList();
    }

    private async Task<List<SegmentFlow>> CountAsync(List<int> ids, DateTime fromUtc, DateTime toUtc)
    {
        var members = _memberRepository.Table.Where(m => ids.Contains(m.SegmentId));
        var sinceFrom = _movementRepository.Table.Where(m => ids.Contains(m.SegmentId) && m.CreatedOnUtc >= fromUtc);

        // customers who did not move: today's segments at both ends, every pair of them
        var stayed = await (from a in members
                            join b in members on a.CustomerId equals b.CustomerId
                            where !sinceFrom.Any(x => x.CustomerId == a.CustomerId)
                            group a by new { From = a.SegmentId, To = b.SegmentId } into g
                            select new FlowRow { From = g.Key.From, To = g.Key.To, Customers = g.Count() }).ToListAsync();

        // customers who moved: the segments they were in at each end, or 0 for none
        var movedCustomers = sinceFrom.Select(x => x.CustomerId).Distinct();
        // a type for each end: linq2db must not take the two alike queries for one
        var starts = Memberships<StartMembership>(fromUtc, ids, movedCustomers);
        var ends = Memberships<EndMembership>(toUtc, ids, movedCustomers);
        var moved = await (from start in starts
                           join end in ends on start.CustomerId equals end.CustomerId
                           where start.SegmentId != 0 || end.SegmentId != 0
                           group start by new { From = start.SegmentId, To = end.SegmentId } into g
                           select new FlowRow { From = g.Key.From, To = g.Key.To, Customers = g.Count() }).ToListAsync();

        // the two groups are different customers, so a pair's counts add up
        return stayed.Concat(moved)
            .GroupBy(r => (r.From, r.To))
            .Select(g => new SegmentFlow(g.Key.From, g.Key.To, g.Sum(r => r.Customers)))
            .OrderBy(f => f.FromSegmentId).ThenBy(f => f.ToSegmentId)
            .ToList();
    }

    /// <summary>
    /// The chosen segments the given customers were in at <paramref name="utc"/>, or segment 0 for a customer in none:
    /// where the first movement at or after it (by time, then id) is leaving, and today's memberships without a
    /// movement since.
    /// </summary>
    private IQueryable<T> Memberships<T>(DateTime utc, List<int> ids, IQueryable<int> customers) where T : Membership, new()
    {
        var since = _movementRepository.Table.Where(m => ids.Contains(m.SegmentId) && m.CreatedOnUtc >= utc);
        var left = (int)SegmentMovementType.Left;
        var leftFirst = from m in since
                        where m.MovementTypeId == left
                              && !since.Any(o => o.SegmentId == m.SegmentId && o.CustomerId == m.CustomerId
                                                 && (o.CreatedOnUtc < m.CreatedOnUtc || (o.CreatedOnUtc == m.CreatedOnUtc && o.Id < m.Id)))
                        select new T { CustomerId = m.CustomerId, SegmentId = m.SegmentId };
        var unmoved = from m in _memberRepository.Table
                      where ids.Contains(m.SegmentId) && customers.Contains(m.CustomerId)
                            && !since.Any(o => o.SegmentId == m.SegmentId && o.CustomerId == m.CustomerId)
                      select new T { CustomerId = m.CustomerId, SegmentId = m.SegmentId };
        var members = leftFirst.Concat(unmoved);
        return members.Concat(customers.Where(c => !members.Any(r => r.CustomerId == c)).Select(c => new T { CustomerId = c, SegmentId = 0 }));
    }

    private sealed class FlowRow
    {
        public int From { get; set; }
        public int To { get; set; }
        public int Customers { get; set; }
    }

    private class Membership
    {
        public int CustomerId { get; set; }
        public int SegmentId { get; set; }
    }

    private sealed class StartMembership : Membership;

    private sealed class EndMembership : Membership;
}
