using System.ComponentModel.DataAnnotations.Schema;
using Nop.Core;

namespace Nop.Plugin.Misc.Segmentation.Domain;

/// <summary>
/// A cart left idle longer than the owner's threshold, with the personal offer it earned. The record stays open
/// until the cart is ordered (recovered: the order is attributed to it), emptied, or too old; the offer is valid
/// while the record is open and <see cref="OfferExpiresOnUtc"/> has not passed.
/// </summary>
public class AbandonedCart : BaseEntity, ICustomerRow
{
    public int CustomerId { get; set; }

    public int StoreId { get; set; }

    public decimal CartValue { get; set; }

    public int CartItems { get; set; }

    public DateTime LastCartActivityUtc { get; set; }

    public DateTime DetectedOnUtc { get; set; }

    public DateTime OfferExpiresOnUtc { get; set; }

    public int StatusId { get; set; }

    public int RecoveredOrderId { get; set; }

    public decimal RecoveredAmount { get; set; }

    public DateTime? ClosedOnUtc { get; set; }

    [NotMapped]
    public AbandonedCartStatus Status
    {
        get => (AbandonedCartStatus)StatusId;
        set => StatusId = (int)value;
    }
}

public enum AbandonedCartStatus
{
    Open = 10,
    Recovered = 20,
    Emptied = 30,
    Expired = 40
}
