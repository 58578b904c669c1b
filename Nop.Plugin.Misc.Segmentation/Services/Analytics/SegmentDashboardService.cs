using Nop.Core;
using Nop.Core.Caching;
using Nop.Core.Domain.Customers;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Profiles;
using Nop.Plugin.Misc.Segmentation.Services.Segments;

namespace Nop.Plugin.Misc.Segmentation.Services.Analytics;

/// <summary>One cell of the recency × frequency grid: its customers and the sum of their monetary scores.</summary>
public record RfmCellFigure(int Recency, int Frequency, int Customers, int MonetarySum);

/// <summary>A store's RFM grid (only the cells that have customers) and the cut points its scores were given by.</summary>
public record RfmGridFigures(IReadOnlyList<RfmCellFigure> Cells, decimal[] RecencyCuts, decimal[] FrequencyCuts, decimal[] MonetaryCuts)
{
    public int Customers => Cells.Sum(c => c.Customers);
}

/// <summary>A customer of one RFM cell, for its member list.</summary>
public record RfmCellMember(int CustomerId, string Email, int Recency, int Frequency, int Monetary, int Orders, decimal Spent, DateTime? LastOrderUtc);

/// <summary>The distribution of a store's profiles now and on the first snapshot day on or after the period start.</summary>
public record DistributionFigures(IReadOnlyList<DimensionCount> Now, DateTime? StartDayUtc, IReadOnlyList<DimensionCount> Start);

/// <summary>A segment's members now and on the first snapshot day on or after the period start (null: no snapshot since).</summary>
public record SegmentSizeFigure(int SegmentId, string Name, string SystemName, int StoreId, int Members, DateTime? StartDayUtc, int? StartMembers)
{
    public int? Growth => StartMembers is { } start ? Members - start : null;

    /// <summary>Growth over the start; null when there is no start or it was empty.</summary>
    public decimal? GrowthRate => StartMembers is > 0 and var start ? (decimal)(Members - start) / start : null;
}

/// <summary>
/// The dashboard's own figures: the RFM grid and its cells' members, the distribution of profiles then and now, and
/// the segments' sizes then and now. Every figure is counted in the database and cached under the analytics prefix,
/// which the tasks drop when they have written new profiles.
/// </summary>
public class SegmentDashboardService
{
    /// <summary>The flows' default segments: the built-in RFM groups, which no customer is in two of at once.</summary>
    public static bool IsDefaultFlowSegment(string systemName) => systemName?.StartsWith("rfm_", StringComparison.Ordinal) == true;

    public static CacheKey RfmGridKey => new(SegmentationDefaults.AnalyticsPrefix + "dashboard.rfm.{0}");
    public static CacheKey DistributionKey => new(SegmentationDefaults.AnalyticsPrefix + "dashboard.distribution.{0}.{1}");
    public static CacheKey SegmentSizesKey => new(SegmentationDefaults.AnalyticsPrefix + "dashboard.sizes.{0}.{1}");

    private readonly IRepository<Customer> _customerRepository;
    private readonly IRepository<CustomerProfile> _profileRepository;
    private readonly IRepository<Segment> _segmentRepository;
    private readonly IRepository<SegmentSnapshot> _snapshotRepository;
    private readonly IRepository<StoreStatistics> _statisticsRepository;
    private readonly IStaticCacheManager _staticCacheManager;
    private readonly ProfileSnapshotService _profileSnapshotService;
    private readonly AbandonedCartReportService _cartReportService;
    private readonly PredictionReportService _predictionReportService;
    private readonly SegmentFlowService _flowService;

    public SegmentDashboardService(AbandonedCartReportService cartReportService,
        PredictionReportService predictionReportService,
        SegmentFlowService flowService,
        IRepository<Customer> customerRepository,
        IRepository<CustomerProfile> profileRepository,
        IRepository<Segment> segmentRepository,
        IRepository<SegmentSnapshot> snapshotRepository,
        IRepository<StoreStatistics> statisticsRepository,
        IStaticCacheManager staticCacheManager,
        ProfileSnapshotService profileSnapshotService)
    {
        _customerRepository = customerRepository;
        _profileRepository = profileRepository;
        _segmentRepository = segmentRepository;
        _snapshotRepository = snapshotRepository;
        _statisticsRepository = statisticsRepository;
        _staticCacheManager = staticCacheManager;
        _profileSnapshotService = profileSnapshotService;
        _cartReportService = cartReportService;
        _predictionReportService = predictionReportService;
        _flowService = flowService;
    }

    // the report services cache their own figures: the dashboard reads them through, not into a second copy

    public Task<IList<SegmentFlow>> GetFlowsAsync(IReadOnlyCollection<int> segmentIds, DateTime fromUtc, DateTime toUtc) =>
        _flowService.GetFlowsAsync(segmentIds, fromUtc, toUtc);

    public Task<CartFunnel> GetCartFunnelAsync(int storeId, DateTime fromUtc, DateTime toUtc) =>
        _cartReportService.GetFunnelAsync(storeId, fromUtc, toUtc);

    public Task<PredictionSummary> GetPredictionSummaryAsync(int storeId) =>
        _predictionReportService.GetSummaryAsync(storeId);

    /// <summary>
    /// Profiles of a store with both scores, the rows the grid counts. Only customers with orders are scored, so the
    /// scores alone decide, and the grid reads nothing but the RFM index.
    /// </summary>
    private IQueryable<CustomerProfile> Scored(int storeId) => _profileRepository.Table.Where(p => p.StoreId == storeId
        && p.RecencyScore >= 1 && p.RecencyScore <= 5 && p.FrequencyScore >= 1 && p.FrequencyScore <= 5);

