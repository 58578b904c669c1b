using Nop.Core.Caching;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Analytics;

/// <summary>Another segment and how many customers moved between it and the one in question.</summary>
public sealed record SegmentNeighbour(int SegmentId, string Name, int Customers);

/// <summary>Where a segment's newcomers came from and where its leavers went, most customers first.</summary>
public sealed record SegmentTransitions(IReadOnlyList<SegmentNeighbour> CameFrom, IReadOnlyList<SegmentNeighbour> WentTo);

/// <summary>
/// "Came from / went to" of a segment's details. Came from: of the customers who entered the segment in the period,
/// how many left each other segment within a day (before or after) of entering. Went to: of those who left it in the
/// period, how many entered each other segment within a day of leaving. Each customer counts once per other segment;
/// the task evaluates every segment in one run, so a move between two segments shows as a pair of movements minutes apart.
/// </summary>
public class SegmentTransitionService
{
    /// <summary>How many other segments each list shows.</summary>
    public const int Top = 5;

    /// <summary>How far apart the two movements of one move may be.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(1);

    private static CacheKey TransitionsKey => new(SegmentationDefaults.AnalyticsPrefix + "details.transitions.{0}.{1}");

    private readonly IRepository<Segment> _segmentRepository;
    private readonly IRepository<SegmentMovement> _movementRepository;
    private readonly IStaticCacheManager _staticCacheManager;

    public SegmentTransitionService(IRepository<Segment> segmentRepository, IRepository<SegmentMovement> movementRepository,
        IStaticCacheManager staticCacheManager)
    {
        _segmentRepository = segmentRepository;
        _movementRepository = movementRepository;
        _staticCacheManager = staticCacheManager;
    }

    public async Task<SegmentTransitions> GetAsync(int segmentId, SegmentPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        var key = _staticCacheManager.PrepareKeyForDefaultCache(TransitionsKey, segmentId, period.CacheKeyPart);
        return await _staticCacheManager.GetAsync(key, async () =>
        {
            var cameFrom = await NeighboursAsync(segmentId, period, SegmentMovementType.Entered, SegmentMovementType.Left);
            var wentTo = await NeighboursAsync(segmentId, period, SegmentMovementType.Left, SegmentMovementType.Entered);
            var ids = cameFrom.Concat(wentTo).Select(n => n.SegmentId).Distinct().ToList();
            var names = ids.Count == 0 ? [] : (await _segmentRepository.Table.Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync())
                .ToDictionary(s => s.Id, s => s.Name);
            SegmentNeighbour Named((int SegmentId, int Customers) n) => new(n.SegmentId, names.GetValueOrDefault(n.SegmentId) ?? $"#{n.SegmentId}", n.Customers);
            return new SegmentTransitions(cameFrom.Select(Named).ToList(), wentTo.Select(Named).ToList());
        });
    }

    /// <summary>
    /// The movements <paramref name="here"/> of the segment in the period (its index on segment and date), each paired
    /// with the same customer's movements <paramref name="there"/> in other segments (the index on customer) within the window.
    /// </summary>
    private async Task<IReadOnlyList<(int SegmentId, int Customers)>> NeighboursAsync(int segmentId, SegmentPeriod period,
        SegmentMovementType here, SegmentMovementType there)
    {
        var (start, end, hereId, thereId, days) = (period.FromUtc, period.ToUtc, (int)here, (int)there, Window.TotalDays);
        // the same window around the whole period too: a bound on the other movements' dates that needs no arithmetic on a column
        var (otherFrom, otherTo) = (start - Window, end + Window);
        var pairs = (from movement in _movementRepository.Table
                     where movement.SegmentId == segmentId && movement.MovementTypeId == hereId && movement.CreatedOnUtc >= start && movement.CreatedOnUtc < end
                     join other in _movementRepository.Table on movement.CustomerId equals other.CustomerId
                     where other.SegmentId != segmentId && other.MovementTypeId == thereId && other.CreatedOnUtc >= otherFrom && other.CreatedOnUtc <= otherTo
                           && other.CreatedOnUtc >= movement.CreatedOnUtc.AddDays(-days) && other.CreatedOnUtc <= movement.CreatedOnUtc.AddDays(days)
                     select new { other.SegmentId, other.CustomerId })
            .Distinct();
        var top = await pairs.GroupBy(p => p.SegmentId)
            .Select(g => new { SegmentId = g.Key, Customers = g.Count() })
            .OrderByDescending(n => n.Customers).ThenBy(n => n.SegmentId)
            .Take(Top)
            .ToListAsync();
        return top.Select(n => (n.SegmentId, n.Customers)).ToList();
    }
}
