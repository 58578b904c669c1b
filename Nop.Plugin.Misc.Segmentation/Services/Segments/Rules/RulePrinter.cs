using System.Globalization;
using System.Text;

namespace Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;

/// <summary>
/// Writes a parsed rule back as text in the language's one canonical form: lower-case keywords and field names,
/// <c>=</c> for <c>==</c>, text in double quotes, numbers without trailing zeros, <c>1 day ago</c> / <c>30 days ago</c>,
/// words as written, and only the parentheses the parser needs to build the same tree again.
/// <para>
/// The language has no escape inside quotes: a text runs to the next quote of the kind it opened with. So a text
/// holding a double quote is written in single quotes (<c>'say "hi"'</c>), and a text holding both kinds cannot be
/// written at all (the parser can never produce one). Such a node, and any other the parser could not have built
/// (a negative number where the tokenizer reads no sign, a keyword as a word, <c>since</c> off a purchase…), is
/// refused with an <see cref="ArgumentException"/> rather than printed as text that reads back differently.
/// </para>
/// </summary>
public static class RulePrinter
{
    // the parser's keywords (case-insensitive): never a bare word value
    private static readonly HashSet<string> _keywords = new(["and", "or", "not", "in", "between", "is", "contains", "since"], StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> _units = ["hour", "day", "week", "month", "year"];

    private static readonly HashSet<string> _comparisons = ["=", "!=", "<", "<=", ">", ">="];

    // binding strength: or < and < not (a condition binds tightest of all)
    private const int OrLevel = 0, AndLevel = 1, UnaryLevel = 2;

    public static string Print(RuleNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var text = new StringBuilder();
        Write(text, node, OrLevel);
        return text.ToString();
    }

    /// <summary>One value as the owner writes it: <c>12</c>, <c>"DE"</c>, <c>at_risk</c>, <c>30 days ago</c>.</summary>
    public static string PrintValue(RuleValue value) => Value(value, signAllowed: true);

    /// <summary>The node at a place that needs at least <paramref name="level"/>; a looser node gets parentheses.</summary>
    private static void Write(StringBuilder text, RuleNode node, int level)
    {
        var own = node switch { OrNode => OrLevel, AndNode => AndLevel, _ => UnaryLevel };
        var parenthesize = own < level;
        if (parenthesize)
            text.Append('(');

        switch (node)
        {
            // the parser chains to the left, so a right operand of the same kind needs parentheses to stay on the right
            case OrNode or:
                Write(text, or.Left, OrLevel);
                text.Append(" or ");
                Write(text, or.Right, AndLevel);
                break;
            case AndNode and:
                Write(text, and.Left, AndLevel);
                text.Append(" and ");
                Write(text, and.Right, UnaryLevel);
                break;
            case NotNode not:
                text.Append("not ");
                Write(text, not.Inner, UnaryLevel);
                break;
            default:
                text.Append(Condition(node));
                break;
        }

        if (parenthesize)
            text.Append(')');
    }

    private static string Condition(RuleNode node)
    {
        switch (node)
        {
            case ComparisonNode text when RuleText.Operators.Contains(text.Operator):
                if (text.Since != null || text.Until != null)
                    throw new ArgumentException($"A window cannot follow '{text.Operator}' ({text.Field})", nameof(node));
                // the tokenizer reads a sign only after an operator, comma, '(' or 'and'
                return $"{FieldName(text.Field, null, text.Argument)} {text.Operator} {Value(text.Value, signAllowed: false)}";

            case ComparisonNode comparison:
                if (!_comparisons.Contains(comparison.Operator))
                    throw new ArgumentException($"Unknown operator '{comparison.Operator}'", nameof(node));
                return $"{FieldName(comparison.Field, comparison.Since, comparison.Argument)} {comparison.Operator} {Value(comparison.Value, signAllowed: true)}"
                       + Window(comparison.Since, comparison.Until);

            case InNode @in:
                if (@in.Values == null || @in.Values.Count == 0)
                    throw new ArgumentException($"'{@in.Field} in' needs at least one value", nameof(node));
                var list = string.Join(", ", @in.Values.Select(v => Value(v, signAllowed: true)));
                return $"{FieldName(@in.Field, @in.Since, @in.Argument)} {(@in.Negated ? "not in" : "in")} ({list}){Window(@in.Since, @in.Until)}";

            case BetweenNode between:
                return $"{FieldName(between.Field, between.Since, between.Argument)} between {Value(between.Low, signAllowed: false)} and {Value(between.High, signAllowed: true)}"
                       + Window(between.Since, between.Until);

            case IsEmptyNode empty:
                if (empty.Since != null && RuleFields.TryGet(empty.Field ?? string.Empty, out var emptied) && emptied.Type != RuleFieldType.Purchase)
                    throw new ArgumentException($"A window follows 'is empty' for purchases only, not for '{empty.Field}'", nameof(node));
                return $"{FieldName(empty.Field, empty.Since, null)} is {(empty.Negated ? "not " : string.Empty)}empty{Window(empty.Since, empty.Until)}";

            default:
                throw new ArgumentException($"Unknown rule node {node?.GetType().Name ?? "null"}", nameof(node));
        }
    }

    /// <summary>The field's own spelling with its argument, <c>product_quantity(12)</c>; a window and an argument are checked here against the field.</summary>
    private static string FieldName(string name, RuleValue since, int? argument)
    {
        if (name == null || !RuleFields.TryGet(name, out var field))
            throw new ArgumentException($"Unknown field '{name}'", nameof(name));
        if (since != null && !field.TakesWindow)
            throw new ArgumentException($"A window applies to orders, spent, items, the order figures and purchases, not to '{field.Name}'", nameof(since));
        if (field.TakesArgument != (argument != null))
            throw new ArgumentException(field.TakesArgument ? $"'{field.Name}' needs an id" : $"'{field.Name}' takes no id", nameof(argument));
        if (argument is <= 0)
            throw new ArgumentException($"'{field.Name}' needs an id above 0, not {argument}", nameof(argument));
        return argument == null ? field.Name : $"{field.Name}({argument.Value.ToString(CultureInfo.InvariantCulture)})";
    }

    /// <summary><c> since date</c>, <c> from date to date</c>, or nothing.</summary>
    private static string Window(RuleValue since, RuleValue until)
    {
        if (since == null)
            return until == null ? string.Empty : throw new ArgumentException("'to' needs a 'from'", nameof(until));
        return until == null ? " since " + Date(since) : $" from {Date(since)} to {Date(until)}";
    }

    private static string Date(RuleValue date) => date.Kind is RuleValueKind.RelativeDate or RuleValueKind.Text
        ? Value(date, signAllowed: false)
        : throw new ArgumentException($"A window needs a date, not {date}", nameof(date));

    private static string Value(RuleValue value, bool signAllowed)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value.Kind)
        {
            case RuleValueKind.Number:
                if (value.Number < 0 && !signAllowed)
                    throw new ArgumentException($"{value} cannot be written here: the language reads a minus sign only after an operator, '(', ',' or 'and'", nameof(value));
                return Number(value.Number);

            case RuleValueKind.RelativeDate:
                // the parser keeps the unit singular ("day"); a node built by hand may say "days"
                var unit = value.Text?.ToLowerInvariant().TrimEnd('s');
                if (unit == null || !_units.Contains(unit))
                    throw new ArgumentException($"Unknown unit '{value.Text}' (hour, day, week, month or year)", nameof(value));
                if (value.Number < 0 || value.Number != decimal.Truncate(value.Number))
                    throw new ArgumentException("A relative date needs a whole, positive number", nameof(value));
                return $"{Number(value.Number)} {unit}{(value.Number == 1 ? string.Empty : "s")} ago";

            case RuleValueKind.Text:
                return Quote(value.Text ?? string.Empty);

            case RuleValueKind.Word:
                if (!IsWord(value.Text))
                    throw new ArgumentException($"'{value.Text}' cannot be written as a bare word; write it as text", nameof(value));
                return value.Text;

            default:
                throw new ArgumentException($"Unknown value kind {value.Kind}", nameof(value));
        }
    }

    /// <summary>Invariant digits without trailing zeros ("5.50" reads as 5.5; the decimal compares equal).</summary>
    private static string Number(decimal number)
    {
        var normalized = number / 1.0000000000000000000000000000m;
        return (normalized == number ? normalized : number).ToString(CultureInfo.InvariantCulture);
    }

    private static string Quote(string text)
    {
        if (!text.Contains('"'))
            return $"\"{text}\"";
        if (!text.Contains('\''))
            return $"'{text}'";
        throw new ArgumentException("A text with both kinds of quote cannot be written: the rule language has no escape", nameof(text));
    }

    /// <summary>What the tokenizer reads as one identifier and the parser takes as a value.</summary>
    private static bool IsWord(string text) =>
        !string.IsNullOrEmpty(text) && (char.IsLetter(text[0]) || text[0] == '_') && text.All(c => char.IsLetterOrDigit(c) || c == '_')
        && !_keywords.Contains(text);
}
