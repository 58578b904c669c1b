namespace Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;

/// <summary>
/// A rule as the visual builder edits it: groups ("all"/"any" of their children, possibly negated) and conditions.
/// One plain class for both kinds (<see cref="Kind"/> tells them apart), so any JSON serializer reads it back
/// without type hints. A group leaves the condition properties null; a condition leaves <see cref="Children"/> null.
/// <para>
/// Values, and <see cref="Since"/>, are written as the owner types them in a rule, quotes included: <c>12</c>,
/// <c>"DE"</c> (text), <c>at_risk</c> (a word: enumeration values, <c>yes</c>/<c>no</c>, <c>male</c>), <c>"2026-01-31"</c>,
/// <c>30 days ago</c>. Keeping the quotes keeps a text and a word apart (<c>lifecycle = "new"</c> and <c>lifecycle = new</c>
/// are different rules to the parser), so text → tree → text gives back exactly <see cref="RulePrinter.Print"/> of the text.
/// </para>
/// </summary>
public sealed class RuleTree
{
    public const string GroupKind = "group";
    public const string ConditionKind = "condition";
    public const string All = "all";
    public const string Any = "any";

    /// <summary>The operators a condition can have, as the builder offers them.</summary>
    public static IReadOnlyList<string> Operators { get; } =
        ["=", "!=", "<", "<=", ">", ">=", "contains", "starts with", "ends with", "in", "not in", "between", "is empty", "is not empty"];

    public string Kind { get; set; }

    /// <summary>Groups: <see cref="All"/> (and) or <see cref="Any"/> (or).</summary>
    public string Match { get; set; }

    /// <summary>"not" over the group or the condition.</summary>
    public bool Negated { get; set; }

    public List<RuleTree> Children { get; set; }

    public string Field { get; set; }

    public string Operator { get; set; }

    public List<string> Values { get; set; }

    /// <summary>
    /// The window's start where the field counts orders (purchases, orders, spent, items, the per-product and
    /// per-category figures): a date value (<c>90 days ago</c>, <c>"2026-01-31"</c>), or null.
    /// </summary>
    public string Since { get; set; }

    /// <summary>With <see cref="Since"/>: the window's end (<c>from … to …</c>), or null for "up to now".</summary>
    public string Until { get; set; }

    /// <summary>The id a per-product or per-category figure is about (<c>product_quantity(12)</c>), or null.</summary>
    public int? Argument { get; set; }

    public static RuleTree Group(string match, params RuleTree[] children) => new() { Kind = GroupKind, Match = match, Children = [.. children] };

    public static RuleTree Condition(string field, string op, params string[] values) =>
        new() { Kind = ConditionKind, Field = field, Operator = op, Values = [.. values] };

    /// <summary>
    /// The tree of a parsed rule, always a group at the top. A chain <c>a and b and c</c> becomes one group; a
    /// parenthesized chain on the right (<c>a and (b and c)</c>) stays a group of its own, as the owner wrote it.
    /// </summary>
    public static RuleTree FromNode(RuleNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var tree = From(node);
        return tree.Kind == GroupKind ? tree : Group(All, tree);
    }

    private static RuleTree From(RuleNode node)
    {
        switch (node)
        {
            case NotNode not:
            {
                var inner = From(not.Inner);
                if (!inner.Negated)
                {
                    inner.Negated = true;
                    return inner;
                }

                // "not not x": one flag cannot say it twice, so the outer one goes on a group of one
                return new RuleTree { Kind = GroupKind, Match = All, Negated = true, Children = [inner] };
            }
            case AndNode:
            case OrNode:
            {
                // the parser chains to the left: walk down the left operands, collecting right ones from the end
                var children = new List<RuleTree>();
                var current = node;
                while (current.GetType() == node.GetType())
                {
                    var (left, right) = current is AndNode and ? (and.Left, and.Right) : (((OrNode)current).Left, ((OrNode)current).Right);
                    children.Add(From(right));
                    current = left;
                }

                children.Add(From(current));
                children.Reverse();
                return new RuleTree { Kind = GroupKind, Match = node is AndNode ? All : Any, Children = children };
            }
            case ComparisonNode comparison:
                return Leaf(comparison.Field, comparison.Operator, [comparison.Value], comparison.Since, comparison.Until, comparison.Argument);
            case InNode @in:
                return Leaf(@in.Field, @in.Negated ? "not in" : "in", @in.Values, @in.Since, @in.Until, @in.Argument);
            case BetweenNode between:
                return Leaf(between.Field, "between", [between.Low, between.High], between.Since, between.Until, between.Argument);
            case IsEmptyNode empty:
                return Leaf(empty.Field, empty.Negated ? "is not empty" : "is empty", [], empty.Since, empty.Until, null);
            default:
                throw new ArgumentException($"Unknown rule node {node?.GetType().Name ?? "null"}", nameof(node));
        }
    }

    private static RuleTree Leaf(string field, string op, IEnumerable<RuleValue> values, RuleValue since, RuleValue until, int? argument) => new()
    {
        Kind = ConditionKind,
        Field = field,
        Operator = op,
        Values = values.Select(RulePrinter.PrintValue).ToList(),
        Since = since == null ? null : RulePrinter.PrintValue(since),
        Until = until == null ? null : RulePrinter.PrintValue(until),
        Argument = argument
    };

