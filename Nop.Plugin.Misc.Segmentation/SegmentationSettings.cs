using Nop.Core.Configuration;

namespace Nop.Plugin.Misc.Segmentation;

public class SegmentationSettings : ISettings
{
    /// <summary>Rows per statement in the scheduled maintenance, to keep transactions and locks short.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>Lifecycle thresholds in days since the customer's first or last order.</summary>
    public int NewCustomerDays { get; set; } = 30;

    public int AtRiskAfterDays { get; set; } = 90;

    public int LapsedAfterDays { get; set; } = 180;

    public int ChurnedAfterDays { get; set; } = 365;
}
