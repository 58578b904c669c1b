using Nop.Core.Domain.Common;

namespace Nop.Core.Domain.Customers;

public partial class Customer : BaseEntity, ISoftDeletedEntity
{
    public Guid CustomerGuid { get; set; }

    public string Email { get; set; }

    public bool Deleted { get; set; }

    public DateTime CreatedOnUtc { get; set; }
}
