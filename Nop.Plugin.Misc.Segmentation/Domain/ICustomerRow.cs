namespace Nop.Plugin.Misc.Segmentation.Domain;

/// <summary>A plugin row that belongs to one customer and must go when the customer goes.</summary>
public interface ICustomerRow
{
    int CustomerId { get; }
}
