using Nop.Core.Caching;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.AbandonedCarts;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Services.ScheduleTasks;

namespace Nop.Plugin.Misc.Segmentation.Tasks;

/// <summary>
/// Every ten minutes (<see cref="SegmentationDefaults.ScheduleTasks.AbandonedCartsType"/> names it in the
/// ScheduleTask row): records newly abandoned carts with their offers, closes the others, and puts the customers
/// concerned in or out of the abandoned-cart segment at once, so an offer's discount starts and ends on time; then
/// queues the reminder e-mails that are due.
/// </summary>
public class AbandonedCartTask : IScheduleTask
{
    private readonly AbandonedCartService _abandonedCartService;
    private readonly CartReminderService _reminderService;
    private readonly SegmentEvaluationService _segmentService;
    private readonly SegmentationSettings _settings;
    private readonly IStaticCacheManager _staticCacheManager;
    private readonly IRepository<Segment> _segmentRepository;
    private readonly TimeProvider _time;

    public AbandonedCartTask(AbandonedCartService abandonedCartService,
        CartReminderService reminderService,
        SegmentEvaluationService segmentService,
        SegmentationSettings settings,
        IStaticCacheManager staticCacheManager,
        IRepository<Segment> segmentRepository,
        TimeProvider time)
    {
        _abandonedCartService = abandonedCartService;
        _reminderService = reminderService;
        _segmentService = segmentService;
        _settings = settings;
        _staticCacheManager = staticCacheManager;
        _segmentRepository = segmentRepository;
        _time = time;
    }

    public async Task ExecuteAsync()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var run = await _abandonedCartService.DetectAsync(_settings, now);
        foreach (var customerId in run.CustomerIds)
            await _segmentService.EvaluateCustomerAsync(customerId, now);

        // offers that expired since the last run: the segment's own query finds their holders
        var segment = await _segmentRepository.Table.FirstOrDefaultAsync(s => s.SystemName == BuiltInSegmentService.AbandonedCartSystemName
            && s.SegmentTypeId == (int)SegmentType.BuiltIn);
        if (segment?.Rule != null)
            await _segmentService.EvaluateAsync(segment, now);

        // last, so that a reminder sees the records closed and the offer's segment decided by this run
        await _reminderService.SendDueAsync(_settings, now);
        // the cart figures of the analytics count what this run detected, closed and sent
        await _staticCacheManager.RemoveByPrefixAsync(SegmentationDefaults.CartAnalyticsPrefix);
    }
}
