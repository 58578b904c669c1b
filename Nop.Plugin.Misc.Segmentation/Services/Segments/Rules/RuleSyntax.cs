namespace Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;

/// <summary>A parsed rule. Every node keeps where it started in the text, for messages about it.</summary>
public abstract record RuleNode(int Position);

public sealed record AndNode(RuleNode Left, RuleNode Right, int Position) : RuleNode(Position);

public sealed record OrNode(RuleNode Left, RuleNode Right, int Position) : RuleNode(Position);

public sealed record NotNode(RuleNode Inner, int Position) : RuleNode(Position);

/// <summary><c>field op value</c> with op one of = != &lt; &lt;= &gt; &gt;= contains.</summary>
public sealed record ComparisonNode(string Field, string Operator, RuleValue Value, int Position) : RuleNode(Position)
{
    /// <summary>For purchases and order figures: only orders placed since then count.</summary>
    public RuleValue Since { get; init; }

    /// <summary>With <see cref="Since"/> (<c>from … to …</c>): only orders placed up to then; a date alone takes in that whole day.</summary>
    public RuleValue Until { get; init; }

    /// <summary>The product or category a per-product or per-category figure is about: <c>product_quantity(12)</c>.</summary>
    public int? Argument { get; init; }
}

public sealed record InNode(string Field, IReadOnlyList<RuleValue> Values, bool Negated, int Position) : RuleNode(Position)
{
    public RuleValue Since { get; init; }

    public RuleValue Until { get; init; }

    public int? Argument { get; init; }
}

public sealed record BetweenNode(string Field, RuleValue Low, RuleValue High, int Position) : RuleNode(Position)
{
    public RuleValue Since { get; init; }

    public RuleValue Until { get; init; }

    public int? Argument { get; init; }
}

public sealed record IsEmptyNode(string Field, bool Negated, int Position) : RuleNode(Position)
{
    /// <summary>Purchases only: "bought nothing of it in that time".</summary>
    public RuleValue Since { get; init; }

    public RuleValue Until { get; init; }
}

public enum RuleValueKind
{
    Number,
    Text,
    Word,
    /// <summary>"30 days ago": Number is the amount, Text the unit.</summary>
    RelativeDate
}

public sealed record RuleValue(RuleValueKind Kind, decimal Number, string Text, int Position)
{
    public override string ToString() => Kind switch
    {
        RuleValueKind.Number => Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        RuleValueKind.RelativeDate => $"{Number} {Text} ago",
        RuleValueKind.Text => $"\"{Text}\"",
        _ => Text
    };
}

public static class RuleNodeExtensions
{
    /// <summary>The names of the segments a rule's <c>segment</c> conditions name, to evaluate those first.</summary>
    public static IEnumerable<string> ReferencedSegments(this RuleNode node) => node switch
    {
        AndNode and => and.Left.ReferencedSegments().Concat(and.Right.ReferencedSegments()),
        OrNode or => or.Left.ReferencedSegments().Concat(or.Right.ReferencedSegments()),
        NotNode not => not.Inner.ReferencedSegments(),
        ComparisonNode { Field: "segment" } comparison => [comparison.Value.Text],
        InNode { Field: "segment" } @in => @in.Values.Select(v => v.Text),
        _ => []
    };
}
