using Nop.Core;

namespace Nop.Plugin.Misc.Segmentation.Domain;

/// <summary>
/// One of a customer's top categories (over all stores): how much they bought from it and when last, for
/// cross-sell segments such as "bought from Cameras, never from Lenses".
/// </summary>
public class CustomerCategory : BaseEntity, ICustomerRow
{
    public int CustomerId { get; set; }

    public int CategoryId { get; set; }

    /// <summary>1 for the category the customer bought most from.</summary>
    public int Rank { get; set; }

    public int Quantity { get; set; }

    public int OrdersCount { get; set; }

    public DateTime LastPurchasedUtc { get; set; }
}
