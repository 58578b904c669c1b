using Nop.Core;

namespace Nop.Plugin.Misc.Segmentation.Domain;

/// <summary>
/// What the last rebuild learned about one store (0 = all stores): the RFM quintile boundaries and the fitted
/// purchase and spend models. With them the event path scores a single customer exactly as the rebuild would,
/// without looking at the rest of the store. Numbers are invariant-culture, separated by ';'.
/// </summary>
public class StoreStatistics : BaseEntity
{
    public int StoreId { get; set; }

    /// <summary>The four ascending cut points of days since the last order; fewer days score higher.</summary>
    public string RecencyDays { get; set; }

    public string Frequency { get; set; }

    public string Monetary { get; set; }

    /// <summary>MBG/NBD r; α (per day); a; b. Empty when the store had too few customers to fit.</summary>
    public string PurchaseModel { get; set; }

    /// <summary>Gamma-gamma p; q; γ. Empty when the store had too few customers to fit.</summary>
    public string SpendModel { get; set; }

    public DateTime ComputedOnUtc { get; set; }
}
