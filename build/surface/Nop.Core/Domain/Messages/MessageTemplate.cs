using Nop.Core.Domain.Localization;

namespace Nop.Core.Domain.Messages;

public partial class MessageTemplate : BaseEntity, ILocalizedEntity
{
    public string Name { get; set; }

    public string Subject { get; set; }

    public string Body { get; set; }

    public bool IsActive { get; set; }

    public int EmailAccountId { get; set; }

    public bool LimitedToStores { get; set; }
}
