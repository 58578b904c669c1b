using Nop.Core;

namespace Nop.Plugin.Misc.Segmentation.Domain;

/// <summary>
/// Who runs a long task right now. nopCommerce 4.90 only locks tasks per node unless a distributed cache is
/// configured, so two web-farm nodes could start the same rebuild; a row per task name settles it in the database.
/// </summary>
public class TaskLease : BaseEntity
{
    public string Name { get; set; }

    public string LeasedBy { get; set; }

    public DateTime LeasedUntilUtc { get; set; }

    /// <summary>The step an interrupted run goes on with; 0 when the last run finished.</summary>
    public int Phase { get; set; }

    /// <summary>Where in that step it goes on from (the last customer id done).</summary>
    public int Cursor { get; set; }
}
