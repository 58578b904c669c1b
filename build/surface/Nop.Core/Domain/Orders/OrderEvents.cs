namespace Nop.Core.Domain.Orders;

public partial class OrderPlacedEvent
{
    public OrderPlacedEvent(Order order)
    {
        Order = order;
    }

    public Order Order { get; }
}

public partial class OrderPaidEvent
{
    public OrderPaidEvent(Order order)
    {
        Order = order;
    }

    public Order Order { get; }
}

public partial class OrderStatusChangedEvent
{
    public OrderStatusChangedEvent(Order order, OrderStatus previousOrderStatus)
    {
        Order = order;
        PreviousOrderStatus = previousOrderStatus;
    }

    public Order Order { get; }

    public OrderStatus PreviousOrderStatus { get; set; }
}

public partial class OrderRefundedEvent
{
    public OrderRefundedEvent(Order order, decimal amount)
    {
        Order = order;
        Amount = amount;
    }

    public Order Order { get; }

    public decimal Amount { get; }
}

public partial class ClearShoppingCartEvent
{
    public ClearShoppingCartEvent(IList<ShoppingCartItem> cart)
    {
        Cart = cart;
    }

    public IList<ShoppingCartItem> Cart { get; }
}
