namespace Nop.Core.Domain.Messages;

public partial class QueuedEmail : BaseEntity
{
    public DateTime? SentOnUtc { get; set; }
}
