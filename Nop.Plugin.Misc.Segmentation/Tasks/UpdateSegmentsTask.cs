using Nop.Plugin.Misc.Segmentation.Services;
using Nop.Services.ScheduleTasks;

namespace Nop.Plugin.Misc.Segmentation.Tasks;

/// <summary>
/// The hourly maintenance run (System > Schedule tasks). Its type name is stored in the ScheduleTask row
/// (<see cref="SegmentationDefaults.ScheduleTasks.UpdateSegmentsType"/>), so it must not be renamed or moved.
/// </summary>
public class UpdateSegmentsTask : IScheduleTask
{
    private readonly CustomerDataCleanupService _cleanupService;
    private readonly ProfileRebuildService _rebuildService;
    private readonly SegmentationSettings _settings;

    public UpdateSegmentsTask(CustomerDataCleanupService cleanupService, ProfileRebuildService rebuildService, SegmentationSettings settings)
    {
        _cleanupService = cleanupService;
        _rebuildService = rebuildService;
        _settings = settings;
    }

    /// <summary>Identifies this node in the lease; web-farm nodes differ by machine name.</summary>
    public static string NodeName => $"{Environment.MachineName}:{Environment.ProcessId}";

    public async Task ExecuteAsync()
    {
        await _cleanupService.DeleteRowsOfRemovedCustomersAsync(Math.Max(1, _settings.BatchSize));
        await _rebuildService.RebuildAsync(NodeName);
    }
}
