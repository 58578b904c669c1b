using Nop.Core.Caching;
using Nop.Plugin.Misc.Segmentation.Services;
using Nop.Plugin.Misc.Segmentation.Services.Analytics;
using Nop.Plugin.Misc.Segmentation.Services.Profiles;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Services.ScheduleTasks;

namespace Nop.Plugin.Misc.Segmentation.Tasks;

/// <summary>
/// The hourly maintenance run (System > Schedule tasks). Its type name is stored in the ScheduleTask row
/// (<see cref="SegmentationDefaults.ScheduleTasks.UpdateSegmentsType"/>), so it must not be renamed or moved.
/// </summary>
public class UpdateSegmentsTask : IScheduleTask
{
    private readonly BuiltInSegmentService _builtInSegmentService;
    private readonly CustomerDataCleanupService _cleanupService;
    private readonly ProfileRebuildService _rebuildService;
    private readonly SegmentEvaluationService _segmentService;
    private readonly SegmentMembershipService _membershipService;
    private readonly SegmentSnapshotService _snapshotService;
    private readonly RoleSyncService _roleSyncService;
    private readonly SegmentationSettings _settings;
    private readonly IStaticCacheManager _staticCacheManager;
    private readonly AnalyticsWarmupService _warmupService;
    private readonly TimeProvider _time;

    public UpdateSegmentsTask(BuiltInSegmentService builtInSegmentService,
        CustomerDataCleanupService cleanupService,
        ProfileRebuildService rebuildService,
        SegmentEvaluationService segmentService,
        SegmentMembershipService membershipService,
        SegmentSnapshotService snapshotService,
        RoleSyncService roleSyncService,
        SegmentationSettings settings,
        IStaticCacheManager staticCacheManager,
        AnalyticsWarmupService warmupService,
        TimeProvider time)
    {
        _builtInSegmentService = builtInSegmentService;
        _cleanupService = cleanupService;
        _rebuildService = rebuildService;
        _segmentService = segmentService;
        _membershipService = membershipService;
        _snapshotService = snapshotService;
        _roleSyncService = roleSyncService;
        _settings = settings;
        _staticCacheManager = staticCacheManager;
        _warmupService = warmupService;
        _time = time;
    }

    /// <summary>Identifies this node in the lease; web-farm nodes differ by machine name.</summary>
    public static string NodeName => $"{Environment.MachineName}:{Environment.ProcessId}";

    public async Task ExecuteAsync()
    {
        await _cleanupService.DeleteRowsOfRemovedCustomersAsync(Math.Max(1, _settings.BatchSize));

        // segments are evaluated on complete profiles only: by the node that finished the rebuild
        var rebuild = await _rebuildService.RebuildAsync(NodeName);
        if (rebuild.Outcome != RebuildOutcome.Completed)
            return;

        var now = _time.GetUtcNow().UtcDateTime;
        await _builtInSegmentService.EnsureAsync(_settings, now);
        await _segmentService.EvaluateAllAsync(now);
        // profiles the rebuild changed change the storefront's figures even where no segment moved
        if (rebuild.RowsWritten > 0)
            await _membershipService.ClearAllAsync();
        await _roleSyncService.SyncAllAsync();
        await _snapshotService.TakeAsync(now);
        // the analytics read what this run wrote; what owners open first is computed now rather than while they wait
        await _staticCacheManager.RemoveByPrefixAsync(SegmentationDefaults.AnalyticsPrefix);
        await _warmupService.WarmAsync(now);
    }
}
