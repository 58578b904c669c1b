using Nop.Core;

namespace Nop.Plugin.Misc.Segmentation.Domain;

/// <summary>
/// The RFM score boundaries of one store (0 = all stores) from the last rebuild, so that the event path scores a
/// single customer exactly as the rebuild would, without ranking the whole store again.
/// Each column holds the four ascending cut points between scores 1..5, invariant-culture, separated by ';'.
/// </summary>
public class RfmQuintiles : BaseEntity
{
    public int StoreId { get; set; }

    /// <summary>Days since the last order; fewer days score higher.</summary>
    public string RecencyDays { get; set; }

    public string Frequency { get; set; }

    public string Monetary { get; set; }

    public DateTime ComputedOnUtc { get; set; }
}
