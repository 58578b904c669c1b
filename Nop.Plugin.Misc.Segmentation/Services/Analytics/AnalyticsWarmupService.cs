using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Services.Stores;

namespace Nop.Plugin.Misc.Segmentation.Services.Analytics;

/// <summary>
/// Computes, right after the hourly task has dropped the analytics cache, what owners open: the dashboard of every store
/// and each switched-on segment's details, for every period the pages offer (<see cref="AnalyticsPeriodService"/>). On
/// a store of a million customers these aggregates take seconds; the task pays for them once an hour, so the page an
/// owner opens reads the cache. Periods of other days, and flows between segments other than the RFM groups, are
/// computed when asked.
/// </summary>
public class AnalyticsWarmupService
{
    private readonly AnalyticsPeriodService _periodService;
    private readonly IRepository<Segment> _segmentRepository;
    private readonly IStoreService _storeService;
    private readonly SegmentDashboardService _dashboardService;
    private readonly SegmentKpiService _kpiService;
    private readonly SegmentTransitionService _transitionService;
    private readonly SegmentTrendService _trendService;

    public AnalyticsWarmupService(AnalyticsPeriodService periodService,
        IRepository<Segment> segmentRepository,
        IStoreService storeService,
        SegmentDashboardService dashboardService,
        SegmentKpiService kpiService,
        SegmentTransitionService transitionService,
        SegmentTrendService trendService)
    {
        _periodService = periodService;
        _segmentRepository = segmentRepository;
        _storeService = storeService;
        _dashboardService = dashboardService;
        _kpiService = kpiService;
        _transitionService = transitionService;
        _trendService = trendService;
    }

    public async Task WarmAsync(DateTime nowUtc)
    {
        var segments = await _segmentRepository.Table.Where(s => s.Active).ToListAsync();
        var flowSegmentIds = segments.Where(s => SegmentDashboardService.IsDefaultFlowSegment(s.SystemName)).Select(s => s.Id).ToList();
        var storeIds = new List<int> { 0 };
        storeIds.AddRange((await _storeService.GetAllStoresAsync()).Select(s => s.Id));

        // the figures that do not depend on the period, once
        foreach (var storeId in storeIds)
        {
            await _dashboardService.GetRfmGridAsync(storeId);
            await _dashboardService.GetPredictionSummaryAsync(storeId);
        }

        foreach (var days in AnalyticsPeriodService.OfferedDays)
        {
            var period = _periodService.LastDays(days, nowUtc);
            foreach (var storeId in storeIds)
            {
                await _dashboardService.GetDistributionAsync(storeId, period.FromDay);
                await _dashboardService.GetSegmentSizesAsync(storeId, period.FromDay);
                await _dashboardService.GetCartFunnelAsync(storeId, period.FromUtc, period.ToUtc);
            }

            if (flowSegmentIds.Count > 0)
                await _dashboardService.GetFlowsAsync(flowSegmentIds, period.FromUtc, period.ToUtc);

            foreach (var segment in segments)
            {
                await _kpiService.GetAsync(segment, period);
                await _trendService.GetAsync(segment.Id, period);
                await _transitionService.GetAsync(segment.Id, period);
            }
        }
    }
}
