namespace Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;

/// <summary>
/// The rule language's one definition of "without regard to case": both texts lower-cased by .NET's invariant
/// culture (<see cref="string.ToLowerInvariant"/>, never the request's culture: nopCommerce sets a Turkish request's
/// culture, where "I" lowers to a dotless "ı"), then compared code unit by code unit. SQL engines lower differently
/// (SQLite folds ASCII only, PostgreSQL by its locale, MariaDB's collations also ignore accents), so the compiler
/// writes text tests as calls to <see cref="Test"/>: in memory they run as they are; over the store,
/// <see cref="RuleCompiler.ForQuery"/> turns them into ids read and tested here (small lookup tables) or into exact
/// comparisons with the profile's copies of the customer's own text, folded here when the profile is computed.
/// </summary>
public static class RuleText
{
    public const string Equal = "=";
    public const string Contains = "contains";
    public const string StartsWith = "starts with";
    public const string EndsWith = "ends with";

    /// <summary>The text operators besides = and !=.</summary>
    public static IReadOnlyList<string> Operators { get; } = [Contains, StartsWith, EndsWith];

    public static string Fold(string text) => text?.ToLowerInvariant();

    /// <summary>The value against an already folded rule text; an empty (null) value matches nothing.</summary>
    public static bool Test(string value, string op, string folded)
    {
        if (value == null)
            return false;
        var text = Fold(value);
        return op switch
        {
            Equal => string.Equals(text, folded, StringComparison.Ordinal),
            Contains => text.Contains(folded, StringComparison.Ordinal),
            StartsWith => text.StartsWith(folded, StringComparison.Ordinal),
            EndsWith => text.EndsWith(folded, StringComparison.Ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, null)
        };
    }
}
