namespace Nop.Core.Domain.Stores;

public partial class Store : BaseEntity
{
}
