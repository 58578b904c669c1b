using Nop.Core.Domain.Common;

namespace Nop.Core.Domain.Catalog;

public partial class Product : BaseEntity, ISoftDeletedEntity
{
    public decimal Price { get; set; }

    public bool Deleted { get; set; }
}