    public Task<RfmGridFigures> GetRfmGridAsync(int storeId) =>
        _staticCacheManager.GetAsync(_staticCacheManager.PrepareKeyForDefaultCache(RfmGridKey, storeId), async () =>
        {
            // one GROUP BY over the store's range of the RFM index
            var cells = await Scored(storeId)
                .GroupBy(p => new { p.RecencyScore, p.FrequencyScore })
                .Select(g => new { g.Key.RecencyScore, g.Key.FrequencyScore, Customers = g.Count(), MonetarySum = g.Sum(p => p.MonetaryScore) })
                .ToListAsync();
            var statistics = await _statisticsRepository.Table.FirstOrDefaultAsync(s => s.StoreId == storeId);
            return new RfmGridFigures(
                cells.Select(c => new RfmCellFigure(c.RecencyScore, c.FrequencyScore, c.Customers, c.MonetarySum))
                    .OrderByDescending(c => c.Recency).ThenBy(c => c.Frequency).ToList(),
                ProfileCalculator.Parse(statistics?.RecencyDays), ProfileCalculator.Parse(statistics?.Frequency), ProfileCalculator.Parse(statistics?.Monetary));
        });

    /// <summary>
    /// The customers of one cell, who spent most first; paged in the database over the RFM index, the page's e-mail
    /// addresses read by id afterwards (a join would count a large cell against every customer).
    /// </summary>
    public async Task<IPagedList<RfmCellMember>> GetCellMembersAsync(int storeId, int recency, int frequency, int pageIndex, int pageSize)
    {
        var page = await Scored(storeId)
            .Where(p => p.RecencyScore == recency && p.FrequencyScore == frequency)
            .OrderByDescending(p => p.AmountSpent).ThenBy(p => p.CustomerId)
            .Select(p => new { p.CustomerId, p.RecencyScore, p.FrequencyScore, p.MonetaryScore, p.OrdersCount, p.AmountSpent, p.LastOrderDateUtc })
            .ToPagedListAsync(pageIndex, pageSize);
        var ids = page.Select(p => p.CustomerId).ToList();
        var emails = (await _customerRepository.Table.Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Email }).ToListAsync())
            .ToDictionary(c => c.Id, c => c.Email);
        var members = page.Select(p => new RfmCellMember(p.CustomerId, emails.GetValueOrDefault(p.CustomerId), p.RecencyScore, p.FrequencyScore,
            p.MonetaryScore, p.OrdersCount, p.AmountSpent, p.LastOrderDateUtc)).ToList();
        return new PagedList<RfmCellMember>(members, pageIndex, pageSize, page.TotalCount);
    }

    /// <summary>The distribution now and on the first snapshot day on or after <paramref name="fromDay"/> (the period's first day).</summary>
    public Task<DistributionFigures> GetDistributionAsync(int storeId, DateTime fromDay) =>
        _staticCacheManager.GetAsync(_staticCacheManager.PrepareKeyForDefaultCache(DistributionKey, storeId, fromDay.Date.Ticks), async () =>
        {
            var now = await _profileSnapshotService.LatestAsync(storeId);
            var start = await _profileSnapshotService.GetOnOrAfterAsync(storeId, fromDay);
            return new DistributionFigures(now, start?.Day, start?.Counts ?? []);
        });

    /// <summary>
    /// The switched-on segments of a store (all segments for store 0), largest first, with their members now and on the
    /// first snapshot day on or after <paramref name="fromDay"/> (the period's first day).
    /// </summary>
    public Task<IReadOnlyList<SegmentSizeFigure>> GetSegmentSizesAsync(int storeId, DateTime fromDay) =>
        _staticCacheManager.GetAsync(_staticCacheManager.PrepareKeyForDefaultCache(SegmentSizesKey, storeId, fromDay.Date.Ticks), async () =>
        {
            var day = fromDay.Date;
            var segments = _segmentRepository.Table.Where(s => s.Active && (storeId == 0 || s.StoreId == storeId));
            var firstDays = from snapshot in _snapshotRepository.Table
                            join segment in segments on snapshot.SegmentId equals segment.Id
                            where snapshot.SnapshotDateUtc >= day
                            group snapshot by snapshot.SegmentId into g
                            select new { SegmentId = g.Key, Day = g.Min(s => s.SnapshotDateUtc) };
            var starts = (await (from snapshot in _snapshotRepository.Table
                                 join first in firstDays on new { snapshot.SegmentId, Day = snapshot.SnapshotDateUtc } equals new { first.SegmentId, first.Day }
                                 select new { snapshot.SegmentId, snapshot.SnapshotDateUtc, snapshot.Members }).ToListAsync())
                .ToDictionary(s => s.SegmentId);
            var list = await segments.Select(s => new { s.Id, s.Name, s.SystemName, s.StoreId, s.MemberCount }).ToListAsync();

            return (IReadOnlyList<SegmentSizeFigure>)list
                .Select(s => starts.TryGetValue(s.Id, out var start)
                    ? new SegmentSizeFigure(s.Id, s.Name, s.SystemName, s.StoreId, s.MemberCount, start.SnapshotDateUtc, start.Members)
                    : new SegmentSizeFigure(s.Id, s.Name, s.SystemName, s.StoreId, s.MemberCount, null, null))
                .OrderByDescending(s => s.Members).ThenBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
        });
}
