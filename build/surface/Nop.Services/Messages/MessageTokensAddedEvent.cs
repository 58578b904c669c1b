using Nop.Core.Domain.Messages;

namespace Nop.Services.Messages;

public partial class MessageTokensAddedEvent
{
    public MessageTokensAddedEvent(MessageTemplate message, IList<Token> tokens)
    {
        Message = message;
        Tokens = tokens;
    }

    public MessageTemplate Message { get; }

    public IList<Token> Tokens { get; }
}
