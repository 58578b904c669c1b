using System.Globalization;

namespace Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;

/// <summary>
/// Reads the segment rule language:
/// <code>
/// rule      := or
/// or        := and ("or" and)*
/// and       := unary ("and" unary)*
/// unary     := "not" unary | "(" or ")" | condition
/// condition := name op value [window] | name ["not"] "in" "(" value ("," value)* ")" [window]
///            | name ("contains" | "starts" "with" | "ends" "with") value
///            | name "between" value "and" value [window] | name "is" ["not"] "empty" [window]
/// name      := field ["(" id ")"]   (an id for the per-product and per-category figures: product_quantity(12))
/// window    := "since" date | "from" date "to" date
///              (orders, spent, items, the figures and purchases: spent > 500 since 60 days ago)
/// value     := number [unit "ago"] | "text" | word
/// </code>
/// Field names are checked here, so a misspelt one is reported with the closest known name.
/// </summary>
public sealed class RuleParser
{
    private static readonly string[] _units = ["hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years"];
    private static readonly string[] _comparisons = ["=", "!=", "<", "<=", ">", ">="];

    /// <summary>
    /// Limits every engine handles, checked when a rule is read (so when it is saved or previewed): SQL Server takes
    /// 2,100 parameters in a query and a value costs at most two (an age, a date range) besides one per condition;
    /// SQLite nests an expression at most 1,000 deep. Far above any rule an owner writes; they keep a pasted
    /// megabyte or a generated rule of 10,000 terms from running for minutes.
    /// </summary>
    public const int MaxLength = 10_000;

    public const int MaxConditions = 100;

    public const int MaxListValues = 100;

    public const int MaxValues = 500;

    /// <summary>Parentheses and "not" inside one another.</summary>
    public const int MaxDepth = 20;

    public const int MaxTextLength = 1_000;

    private readonly List<Token> _tokens;
    private int _index;
    private int _depth;
    private int _conditions;
    private int _values;

    private RuleParser(string text)
    {
        _tokens = RuleTokenizer.Tokenize(text);
    }

    public static RuleNode Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new RuleSyntaxException(0, "The rule is empty");
        if (text.Length > MaxLength)
            throw new RuleSyntaxException(MaxLength, $"The rule is {text.Length:N0} characters long; a rule can have at most {MaxLength:N0}");
        // PostgreSQL cannot store or compare it, and no owner types it
        if (text.IndexOf('\0') is var nul and >= 0)
            throw new RuleSyntaxException(nul, "A rule cannot contain the NUL character (\\0)");

