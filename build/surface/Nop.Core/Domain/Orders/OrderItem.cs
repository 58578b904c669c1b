namespace Nop.Core.Domain.Orders;

public partial class OrderItem : BaseEntity
{
    public int OrderId { get; set; }

    public int ProductId { get; set; }

    public int Quantity { get; set; }

    public decimal PriceInclTax { get; set; }
}
