using System.Linq.Expressions;
using Nop.Core.Caching;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Analytics;

/// <summary>Where the members of chosen segments at the start of a period are at its end (the dashboard's Sankey diagram).</summary>
public class SegmentFlowService
{
    /// <summary>
    /// Most segments at once: customers who moved are grouped by the set of segments they were in, one bit a segment in
    /// a 64-bit number. A diagram of more could not be read anyway.
    /// </summary>
    public const int MaxSegments = 62;

    /// <summary>{0}: the chosen segment ids, sorted and joined by '-'; {1}, {2}: the bounds' ticks.</summary>
    public static CacheKey FlowsCacheKey => new(SegmentationDefaults.AnalyticsPrefix + "flows.{0}.{1}.{2}");

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
    /// from on and leaves out those stamped to. For a segment and customer, the first of their movements stamped at or
    /// after t, in the order they were recorded, decides (entered: was not a member at t; left: was one); without any,
    /// today's membership holds.
    /// </para>
    /// <para>
    /// A customer is counted once for every pair of a segment they were in at the start and one they were in at the
    /// end: a customer in two chosen segments at both ends counts in four pairs (A→A, A→B, B→A, B→B). Segment id 0
    /// stands for "in none of the chosen segments" and pairs with a segment on the other side (0→A: joined, A→0: left
    /// them all); customers in none at both ends are not counted.
    /// </para>
    /// <para>
    /// Reads only the movements from <paramref name="fromUtc"/> on (by the segment and date index). A customer without
    /// any is in the same segments at both ends, so the many who stayed are counted from today's members alone; the
    /// memberships of those who moved are summed per customer into the set of segments at each end and counted per
    /// pair of sets, and the pairs of segments spread out here from the few pairs of sets.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentException">The period ends before it starts, or more than <see cref="MaxSegments"/> segments.</exception>
    public async Task<IList<SegmentFlow>> GetFlowsAsync(IReadOnlyCollection<int> segmentIds, DateTime fromUtc, DateTime toUtc)
    {
        ArgumentNullException.ThrowIfNull(segmentIds);
        if (fromUtc > toUtc)
            throw new ArgumentException("The period ends before it starts.", nameof(toUtc));

        var ids = segmentIds.Where(id => id > 0).Distinct().Order().ToList();
        if (ids.Count == 0)
            return [];
        if (ids.Count > MaxSegments)
            throw new ArgumentException($"At most {MaxSegments} segments at once.", nameof(segmentIds));

        var key = _staticCacheManager.PrepareKeyForDefaultCache(FlowsCacheKey, string.Join("-", ids), fromUtc.Ticks, toUtc.Ticks);
        var flows = await _staticCacheManager.GetAsync(key, () => CountAsync(ids, fromUtc, toUtc));
        return flows.ToList();
    }

