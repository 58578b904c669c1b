using Nop.Core.Caching;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Analytics;

/// <summary>
/// One day of a segment's trend: its snapshot (members, and their orders and revenue of the 30 days before; null on a
/// day without one) and who entered and left it that day.
/// </summary>
public sealed record SegmentTrendDay(DateTime Day, int? Members, int? Orders, decimal? Revenue, int Entered, int Left);

/// <summary>Every day of the period, first to last.</summary>
public sealed record SegmentTrend(IReadOnlyList<SegmentTrendDay> Days);

/// <summary>
/// A segment's daily series over a period for the details' charts: the daily snapshots, and the movements counted per
/// day of the owner's time zone in the database.
/// </summary>
public class SegmentTrendService
{
    private static CacheKey TrendKey => new(SegmentationDefaults.AnalyticsPrefix + "details.trend.{0}.{1}");

    private readonly IRepository<SegmentMovement> _movementRepository;
    private readonly IRepository<SegmentSnapshot> _snapshotRepository;
    private readonly IStaticCacheManager _staticCacheManager;

    public SegmentTrendService(IRepository<SegmentMovement> movementRepository, IRepository<SegmentSnapshot> snapshotRepository,
        IStaticCacheManager staticCacheManager)
    {
        _movementRepository = movementRepository;
        _snapshotRepository = snapshotRepository;
        _staticCacheManager = staticCacheManager;
    }

    public async Task<SegmentTrend> GetAsync(int segmentId, SegmentPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        var key = _staticCacheManager.PrepareKeyForDefaultCache(TrendKey, segmentId, period.CacheKeyPart);
        return await _staticCacheManager.GetAsync(key, () => ComputeAsync(segmentId, period));
    }

    private async Task<SegmentTrend> ComputeAsync(int segmentId, SegmentPeriod period)
    {
        // a snapshot is dated by the UTC day it was taken on; the owner's calendar days pick them by that date
        var (firstDay, afterLastDay) = (period.FromDay, period.ToDay.AddDays(1));
        var snapshots = (await _snapshotRepository.Table
                .Where(s => s.SegmentId == segmentId && s.SnapshotDateUtc >= firstDay && s.SnapshotDateUtc < afterLastDay)
                .Select(s => new { s.SnapshotDateUtc, s.Members, s.Orders, s.Revenue })
                .ToListAsync())
            .ToDictionary(s => s.SnapshotDateUtc.Date);

        var entered = new int[period.Days];
        var left = new int[period.Days];
        foreach (var span in Spans(period))
        {
            var (fromUtc, toUtc, offset) = (period.DayStartsUtc[span.First], period.DayStartsUtc[span.Last + 1], span.OffsetMinutes);
            var movements = _movementRepository.Table.Where(m => m.SegmentId == segmentId && m.CreatedOnUtc >= fromUtc && m.CreatedOnUtc < toUtc);
            // the owner's day of a movement: its UTC time moved by the span's offset, cut to the date
            var days = offset == 0
                ? movements.Select(m => new { Day = m.CreatedOnUtc.Date, m.MovementTypeId })
                : movements.Select(m => new { Day = m.CreatedOnUtc.AddMinutes(offset).Date, m.MovementTypeId });
            var counts = await days.GroupBy(d => new { d.Day, d.MovementTypeId })
                .Select(g => new { g.Key.Day, g.Key.MovementTypeId, Count = g.Count() })
                .ToListAsync();

            foreach (var count in counts)
            {
                // a day whose clock changes is its own span, and everything in its UTC bounds belongs to it
                var index = Math.Clamp((int)(count.Day.Date - period.FromDay).TotalDays, span.First, span.Last);
                if (count.MovementTypeId == (int)SegmentMovementType.Entered)
                    entered[index] += count.Count;
                else if (count.MovementTypeId == (int)SegmentMovementType.Left)
                    left[index] += count.Count;
            }
        }

        return new SegmentTrend(Enumerable.Range(0, period.Days).Select(i =>
        {
            var day = period.FromDay.AddDays(i);
            return snapshots.TryGetValue(day, out var s)
                ? new SegmentTrendDay(day, s.Members, s.Orders, s.Revenue, entered[i], left[i])
                : new SegmentTrendDay(day, null, null, null, entered[i], left[i]);
        }).ToList());
    }

    /// <summary>A run of days with one UTC offset throughout (first and last index in the period).</summary>
    public readonly record struct DaySpan(int First, int Last, int OffsetMinutes);

    /// <summary>
    /// The period cut where the owner's clock changes: consecutive days of 24 hours with the same UTC offset share a
    /// span (mostly the whole period is one), and a day of 23 or 25 hours is a span of its own.
    /// </summary>
    public static IReadOnlyList<DaySpan> Spans(SegmentPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        var spans = new List<DaySpan>();
        var previousRegular = false;
        for (var i = 0; i < period.Days; i++)
        {
            var start = period.DayStartsUtc[i];
            var regular = period.DayStartsUtc[i + 1] - start == TimeSpan.FromDays(1);
            var offset = (int)Math.Round((period.FromDay.AddDays(i) - start).TotalMinutes);
            if (regular && previousRegular && spans[^1].OffsetMinutes == offset)
                spans[^1] = spans[^1] with { Last = i };
            else
                spans.Add(new DaySpan(i, i, offset));
            previousRegular = regular;
        }

        return spans;
    }
}