        var parser = new RuleParser(text);
        var rule = parser.ParseOr();
        if (parser.Current.Kind != TokenKind.End)
            throw new RuleSyntaxException(parser.Current.Position, $"Expected 'and', 'or' or the end of the rule, found {parser.Current}");
        return rule;
    }

    private Token Current => _tokens[_index];

    private Token Next() => _tokens[_index++];

    private RuleNode ParseOr()
    {
        var left = ParseAnd();
        while (Current.IsWord("or"))
        {
            var position = Next().Position;
            left = new OrNode(left, ParseAnd(), position);
        }

        return left;
    }

    private RuleNode ParseAnd()
    {
        var left = ParseUnary();
        while (Current.IsWord("and"))
        {
            var position = Next().Position;
            left = new AndNode(left, ParseUnary(), position);
        }

        return left;
    }

    private RuleNode ParseUnary()
    {
        if (!Current.IsWord("not") && Current.Kind != TokenKind.LeftParenthesis)
            return ParseCondition();

        if (++_depth > MaxDepth)
            throw new RuleSyntaxException(Current.Position, $"Parentheses and 'not' nest more than {MaxDepth} deep here; a rule can nest at most {MaxDepth}");
        RuleNode node;
        if (Current.IsWord("not"))
        {
            var position = Next().Position;
            node = new NotNode(ParseUnary(), position);
        }
        else
        {
            Next();
            node = ParseOr();
            Expect(TokenKind.RightParenthesis, "')'");
        }

        _depth--;
        return node;
    }

    private RuleNode ParseCondition()
    {
        var fieldToken = Current;
        if (fieldToken.Kind != TokenKind.Identifier)
            throw new RuleSyntaxException(fieldToken.Position, $"Expected a field name, found {fieldToken}");
        if (!RuleFields.TryGet(fieldToken.Text, out var field))
            throw new RuleSyntaxException(fieldToken.Position, $"Unknown field '{fieldToken.Text}'", RuleFields.Closest(fieldToken.Text));
        if (++_conditions > MaxConditions)
            throw new RuleSyntaxException(fieldToken.Position, $"A rule can have at most {MaxConditions} conditions");
        Next();

        var position = fieldToken.Position;
        var argument = ParseArgument(field);
        if (Current.Kind == TokenKind.Operator)
        {
            var op = Next().Text;
            if (!_comparisons.Contains(op))
                throw new RuleSyntaxException(position, $"Unknown operator '{op}'");
            var value = ParseValue();
            var (since, until) = ParseWindow(field);
            return new ComparisonNode(field.Name, op, value, position) { Argument = argument, Since = since, Until = until };
        }

        if (Current.IsWord("contains"))
        {
            Next();
            return new ComparisonNode(field.Name, RuleText.Contains, ParseValue(), position) { Argument = argument };
        }

        if ((Current.IsWord("starts") || Current.IsWord("ends")) && _tokens[_index + 1].IsWord("with"))
        {
            var op = Next().Text.ToLowerInvariant() == "starts" ? RuleText.StartsWith : RuleText.EndsWith;
            Next();
            return new ComparisonNode(field.Name, op, ParseValue(), position) { Argument = argument };
        }

        var notIn = Current.IsWord("not") && _tokens[_index + 1].IsWord("in");
        if (notIn)
            Next();
        if (Current.IsWord("in"))
        {
            Next();
            var values = ParseList();
            var (since, until) = ParseWindow(field);
            return new InNode(field.Name, values, notIn, position) { Argument = argument, Since = since, Until = until };
        }

        if (Current.IsWord("between"))
        {
            Next();
            var low = ParseValue();
            if (!Current.IsWord("and"))
                throw new RuleSyntaxException(Current.Position, $"Expected 'and' in 'between … and …', found {Current}");
            Next();
            var high = ParseValue();
            var (since, until) = ParseWindow(field);
            return new BetweenNode(field.Name, low, high, position) { Argument = argument, Since = since, Until = until };
        }

        if (Current.IsWord("is"))
        {
            Next();
            var negated = false;
            if (Current.IsWord("not"))
            {
                Next();
                negated = true;
            }

            if (!Current.IsWord("empty"))
                throw new RuleSyntaxException(Current.Position, $"Expected 'empty' after 'is', found {Current}");
            Next();
            if (argument != null)
                throw new RuleSyntaxException(position, $"'{field.Name}' is a number, never empty; write {field.Name}({argument}) = 0");
            if (field.Type != RuleFieldType.Purchase && (Current.IsWord("since") || Current.IsWord("from")))
                throw new RuleSyntaxException(Current.Position, $"A window (since, from … to) follows 'is empty' for purchases only, not for '{field.Name}'");
            var (since, until) = ParseWindow(field);
            return new IsEmptyNode(field.Name, negated, position) { Since = since, Until = until };
        }

        throw new RuleSyntaxException(Current.Position,
            $"Expected an operator (=, !=, <, <=, >, >=, in, not in, contains, starts with, ends with, between, is empty) after '{fieldToken.Text}', found {Current}");
    }

    /// <summary>The id in <c>product_quantity(12)</c>: required where the field takes one, refused elsewhere.</summary>
    private int? ParseArgument(RuleField field)
    {
        if (!field.TakesArgument)
        {
            if (Current.Kind == TokenKind.LeftParenthesis)
                throw new RuleSyntaxException(Current.Position, $"'{field.Name}' takes no id in parentheses");
            return null;
        }

        if (Current.Kind != TokenKind.LeftParenthesis)
            throw new RuleSyntaxException(Current.Position, $"'{field.Name}' needs the id of a product or category in parentheses, as in {field.Name}(12)");
        Next();
        var token = Current;
        if (token.Kind != TokenKind.Number
            || !decimal.TryParse(token.Text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var id)
            || id != decimal.Truncate(id) || id is <= 0 or > int.MaxValue)
            throw new RuleSyntaxException(token.Position, $"'{field.Name}' needs an id (a whole number above 0) in parentheses, not {token}");
        Next();
        Expect(TokenKind.RightParenthesis, $"')' after the id of '{field.Name}'");
        return (int)id;
    }

    /// <summary><c>since date</c> or <c>from date to date</c>, where the field counts orders; (null, null) when there is none.</summary>
    private (RuleValue Since, RuleValue Until) ParseWindow(RuleField field)
    {
        var ranged = Current.IsWord("from");
        if (!ranged && !Current.IsWord("since"))
            return (null, null);
        if (!field.TakesWindow)
            throw new RuleSyntaxException(Current.Position,
                $"'{Current.Text.ToLowerInvariant()}' applies to orders, spent, items, the per-product and per-category figures and purchases, not to '{field.Name}'");

        Next();
        var since = ParseDate();
        if (!ranged)
            return (since, null);
        if (!Current.IsWord("to"))
            throw new RuleSyntaxException(Current.Position, $"Expected 'to' in 'from … to …', found {Current}");
        Next();
        return (since, ParseDate());
    }

    private RuleValue ParseDate()
    {
        var value = ParseValue();
        if (value.Kind is not (RuleValueKind.RelativeDate or RuleValueKind.Text))
            throw new RuleSyntaxException(value.Position, $"A window needs a date such as \"2026-01-31\" or 90 days ago, not {value}");
        return value;
    }

    private List<RuleValue> ParseList()
    {
        Expect(TokenKind.LeftParenthesis, "'(' to start the list");
        var values = new List<RuleValue> { ParseValue() };
        while (Current.Kind == TokenKind.Comma)
        {
            Next();
            if (values.Count == MaxListValues)
                throw new RuleSyntaxException(Current.Position, $"A list can have at most {MaxListValues} values");
            values.Add(ParseValue());
        }

        Expect(TokenKind.RightParenthesis, "',' or ')' to close the list");
        return values;
    }

    private RuleValue ParseValue()
    {
        var token = Current;
        if (++_values > MaxValues)
            throw new RuleSyntaxException(token.Position, $"A rule can have at most {MaxValues} values");
        switch (token.Kind)
        {
            case TokenKind.Number:
                Next();
                var number = decimal.Parse(token.Text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
                if (Current.Kind == TokenKind.Identifier && _units.Contains(Current.Text.ToLowerInvariant()))
                {
                    var unit = Next().Text.ToLowerInvariant().TrimEnd('s');
                    if (!Current.IsWord("ago"))
                        throw new RuleSyntaxException(Current.Position, $"Expected 'ago' after '{token.Text} {unit}s', found {Current}");
                    Next();
                    if (number < 0 || number != decimal.Truncate(number))
                        throw new RuleSyntaxException(token.Position, "A relative date needs a whole, positive number");
                    return new RuleValue(RuleValueKind.RelativeDate, number, unit, token.Position);
                }

                return new RuleValue(RuleValueKind.Number, number, null, token.Position);

            case TokenKind.String:
                if (token.Text.Length > MaxTextLength)
                    throw new RuleSyntaxException(token.Position, $"The text is {token.Text.Length:N0} characters long; a text value can have at most {MaxTextLength:N0}");
                Next();
                return new RuleValue(RuleValueKind.Text, 0, token.Text, token.Position);

            case TokenKind.Identifier when !IsKeyword(token):
                Next();
                return new RuleValue(RuleValueKind.Word, 0, token.Text, token.Position);

            default:
                throw new RuleSyntaxException(token.Position, $"Expected a value, found {token}");
        }
    }

    private static bool IsKeyword(Token token) =>
        token.IsWord("and") || token.IsWord("or") || token.IsWord("not") || token.IsWord("in") || token.IsWord("between") || token.IsWord("is")
        || token.IsWord("contains") || token.IsWord("since");

    private void Expect(TokenKind kind, string what)
    {
        if (Current.Kind != kind)
            throw new RuleSyntaxException(Current.Position, $"Expected {what}, found {Current}");
        Next();
    }
}
