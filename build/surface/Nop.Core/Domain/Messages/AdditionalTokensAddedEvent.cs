namespace Nop.Core.Domain.Messages;

// raised when the template editor lists the tokens it offers; plugins add theirs
public partial class AdditionalTokensAddedEvent
{
    public AdditionalTokensAddedEvent()
    {
        AdditionalTokens = new List<string>();
    }

    public virtual void AddTokens(params string[] additionalTokens)
    {
        foreach (var token in additionalTokens)
            AdditionalTokens.Add(token);
    }

    public IList<string> AdditionalTokens { get; }

    public IEnumerable<string> TokenGroups { get; set; }
}