    /// <summary>The rule text, in the form <see cref="RulePrinter"/> writes.</summary>
    public string ToText() => RulePrinter.Print(ToNode());

    /// <summary>
    /// The parsed rule. Each condition goes through the parser as the text the owner would have typed, so the builder
    /// accepts exactly what the text editor accepts, with the same messages; an error's position is within that
    /// condition's text, which the message quotes.
    /// </summary>
    public RuleNode ToNode()
    {
        if (string.Equals(Kind, GroupKind, StringComparison.OrdinalIgnoreCase))
        {
            if (Children == null || Children.Count == 0)
                throw new RuleSyntaxException(0, "A group needs at least one condition");
            var isAll = string.Equals(Match, All, StringComparison.OrdinalIgnoreCase);
            if (!isAll && !string.Equals(Match, Any, StringComparison.OrdinalIgnoreCase))
                throw new RuleSyntaxException(0, $"A group matches \"all\" or \"any\", not \"{Match}\"");

            var node = Children[0].ToNode();
            foreach (var child in Children.Skip(1))
                node = isAll ? new AndNode(node, child.ToNode(), 0) : new OrNode(node, child.ToNode(), 0);
            return Negated ? new NotNode(node, 0) : node;
        }

        if (!string.Equals(Kind, ConditionKind, StringComparison.OrdinalIgnoreCase))
            throw new RuleSyntaxException(0, $"Unknown kind \"{Kind}\" (\"group\" or \"condition\")");

        var condition = ParseCondition();
        return Negated ? new NotNode(condition, 0) : condition;
    }

    private RuleNode ParseCondition()
    {
        var op = Operator?.Trim().ToLowerInvariant();
        if (op == null || !Operators.Contains(op))
            throw new RuleSyntaxException(0, $"Unknown operator \"{Operator}\" (one of {string.Join(", ", Operators)})");

        // a name the table knows, not text that could carry an operator in with it ("orders not" before "in")
        if (Field == null || !RuleFields.TryGet(Field.Trim(), out var field))
            throw new RuleSyntaxException(0, $"Unknown field '{Field}'", Field == null ? null : RuleFields.Closest(Field.Trim()));

        // each value alone too, so no value can carry more of a rule in with it ("1) or (orders > 0")
        var values = (Values ?? []).Select(ParseValue).ToList();
        var since = Since == null ? null : ParseValue(Since);
        var until = Until == null ? null : ParseValue(Until);

        if (since != null && RuleText.Operators.Contains(op))
            throw new RuleSyntaxException(0, $"A window (since, from … to) cannot follow '{op}'");
        if (until != null && since == null)
            throw new RuleSyntaxException(0, "'to' needs a 'from': give the window a start");
        if (Argument is <= 0)
            throw new RuleSyntaxException(0, $"'{Field}' needs an id (a whole number above 0), not {Argument}");

        var count = op switch { "in" or "not in" => values.Count, "between" => 2, "is empty" or "is not empty" => 0, _ => 1 };
        if (values.Count != count || (op is "in" or "not in" && count == 0))
            throw new RuleSyntaxException(0, op switch
            {
                "in" or "not in" => $"'{Field} {op}' needs at least one value",
                "between" => $"'{Field} between' needs two values",
                "is empty" or "is not empty" => $"'{Field} {op}' takes no value",
                _ => $"'{Field} {op}' needs one value"
            });

        // then the whole condition, so the parser checks the window, the argument and where a value may stand
        var printed = values.Select(RulePrinter.PrintValue).ToList();
        var window = since == null ? string.Empty
            : until == null ? " since " + RulePrinter.PrintValue(since)
            : $" from {RulePrinter.PrintValue(since)} to {RulePrinter.PrintValue(until)}";
        var name = Argument == null ? field.Name : $"{field.Name}({Argument.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)})";
        var text = op switch
        {
            "in" or "not in" => $"{name} {op} ({string.Join(", ", printed)}){window}",
            "between" => $"{name} between {printed[0]} and {printed[1]}{window}",
            "is empty" or "is not empty" => $"{name} {op}{window}",
            _ => $"{name} {op} {printed[0]}{window}"
        };

        RuleNode node;
        try
        {
            node = RuleParser.Parse(text);
        }
        catch (RuleSyntaxException error)
        {
            throw new RuleSyntaxException(error.Position, $"{error.Problem} in '{text}'", error.Suggestion);
        }

        // a known field and values parsed one by one: the parser reads back exactly one condition
        return node is ComparisonNode or InNode or BetweenNode or IsEmptyNode
            ? node
            : throw new RuleSyntaxException(0, $"'{text}' is not one condition");
    }

    /// <summary>One value as the parser reads it, through a list of one: anything more than one value is refused.</summary>
    private static RuleValue ParseValue(string text)
    {
        const string prefix = "orders in (";
        if (string.IsNullOrWhiteSpace(text))
            throw new RuleSyntaxException(0, "A value is empty");

        RuleNode node;
        try
        {
            node = RuleParser.Parse(prefix + text + ")");
        }
        catch (RuleSyntaxException error)
        {
            throw new RuleSyntaxException(Math.Max(0, error.Position - prefix.Length), $"{error.Problem} in the value {text}", error.Suggestion);
        }

        return node is InNode { Values.Count: 1, Since: null } list
            ? list.Values[0]
            : throw new RuleSyntaxException(0, $"{text} is not one value");
    }
}
