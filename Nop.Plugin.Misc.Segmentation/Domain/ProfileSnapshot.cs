using Nop.Core;

namespace Nop.Plugin.Misc.Segmentation.Domain;

/// <summary>
/// How many customers of a store (0 = the all-stores profiles) had one value of a profile dimension on one UTC day:
/// profiles keep only the current lifecycle stage, tier and RFM group, so the dashboard's "at the start of the
/// period" reads these.
/// </summary>
public class ProfileSnapshot : BaseEntity
{
    public int StoreId { get; set; }

    public DateTime SnapshotDateUtc { get; set; }

    public int DimensionId { get; set; }

    /// <summary>The dimension's value: a <see cref="LifecycleStage"/>, <see cref="UsageTier"/> or <see cref="RfmGroup"/> as int.</summary>
    public int Value { get; set; }

    public int Customers { get; set; }

    public ProfileDimension Dimension
    {
        get => (ProfileDimension)DimensionId;
        set => DimensionId = (int)value;
    }
}

public enum ProfileDimension
{
    Lifecycle = 10,
    UsageTier = 20,
    RfmGroup = 30
}
