namespace Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;

/// <summary>A rule the owner wrote that cannot be read: where, what was expected, and a likely fix.</summary>
public class RuleSyntaxException : Exception
{
    public RuleSyntaxException(int position, string message, string suggestion = null)
        : base(suggestion == null ? $"{message} (at {position + 1})" : $"{message} (at {position + 1}). Did you mean '{suggestion}'?")
    {
        Position = position;
        Problem = message;
        Suggestion = suggestion;
    }

    /// <summary>Zero-based character offset in the rule text.</summary>
    public int Position { get; }

    public string Problem { get; }

    public string Suggestion { get; }
}
