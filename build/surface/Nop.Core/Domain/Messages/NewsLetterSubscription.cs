namespace Nop.Core.Domain.Messages;

public partial class NewsLetterSubscription : BaseEntity
{
    public string Email { get; set; }

    public bool Active { get; set; }

    public int StoreId { get; set; }
}
