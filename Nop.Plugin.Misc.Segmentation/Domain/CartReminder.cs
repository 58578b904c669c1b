using Nop.Core;

namespace Nop.Plugin.Misc.Segmentation.Domain;

/// <summary>
/// One reminder e-mail about an abandoned cart. The row is written before the e-mail is queued, and its unique
/// (cart, number) index lets only one writer through, so two nodes or two runs never send the same reminder twice.
/// </summary>
public class CartReminder : BaseEntity, ICustomerRow
{
    public int AbandonedCartId { get; set; }

    /// <summary>1 for the first reminder of the owner's schedule, 2 for the second, …</summary>
    public int ReminderNumber { get; set; }

    public int CustomerId { get; set; }

    public DateTime SentOnUtc { get; set; }

    /// <summary>nopCommerce's queued e-mail, withdrawn while unsent if the cart is ordered or emptied; 0 until queued.</summary>
    public int QueuedEmailId { get; set; }
}
