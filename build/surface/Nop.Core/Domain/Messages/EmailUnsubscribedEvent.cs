namespace Nop.Core.Domain.Messages;

public partial class EmailUnsubscribedEvent
{
    public EmailUnsubscribedEvent(NewsLetterSubscription subscription)
    {
        Subscription = subscription;
    }

    public NewsLetterSubscription Subscription { get; }
}
