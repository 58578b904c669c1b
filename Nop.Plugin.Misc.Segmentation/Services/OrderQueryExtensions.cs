using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;

namespace Nop.Plugin.Misc.Segmentation.Services;

public static class OrderQueryExtensions
{
    /// <summary>
    /// Orders that count as purchases: not deleted, not cancelled, not fully refunded or voided.
    /// A partial refund counts the order with what the customer kept (OrderTotal − RefundedAmount).
    /// </summary>
    public static IQueryable<Order> Counted(this IQueryable<Order> orders) => orders.Where(IsCounted);

    /// <summary>The test itself, for queries that need it inside a subquery (segment rules).</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Order, bool>> IsCounted = o =>
        !o.Deleted
        && o.OrderStatusId != (int)OrderStatus.Cancelled
        && o.PaymentStatusId != (int)PaymentStatus.Refunded
        && o.PaymentStatusId != (int)PaymentStatus.Voided;
}
