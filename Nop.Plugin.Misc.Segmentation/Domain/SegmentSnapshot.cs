using Nop.Core;

namespace Nop.Plugin.Misc.Segmentation.Domain;

/// <summary>One day of a segment, for trend charts.</summary>
public class SegmentSnapshot : BaseEntity
{
    public int SegmentId { get; set; }

    public DateTime SnapshotDateUtc { get; set; }

    public int Members { get; set; }

    public int Orders { get; set; }

    public decimal Revenue { get; set; }
}
