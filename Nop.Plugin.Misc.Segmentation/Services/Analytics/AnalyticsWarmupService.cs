using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Services.Helpers;
using Nop.Services.Stores;

namespace Nop.Plugin.Misc.Segmentation.Services.Analytics;

/// <summary>
/// Computes, right after the hourly task has dropped the analytics cache, what owners open first: the dashboard of
/// every store and each switched-on segment's details, for the default last 30 days in the store's time zone. On a
/// store of a million customers these aggregates take seconds; the task pays for them once an hour, so the page an
/// owner opens reads the cache. Other periods (and owners in another time zone) are computed when asked.
/// </summary>
public class AnalyticsWarmupService
{
    /// <summary>The days every analytics page shows unless the owner picks others.</summary>
    public const int DefaultDays = 30;

    private readonly IDateTimeHelper _dateTimeHelper;
    private readonly IRepository<Segment> _segmentRepository;
    private readonly IStoreService _storeService;
    private readonly SegmentDashboardService _dashboardService;
    private readonly SegmentKpiService _kpiService;
    private readonly SegmentTransitionService _transitionService;
    private readonly SegmentTrendService _trendService;

    public AnalyticsWarmupService(IDateTimeHelper dateTimeHelper,
        IRepository<Segment> segmentRepository,
        IStoreService storeService,
        SegmentDashboardService dashboardService,
        SegmentKpiService kpiService,
        SegmentTransitionService transitionService,
        SegmentTrendService trendService)
    {
        _dateTimeHelper = dateTimeHelper;
        _segmentRepository = segmentRepository;
        _storeService = storeService;
        _dashboardService = dashboardService;
        _kpiService = kpiService;
        _transitionService = transitionService;
        _trendService = trendService;
    }

    /// <summary>The default period as the pages compute it, in the store's time zone: the last 30 days up to today.</summary>
    public SegmentPeriod DefaultPeriod(DateTime nowUtc)
    {
        var timeZone = _dateTimeHelper.DefaultStoreTimeZone;
        var today = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc), timeZone).Date;
        return SegmentPeriod.Create(today.AddDays(1 - DefaultDays), today, day => _dateTimeHelper.ConvertToUtcTime(day, timeZone));
    }

    public async Task WarmAsync(DateTime nowUtc)
    {
        var period = DefaultPeriod(nowUtc);
        var segments = await _segmentRepository.Table.Where(s => s.Active).ToListAsync();
        var flowSegmentIds = segments.Where(s => SegmentDashboardService.IsDefaultFlowSegment(s.SystemName)).Select(s => s.Id).ToList();

        var storeIds = new List<int> { 0 };
        storeIds.AddRange((await _storeService.GetAllStoresAsync()).Select(s => s.Id));
        foreach (var storeId in storeIds)
        {
            await _dashboardService.GetRfmGridAsync(storeId);
            await _dashboardService.GetDistributionAsync(storeId, period.FromDay);
            await _dashboardService.GetSegmentSizesAsync(storeId, period.FromDay);
            await _dashboardService.GetCartFunnelAsync(storeId, period.FromUtc, period.ToUtc);
            await _dashboardService.GetPredictionSummaryAsync(storeId);
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