    private async Task<List<SegmentFlow>> CountAsync(List<int> ids, DateTime fromUtc, DateTime toUtc)
    {
        var members = _memberRepository.Table.Where(m => ids.Contains(m.SegmentId));
        var sinceFrom = _movementRepository.Table.Where(m => ids.Contains(m.SegmentId) && m.CreatedOnUtc >= fromUtc);
        var counts = new Dictionary<(int From, int To), int>();

        // customers who did not move (most of them): today's segments at both ends, every pair of them
        var stayed = await (from a in members
                            join b in members on a.CustomerId equals b.CustomerId
                            where !sinceFrom.Any(x => x.CustomerId == a.CustomerId)
                            group a by new { From = a.SegmentId, To = b.SegmentId } into g
                            select new { g.Key.From, g.Key.To, Customers = g.Count() }).ToListAsync();
        foreach (var row in stayed)
            counts[(row.From, row.To)] = row.Customers;

        // customers who moved: per segment, the first movement from each bound on, found in one pass over the movements
        // since the start: the lowest of id × 2 + 1 for leaving (0 for entering) is the first recorded, and its last
        // bit says which way it went
        var left = (int)SegmentMovementType.Left;
        var firsts = from m in sinceFrom
                     group m by new { m.SegmentId, m.CustomerId } into g
                     select new
                     {
                         g.Key.SegmentId,
                         g.Key.CustomerId,
                         Start = g.Min(m => (long)m.Id * 2 + (m.MovementTypeId == left ? 1 : 0)),
                         End = g.Min(m => m.CreatedOnUtc >= toUtc ? (long?)m.Id * 2 + (m.MovementTypeId == left ? 1 : 0) : null)
                     };

        // their memberships as today, at both ends, corrected where they moved by what the first movement from the
        // bound says (a member today who was not one at the start counts 1 - 1 there)
        var today = from m in members
                    where sinceFrom.Any(x => x.CustomerId == m.CustomerId)
                    select new MemberState { CustomerId = m.CustomerId, SegmentId = m.SegmentId, AtStart = 1, AtEnd = 1 };
        var corrections = from f in firsts
                          from m in members.Where(m => m.SegmentId == f.SegmentId && m.CustomerId == f.CustomerId).DefaultIfEmpty()
                          select new MemberState
                          {
                              CustomerId = f.CustomerId,
                              SegmentId = f.SegmentId,
                              AtStart = (f.Start % 2 == 1 ? 1 : 0) - (m != null ? 1 : 0),
                              AtEnd = f.End == null ? 0 : (f.End % 2 == 1 ? 1 : 0) - (m != null ? 1 : 0)
                          };

        // each customer's segments at either end as one number, a bit a segment, and the customers counted per pair of numbers
        var sets = await today.Concat(corrections)
            .Select(SegmentBits(ids))
            .GroupBy(s => s.CustomerId)
            .Select(g => new { Start = g.Sum(s => s.Start), End = g.Sum(s => s.End) })
            .GroupBy(s => new { s.Start, s.End })
            .Select(g => new { g.Key.Start, g.Key.End, Customers = g.Count() })
            .ToListAsync();
        foreach (var set in sets.Where(s => s.Start != 0 || s.End != 0))
            foreach (var from in SegmentsOf(set.Start, ids))
                foreach (var to in SegmentsOf(set.End, ids))
                    counts[(from, to)] = counts.GetValueOrDefault((from, to)) + set.Customers;

        return counts.Select(c => new SegmentFlow(c.Key.From, c.Key.To, c.Value))
            .OrderBy(f => f.FromSegmentId).ThenBy(f => f.ToSegmentId)
            .ToList();
    }

    /// <summary>The segments of a set (bit i: ids[i]), or 0 for none.</summary>
    private static IEnumerable<int> SegmentsOf(long set, List<int> ids) =>
        set == 0 ? [0] : Enumerable.Range(0, ids.Count).Where(i => (set & (1L << i)) != 0).Select(i => ids[i]);

    /// <summary>
    /// A state's segment as its bit, times the state's count at each end (1, 0 or -1): a CASE over the chosen ids,
    /// built here because the number of ids varies. Summed per customer they give the set, every engine alike.
    /// </summary>
    private static Expression<Func<MemberState, SegmentSet>> SegmentBits(List<int> ids)
    {
        var state = Expression.Parameter(typeof(MemberState), "s");
        var segment = Expression.Property(state, nameof(MemberState.SegmentId));
        Expression bit = Expression.Constant(0L);
        for (var i = ids.Count - 1; i >= 0; i--)
            bit = Expression.Condition(Expression.Equal(segment, Expression.Constant(ids[i])), Expression.Constant(1L << i), bit);

        Expression Times(string count) => Expression.Multiply(Expression.Convert(Expression.Property(state, count), typeof(long)), bit);
        return Expression.Lambda<Func<MemberState, SegmentSet>>(Expression.MemberInit(Expression.New(typeof(SegmentSet)),
            Expression.Bind(typeof(SegmentSet).GetProperty(nameof(SegmentSet.CustomerId))!, Expression.Property(state, nameof(MemberState.CustomerId))),
            Expression.Bind(typeof(SegmentSet).GetProperty(nameof(SegmentSet.Start))!, Times(nameof(MemberState.AtStart))),
            Expression.Bind(typeof(SegmentSet).GetProperty(nameof(SegmentSet.End))!, Times(nameof(MemberState.AtEnd)))), state);
    }

    private sealed class MemberState
    {
        public int CustomerId { get; set; }
        public int SegmentId { get; set; }
        public int AtStart { get; set; }
        public int AtEnd { get; set; }
    }

    private sealed class SegmentSet
    {
        public int CustomerId { get; set; }
        public long Start { get; set; }
        public long End { get; set; }
    }
}
