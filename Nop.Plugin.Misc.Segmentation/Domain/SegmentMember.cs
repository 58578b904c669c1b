using Nop.Core;

namespace Nop.Plugin.Misc.Segmentation.Domain;

public class SegmentMember : BaseEntity, ICustomerRow
{
    public int SegmentId { get; set; }

    /// <summary>No foreign key: nopCommerce bulk-deletes guests, and a key would block it.</summary>
    public int CustomerId { get; set; }

    public DateTime MemberSinceUtc { get; set; }
}
