using System.Globalization;
using System.Linq.Expressions;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;

/// <summary>
/// Turns a parsed rule into one expression over a <see cref="CustomerProfile"/> and the <see cref="RuleSources"/>
/// (what lies outside the profile). With the store's tables as sources the data layer translates it to SQL, fields
/// outside the profile becoming EXISTS subqueries (<see cref="ForQuery"/>); with one customer's rows it decides for
/// that customer in memory (<see cref="ForMemory"/>). Both must agree, so the expression avoids SQL's three-valued
/// logic: an empty (null) field is tested explicitly, never compared, and text is compared by <see cref="RuleText"/>'s
/// one case rule, never by an engine's (see <see cref="TextToSql"/>). Values enter the expression through a holder object, which linq2db
/// sends as query parameters, never as SQL text.
/// </summary>
public static class RuleCompiler
{
    private sealed class Holder<T>(T value)
    {
        public T Value { get; } = value;
    }

    public static Expression<Func<CustomerProfile, RuleSources, bool>> Compile(string rule, DateTime nowUtc) => Compile(RuleParser.Parse(rule), nowUtc);

    public static Expression<Func<CustomerProfile, RuleSources, bool>> Compile(RuleNode rule, DateTime nowUtc)
    {
        var profile = Expression.Parameter(typeof(CustomerProfile), "profile");
        var sources = Expression.Parameter(typeof(RuleSources), "sources");
        var scope = new Scope(profile, sources, nowUtc);
        return Expression.Lambda<Func<CustomerProfile, RuleSources, bool>>(Build(rule, scope, negate: false), profile, sources);
    }

    /// <summary>
    /// The rule over the store: the sources become constants the data layer reads as its tables, and the text tests
    /// SQL can do (see <see cref="TextToSql"/>). Reads the small tables a text test names (roles, countries…).
    /// </summary>
    public static Expression<Func<CustomerProfile, bool>> ForQuery(Expression<Func<CustomerProfile, RuleSources, bool>> rule, RuleSources sources)
    {
        var body = new TextToSql(sources).Visit(new Replacer(rule.Parameters[1], Expression.Constant(sources)).Visit(rule.Body));
        return Expression.Lambda<Func<CustomerProfile, bool>>(body, rule.Parameters[0]);
    }

    /// <summary>The rule for one customer in memory: the queries over the sources become plain enumerations.</summary>
    public static Func<CustomerProfile, RuleSources, bool> ForMemory(Expression<Func<CustomerProfile, RuleSources, bool>> rule) =>
        ((Expression<Func<CustomerProfile, RuleSources, bool>>)new EnumerableRewriter().Visit(rule)).Compile();

    /// <summary>The <see cref="RuleSources"/> a compiled rule reads (none for profile fields only), to load no more than that.</summary>
    public static IReadOnlySet<string> SourcesUsed(LambdaExpression rule)
    {
        var finder = new SourceFinder(rule.Parameters[^1]);
        finder.Visit(rule.Body);
        return finder.Used;
    }

    private sealed record Scope(ParameterExpression Profile, ParameterExpression Sources, DateTime NowUtc);

    private static readonly Dictionary<string, string> _complement = new()
    {
        ["="] = "!=", ["!="] = "=", ["<"] = ">=", [">="] = "<", [">"] = "<=", ["<="] = ">"
    };

    /// <summary>
    /// Negations are pushed down to the comparisons (De Morgan), so no NOT ever stands over a test of an empty
    /// field: SQL would turn NOT(NULL) into NULL where C# turns it into true, and query providers may drop a null
    /// check they think redundant.
    /// </summary>
    private static Expression Build(RuleNode node, Scope scope, bool negate)
    {
        var (profile, nowUtc) = (scope.Profile, scope.NowUtc);
        CheckExtras(node);
        switch (node)
        {
            case AndNode and:
            {
                var (left, right) = (Build(and.Left, scope, negate), Build(and.Right, scope, negate));
                return negate ? Expression.OrElse(left, right) : Expression.AndAlso(left, right);
            }
            case OrNode or:
            {
                var (left, right) = (Build(or.Left, scope, negate), Build(or.Right, scope, negate));
                return negate ? Expression.AndAlso(left, right) : Expression.OrElse(left, right);
            }
            case NotNode not:
                return Build(not.Inner, scope, !negate);
            case IsEmptyNode empty when Field(empty.Field).Related != null:
                return RelatedIsEmpty(Field(empty.Field), empty, scope, negate);
            case ComparisonNode comparison when Field(comparison.Field).Related != null:
                return RelatedComparison(Field(comparison.Field), comparison, scope, negate);
            case BetweenNode between when Field(between.Field).Related != null:
                return RelatedBetween(Field(between.Field), between, scope, negate);
            case InNode @in when Field(@in.Field).Related != null:
                return RelatedIn(Field(@in.Field), @in, scope, negate);

            // figures counted from the orders: never empty (a count, or a sum read as 0 over no orders), so a negation
            // is the complementary comparison, exactly as in C#
            case ComparisonNode comparison when !RuleText.Operators.Contains(comparison.Operator) && CountsOrders(comparison.Field, comparison.Since):
            {
                var field = Field(comparison.Field);
                var figure = Figure(field, scope, comparison.Since, comparison.Until, comparison.Argument);
                return FigureTest(figure, negate ? _complement[comparison.Operator] : comparison.Operator, Value(field, comparison.Value, nowUtc));
            }
            case BetweenNode between when CountsOrders(between.Field, between.Since):
            {
                var field = Field(between.Field);
                var figure = Figure(field, scope, between.Since, between.Until, between.Argument);
                var (low, high) = (Value(field, between.Low, nowUtc), Value(field, between.High, nowUtc));
                return negate
                    ? Expression.OrElse(FigureTest(figure, "<", low), FigureTest(figure, ">", high))
                    : Expression.AndAlso(FigureTest(figure, ">=", low), FigureTest(figure, "<=", high));
            }
            case InNode @in when CountsOrders(@in.Field, @in.Since):
            {
                var field = Field(@in.Field);
                var figure = Figure(field, scope, @in.Since, @in.Until, @in.Argument);
                var outside = @in.Negated != negate;
                return @in.Values.Select(v => FigureTest(figure, outside ? "!=" : "=", Value(field, v, nowUtc))).Aggregate(outside ? Expression.AndAlso : Expression.OrElse);
            }
            case not null when FieldOf(node) is { } name && Field(name).AnniversaryMonth != null
                               && node is not ComparisonNode { Operator: RuleText.Contains or RuleText.StartsWith or RuleText.EndsWith }:
                return Anniversary(Field(name), node, scope, negate);
            case IsEmptyNode empty:
            {
                var field = Field(empty.Field);
                var wantEmpty = empty.Negated == negate;
                if (!field.IsNullable)
                    return Expression.Constant(!wantEmpty);
                var value = Select(field, profile);
                var nothing = Expression.Constant(null, field.ValueType);
                return wantEmpty ? Expression.Equal(value, nothing) : Expression.NotEqual(value, nothing);
            }
            case ComparisonNode text when RuleText.Operators.Contains(text.Operator):
                throw new RuleSyntaxException(text.Position, $"'{text.Operator}' applies to text fields, not to '{text.Field}'");
            case ComparisonNode comparison:
            {
                var field = Field(comparison.Field);
                return Compare(field, profile, negate ? _complement[comparison.Operator] : comparison.Operator, Value(field, comparison.Value, nowUtc));
            }
            case BetweenNode between:
            {
                var field = Field(between.Field);
                var low = Value(field, between.Low, nowUtc);
                // an owner who ends a range on "2025-12-31" means the whole of that day: up to the next midnight
                var wholeDay = IsWholeDay(field, between.High);
                var high = wholeDay ? Parameter(DateValue(between.High, nowUtc)!.Value.AddDays(1)) : Value(field, between.High, nowUtc);
                return negate
                    ? Expression.OrElse(Compare(field, profile, "<", low), Compare(field, profile, wholeDay ? ">=" : ">", high))
                    : Expression.AndAlso(Compare(field, profile, ">=", low), Compare(field, profile, wholeDay ? "<" : "<=", high));
            }
            case InNode @in:
            {
                var field = Field(@in.Field);
                var outside = @in.Negated != negate;
                var tests = @in.Values.Select(v => Compare(field, profile, outside ? "!=" : "=", Value(field, v, nowUtc)));
                return tests.Aggregate(outside ? Expression.AndAlso : Expression.OrElse);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(node), node, "Unknown rule node");
        }
    }

    /// <summary>
    /// A window only where the field counts orders (and on <c>is empty</c>, for purchases only), an argument exactly
    /// where the field takes one: a node built by hand is checked as the parser checks text.
    /// </summary>
    private static void CheckExtras(RuleNode node)
    {
        var (name, since, until, argument, position, empty) = node switch
        {
            ComparisonNode c => (c.Field, c.Since, c.Until, c.Argument, c.Position, false),
            InNode i => (i.Field, i.Since, i.Until, i.Argument, i.Position, false),
            BetweenNode b => (b.Field, b.Since, b.Until, b.Argument, b.Position, false),
            IsEmptyNode e => (e.Field, e.Since, e.Until, null, e.Position, true),
            _ => (null, null, null, (int?)null, 0, false)
        };
        if (name == null)
            return;

        var field = Field(name);
        if (until != null && since == null)
            throw new RuleSyntaxException(position, "'to' needs a 'from': write from \"2026-01-01\" to \"2026-01-31\"");
        var textTest = node is ComparisonNode comparison && RuleText.Operators.Contains(comparison.Operator);
        if (since != null && (!field.TakesWindow || (empty && field.Type != RuleFieldType.Purchase) || textTest))
            throw new RuleSyntaxException(since.Position,
                $"A window (since, from … to) applies to orders, spent, items, the per-product and per-category figures and purchases, not to '{field.Name}'"
                + (empty || textTest ? " with this operator" : string.Empty));
        if (field.TakesArgument != (argument != null))
            throw new RuleSyntaxException(position, field.TakesArgument
                ? $"'{field.Name}' needs the id of a product or category in parentheses, as in {field.Name}(12)"
                : $"'{field.Name}' takes no id in parentheses");
        if (argument is <= 0)
            throw new RuleSyntaxException(position, $"'{field.Name}' needs an id (a whole number above 0) in parentheses, not {argument}");
    }

    /// <summary>The condition is over a figure counted from the orders: a per-product or per-category one, or a profile figure with a window.</summary>
    private static bool CountsOrders(string name, RuleValue since)
    {
        var field = Field(name);
        return field.Aggregate != null && (field.Type == RuleFieldType.Quantity || since != null);
    }

    /// <summary>The field's order figure with the profile, the sources, the window and the argument put in.</summary>
    private static Expression Figure(RuleField field, Scope scope, RuleValue since, RuleValue until, int? argument)
    {
        var template = field.Aggregate;
        return new TemplateExpander(template.Parameters, scope, WindowOf(since, until, scope.NowUtc), null, argument).Visit(template.Body);
    }

    // Fields outside the profile. "Has a value that …" is an EXISTS; its negation is NOT EXISTS, which SQL and C# read
    // alike (EXISTS is never null). Ordered comparisons (age only) push the negation into the test, as profile fields do.

    private static Expression RelatedIsEmpty(RuleField field, IsEmptyNode empty, Scope scope, bool negate)
    {
        var hasValue = field.Type switch
        {
            RuleFieldType.Text => Related(field, scope, null, v => TextHasValue(v)),
            RuleFieldType.Age => Related(field, scope, null, v => Expression.NotEqual(v, Expression.Constant(null, typeof(DateTime?)))),
            RuleFieldType.Purchase => Related(field, scope, WindowOf(empty.Since, empty.Until, scope.NowUtc), _ => Expression.Constant(true)),
            _ => throw new RuleSyntaxException(empty.Position, $"'{field.Name}' is yes or no, never empty; write {field.Name} = yes or {field.Name} = no")
        };
        return empty.Negated == negate ? Expression.Not(hasValue) : hasValue;
    }

    private static Expression RelatedComparison(RuleField field, ComparisonNode comparison, Scope scope, bool negate)
    {
        var op = comparison.Operator;
        switch (field.Type)
        {
            case RuleFieldType.Flag when op is "=" or "!=":
            {
                var wanted = FlagValue(field, comparison.Value);
                var exists = Related(field, scope, null, null);
                return wanted == (op == "=") != negate ? exists : Expression.Not(exists);
            }
            case RuleFieldType.Age when !RuleText.Operators.Contains(op):
            {
                var years = AgeValue(field, comparison.Value);
                op = negate ? _complement[op] : op;
                // != is "not =", so a customer without a date of birth satisfies it, like an empty profile field
                return op == "!="
                    ? Expression.Not(Related(field, scope, null, v => AgeTest(v, "=", years, scope.NowUtc)))
                    : Related(field, scope, null, v => AgeTest(v, op, years, scope.NowUtc));
            }
            case RuleFieldType.Text when op is "=" or "!=" || RuleText.Operators.Contains(op):
            {
                var text = TextValue(field, comparison.Value);
                var exists = Related(field, scope, null, v => TextTest(v, op == "!=" ? RuleText.Equal : op, text));
                return (op == "!=") != negate ? Expression.Not(exists) : exists;
            }
            case RuleFieldType.Purchase when op is "=" or "!=":
            {
                var ids = IdsOf(field, comparison.Value);
                var exists = Related(field, scope, WindowOf(comparison.Since, comparison.Until, scope.NowUtc), v => IsOneOf(v, ids));
                return (op == "!=") != negate ? Expression.Not(exists) : exists;
            }
            default:
                throw new RuleSyntaxException(comparison.Position, $"'{field.Name}' cannot be compared with '{op}' (use {OperatorsOf(field)})");
        }
    }

    private static Expression RelatedBetween(RuleField field, BetweenNode between, Scope scope, bool negate)
    {
        if (field.Type != RuleFieldType.Age)
            throw new RuleSyntaxException(between.Position, $"'{field.Name}' cannot be used with 'between' (use {OperatorsOf(field)})");

        var (low, high) = (AgeValue(field, between.Low), AgeValue(field, between.High));
        return Related(field, scope, null, v => negate
            ? Expression.OrElse(AgeTest(v, "<", low, scope.NowUtc), AgeTest(v, ">", high, scope.NowUtc))
            : Expression.AndAlso(AgeTest(v, ">=", low, scope.NowUtc), AgeTest(v, "<=", high, scope.NowUtc)));
    }

    private static Expression RelatedIn(RuleField field, InNode @in, Scope scope, bool negate)
    {
        Func<Expression, Expression> test = field.Type switch
        {
            RuleFieldType.Text => v => @in.Values.Select(x => TextTest(v, RuleText.Equal, TextValue(field, x))).Aggregate(Expression.OrElse),
            RuleFieldType.Purchase => v => IsOneOf(v, @in.Values.SelectMany(x => IdsOf(field, x)).Distinct().ToArray()),
            RuleFieldType.Age => v => @in.Values.Select(x => AgeTest(v, "=", AgeValue(field, x), scope.NowUtc)).Aggregate(Expression.OrElse),
            _ => throw new RuleSyntaxException(@in.Position, $"'{field.Name}' cannot be used with 'in' (use {OperatorsOf(field)})")
        };
        var exists = Related(field, scope, field.Type == RuleFieldType.Purchase ? WindowOf(@in.Since, @in.Until, scope.NowUtc) : null, test);
        return @in.Negated != negate ? Expression.Not(exists) : exists;
    }

    private static string FieldOf(RuleNode node) => node switch
    {
        ComparisonNode comparison => comparison.Field,
        BetweenNode between => between.Field,
        InNode @in => @in.Field,
        IsEmptyNode empty => empty.Field,
        _ => null
    };

    // Days to an anniversary (days_to_birthday). The days that satisfy the condition are turned into the (month, day)
    // pairs whose next return falls on one of them, and those into a few month and day ranges over the two profile
    // columns: plain comparisons every engine translates, the same in memory, with no date arithmetic in SQL.

    /// <summary>The longest wait: from the day after a 29 February to the next one's stand-in, a year later.</summary>
    private const int MaxDaysToAnniversary = 365;

    private static Expression Anniversary(RuleField field, RuleNode node, Scope scope, bool negate)
    {
        int DaysValue(RuleValue value) => value.Kind != RuleValueKind.Number
            ? throw new RuleSyntaxException(value.Position, $"'{field.Name}' needs a number, not {value}")
            : value.Number != decimal.Truncate(value.Number)
                ? throw new RuleSyntaxException(value.Position, $"'{field.Name}' holds whole numbers; {value} is not one")
                : (int)Math.Clamp(value.Number, -1, MaxDaysToAnniversary + 1);

        switch (node)
        {
            case IsEmptyNode empty:
                // empty: no day and the empty ones; not empty: every day
                return empty.Negated == negate
                    ? AnniversaryTest(field, scope, _ => false, orEmpty: true)
                    : AnniversaryTest(field, scope, _ => true, orEmpty: false);
            case ComparisonNode comparison:
            {
                var op = negate ? _complement[comparison.Operator] : comparison.Operator;
                var n = DaysValue(comparison.Value);
                Func<int, bool> wanted = op switch
                {
                    "=" => d => d == n,
                    "!=" => d => d != n,
                    "<" => d => d < n,
                    "<=" => d => d <= n,
                    ">" => d => d > n,
                    _ => d => d >= n
                };
                // as for a profile column: != is the one an empty field satisfies
                return AnniversaryTest(field, scope, wanted, orEmpty: op == "!=");
            }
            case BetweenNode between:
            {
                var (low, high) = (DaysValue(between.Low), DaysValue(between.High));
                return AnniversaryTest(field, scope, negate ? d => d < low || d > high : d => d >= low && d <= high, orEmpty: false);
            }
            case InNode @in:
            {
                var days = @in.Values.Select(DaysValue).ToHashSet();
                var outside = @in.Negated != negate;
                return AnniversaryTest(field, scope, d => days.Contains(d) != outside, orEmpty: outside);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(node), node, "Unknown rule node");
        }
    }

    /// <summary>
    /// The profiles whose anniversary is a wanted number of days away (and, with <paramref name="orEmpty"/>, those
    /// without one). Someone born on 29 February has it on 1 March in a common year, the day the age field counts them
    /// a year older.
    /// </summary>
    private static Expression AnniversaryTest(RuleField field, Scope scope, Func<int, bool> wanted, bool orEmpty)
    {
        var month = new Replacer(field.AnniversaryMonth.Parameters[0], scope.Profile).Visit(field.AnniversaryMonth.Body);
        var day = new Replacer(field.AnniversaryDay.Parameters[0], scope.Profile).Visit(field.AnniversaryDay.Body);
        var none = Expression.Constant(null, typeof(int?));
        var isEmpty = Expression.OrElse(Expression.Equal(month, none), Expression.Equal(day, none));
        var hasValue = Expression.AndAlso(Expression.NotEqual(month, none), Expression.NotEqual(day, none));

        var today = scope.NowUtc.Date;
        var chosen = new List<(int Month, int Day)>();
        for (var m = 1; m <= 12; m++)
            for (var d = 1; d <= DateTime.DaysInMonth(2024, m); d++)
                if (wanted(DaysToAnniversary(m, d, today)))
                    chosen.Add((m, d));

        if (chosen.Count == 366)
            return orEmpty ? Expression.Constant(true) : hasValue;

        // each month's chosen days as runs of consecutive days: at most 14 ranges for any condition on one number
        var (monthValue, dayValue) = (Expression.Property(month, "Value"), Expression.Property(day, "Value"));
        var ranges = new List<Expression>();
        foreach (var inMonth in chosen.GroupBy(c => c.Month))
        {
            var days = inMonth.Select(c => c.Day).ToList();
            var isMonth = Expression.Equal(monthValue, Parameter(inMonth.Key));
            if (days.Count == DateTime.DaysInMonth(2024, inMonth.Key))
            {
                ranges.Add(isMonth);
                continue;
            }

            for (var i = 0; i < days.Count;)
            {
                var first = days[i];
                while (i + 1 < days.Count && days[i + 1] == days[i] + 1)
                    i++;
                var last = days[i++];
                ranges.Add(Expression.AndAlso(isMonth, first == last
                    ? Expression.Equal(dayValue, Parameter(first))
                    : Expression.AndAlso(Expression.GreaterThanOrEqual(dayValue, Parameter(first)), Expression.LessThanOrEqual(dayValue, Parameter(last)))));
            }
        }

        if (ranges.Count == 0)
            return orEmpty ? isEmpty : Expression.Constant(false);
        var any = ranges.Aggregate(Expression.OrElse);
        return orEmpty ? Expression.OrElse(isEmpty, any) : Expression.AndAlso(hasValue, any);
    }

    /// <summary>Whole days from <paramref name="today"/> to the next (month, day), today being 0; 29 February falls on 1 March in a common year.</summary>
    public static int DaysToAnniversary(int month, int day, DateTime today)
    {
        DateTime In(int year) => month == 2 && day == 29 && !DateTime.IsLeapYear(year) ? new DateTime(year, 3, 1) : new DateTime(year, month, day);
        var next = In(today.Year);
        if (next < today.Date)
            next = In(today.Year + 1);
        return (next - today.Date).Days;
    }

    private static string OperatorsOf(RuleField field) => field.Type switch
    {
        RuleFieldType.Text => "=, !=, in, not in, contains, starts with, ends with, is empty",
        RuleFieldType.Purchase => "=, !=, in, not in, is empty, with an optional window (since, from … to)",
        RuleFieldType.Quantity => "=, !=, <, <=, >, >=, in, between, with an optional window (since, from … to)",
        RuleFieldType.Flag => "= yes or = no",
        _ => "=, !=, <, <=, >, >=, in, between, is empty"
    };

    /// <summary>The field's template with the profile, the sources, the date and the test put in.</summary>
    private static Expression Related(RuleField field, Scope scope, Window window, Func<Expression, Expression> test)
    {
        var template = field.Related;
        var expander = new TemplateExpander(template.Parameters, scope, window, test, null);
        return expander.Visit(template.Body);
    }

    // a profile's text key is never empty, only null (ProfileCalculator.KeyOf): no = '' for engines that pad with spaces
    private static Expression TextHasValue(Expression value) => value is MemberExpression { Expression.Type: var owner } && owner == typeof(CustomerProfile)
        ? Expression.NotEqual(value, Expression.Constant(null, typeof(string)))
        : Expression.AndAlso(Expression.NotEqual(value, Expression.Constant(null, typeof(string))), Expression.NotEqual(value, Expression.Constant(string.Empty)));

    private static readonly System.Reflection.MethodInfo _textTest = typeof(RuleText).GetMethod(nameof(RuleText.Test));

    /// <summary>A text test by <see cref="RuleText"/>'s definition: run as it is in memory, rewritten by <see cref="ForQuery"/>.</summary>
    private static Expression TextTest(Expression value, string op, string folded) =>
        Expression.Call(_textTest, value, Expression.Constant(op), Parameter(folded));

    /// <summary>A date of birth against whole years of age, as dates: "at least n" is "born on or before today n years ago".</summary>
    private static Expression AgeTest(Expression dateOfBirth, string op, int years, DateTime nowUtc)
    {
        Expression AtLeast(int n) => Expression.LessThanOrEqual(Expression.Property(dateOfBirth, "Value"), Parameter(nowUtc.Date.AddYears(-n)));
        Expression Below(int n) => Expression.GreaterThan(Expression.Property(dateOfBirth, "Value"), Parameter(nowUtc.Date.AddYears(-n)));
        var test = op switch
        {
            ">=" => AtLeast(years),
            ">" => AtLeast(years + 1),
            "<" => Below(years),
            "<=" => Below(years + 1),
            "=" => Expression.AndAlso(AtLeast(years), Below(years + 1)),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, null)
        };
        return Expression.AndAlso(Expression.NotEqual(dateOfBirth, Expression.Constant(null, typeof(DateTime?))), test);
    }

    private static string TextValue(RuleField field, RuleValue value)
    {
        if (value.Kind is not (RuleValueKind.Text or RuleValueKind.Word))
            throw new RuleSyntaxException(value.Position, $"'{field.Name}' needs text such as \"DE\", not {value}");
        if (value.Text.Contains('\0'))
            throw new RuleSyntaxException(value.Position, "A rule cannot contain the NUL character (\\0)");
        if (field.Words != null && field.Words.TryGetValue(value.Text, out var stored))
            return stored.ToLowerInvariant();
        if (field.WordsOnly)
            throw new RuleSyntaxException(value.Position, $"'{value.Text}' is not a value of '{field.Name}' (one of {string.Join(", ", field.Words.Keys)})",
                RuleFields.ClosestOf(value.Text, field.Words.Keys));
        return value.Text.ToLowerInvariant();
    }

    /// <summary>The ids a purchase value stands for: the id itself, or a word's (a season's months).</summary>
    private static int[] IdsOf(RuleField field, RuleValue value)
    {
        if (field.WordIds != null)
            return value.Kind is RuleValueKind.Word or RuleValueKind.Text && field.WordIds.TryGetValue(value.Text, out var ids)
                ? ids
                : throw new RuleSyntaxException(value.Position, $"{value} is not a value of '{field.Name}' (one of {string.Join(", ", field.WordIds.Keys)})",
                    value.Text == null ? null : RuleFields.ClosestOf(value.Text, field.WordIds.Keys));

        var id = IdValue(field, value);
        if (id > field.MaxId)
            throw new RuleSyntaxException(value.Position, $"'{field.Name}' needs a whole number from 1 to {field.MaxId}, not {value}");
        return [id];
    }

    private static Expression IsOneOf(Expression value, int[] ids) =>
        ids.Select(id => (Expression)Expression.Equal(value, Parameter(id))).Aggregate(Expression.OrElse);

    private static int IdValue(RuleField field, RuleValue value) =>
        value.Kind == RuleValueKind.Number && value.Number == decimal.Truncate(value.Number) && value.Number is > 0 and <= int.MaxValue
            ? (int)value.Number
            : throw new RuleSyntaxException(value.Position, $"'{field.Name}' needs an id (a whole number above 0), not {value}");

    private static int AgeValue(RuleField field, RuleValue value) =>
        value.Kind == RuleValueKind.Number && value.Number == decimal.Truncate(value.Number) && value.Number is >= 0 and <= 150
            ? (int)value.Number
            : throw new RuleSyntaxException(value.Position, $"'{field.Name}' needs whole years between 0 and 150, not {value}");

    private static bool FlagValue(RuleField field, RuleValue value) => value.Kind == RuleValueKind.Word
        ? value.Text.ToLowerInvariant() switch
        {
            "yes" or "true" => true,
            "no" or "false" => false,
            _ => throw new RuleSyntaxException(value.Position, $"'{field.Name}' is yes or no, not {value}", RuleFields.ClosestOf(value.Text, ["yes", "no"]))
        }
        : throw new RuleSyntaxException(value.Position, $"'{field.Name}' is yes or no, not {value}");

    /// <summary>
    /// Orders placed from <see cref="From"/> on, up to <see cref="To"/> (inclusive, or before it when <see cref="ToExclusive"/>:
    /// a date-only end stands for its whole day, so the window runs to the next midnight).
    /// </summary>
    private sealed record Window(DateTime From, DateTime? To, bool ToExclusive);

    private static Window WindowOf(RuleValue since, RuleValue until, DateTime nowUtc)
    {
        if (since == null)
            return null;
        DateTime Date(RuleValue value) => DateValue(value, nowUtc)
            ?? throw new RuleSyntaxException(value.Position, $"A window needs a date such as \"2026-01-31\" or 90 days ago, not {value}");
        if (until == null)
            return new Window(Date(since), null, false);
        var wholeDay = IsDateOnly(until);
        return new Window(Date(since), wholeDay ? Date(until).AddDays(1) : Date(until), wholeDay);
    }

    /// <summary>The window's test on a date: true without a window.</summary>
    private static Expression InWindow(Expression date, Window window)
    {
        if (window == null)
            return Expression.Constant(true);
        Expression test = Expression.GreaterThanOrEqual(date, Parameter(window.From));
        if (window.To is { } to)
            test = Expression.AndAlso(test, window.ToExclusive ? Expression.LessThan(date, Parameter(to)) : Expression.LessThanOrEqual(date, Parameter(to)));
        return test;
    }

    private static RuleField Field(string name) => RuleFields.TryGet(name, out var field)
        ? field
        : throw new ArgumentException($"Unknown field '{name}'", nameof(name));

    private static Expression Select(RuleField field, ParameterExpression profile) =>
        new Replacer(field.Selector.Parameters[0], profile).Visit(field.Selector.Body);

    /// <summary>
    /// field op value, false when the field is empty, except for != which an empty field satisfies
    /// (it is not equal to anything); the same in C# and in SQL.
    /// </summary>
    private static Expression Compare(RuleField field, ParameterExpression profile, string op, Expression right)
    {
        var selected = Select(field, profile);
        var test = Test(field.IsNullable ? Expression.Property(selected, "Value") : selected, op, right);
        if (!field.IsNullable)
            return test;

        var hasValue = Expression.NotEqual(selected, Expression.Constant(null, field.ValueType));
        return op == "!=" ? Expression.OrElse(Expression.Not(hasValue), test) : Expression.AndAlso(hasValue, test);
    }

    /// <summary>left op right, for a left side that is never null; the right side in the left's type.</summary>
    private static Expression Test(Expression left, string op, Expression right)
    {
        right = Expression.Convert(right, left.Type);
        return op switch
        {
            "=" => Expression.Equal(left, right),
            "!=" => Expression.NotEqual(left, right),
            "<" => Expression.LessThan(left, right),
            "<=" => Expression.LessThanOrEqual(left, right),
            ">" => Expression.GreaterThan(left, right),
            ">=" => Expression.GreaterThanOrEqual(left, right),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, null)
        };
    }

    /// <summary>
    /// An order figure against a value. A sum of money is compared through its difference with the value: SQLite binds
    /// a decimal parameter as text, and a computed sum has no column affinity to turn that text into a number, so
    /// "sum &gt;= value" would compare a number with text there; the subtraction makes it a number on every engine.
    /// </summary>
    private static Expression FigureTest(Expression figure, string op, Expression right) => figure.Type == typeof(decimal)
        ? Test(Expression.Subtract(figure, Expression.Convert(right, typeof(decimal))), op, Expression.Constant(0m))
        : Test(figure, op, right);

    /// <summary>The value as a parameter of the field's own type, checked against the field.</summary>
    private static Expression Value(RuleField field, RuleValue value, DateTime nowUtc)
    {
        var type = Nullable.GetUnderlyingType(field.ValueType) ?? field.ValueType;
        switch (field.Type)
        {
            case RuleFieldType.Number or RuleFieldType.Quantity when value.Kind == RuleValueKind.Number:
                if (type == typeof(int) && value.Number != decimal.Truncate(value.Number))
                    throw new RuleSyntaxException(value.Position, $"'{field.Name}' holds whole numbers; {value} is not one");
                return type == typeof(int) ? Parameter((int)Math.Clamp(value.Number, int.MinValue, int.MaxValue)) : Parameter(value.Number);

            case RuleFieldType.Number when value.Kind == RuleValueKind.Word && field.Months:
                return Parameter(MonthValue(field, value, nowUtc));

            case RuleFieldType.Date when value.Kind is RuleValueKind.RelativeDate or RuleValueKind.Text:
                return Parameter(DateValue(value, nowUtc)!.Value);

            case RuleFieldType.Enum when value.Kind is RuleValueKind.Word or RuleValueKind.Text:
                var names = System.Enum.GetNames(field.EnumType);
                var wanted = value.Text.Replace("_", string.Empty);
                var match = names.FirstOrDefault(n => string.Equals(n, wanted, StringComparison.OrdinalIgnoreCase));
                if (match == null)
                    throw new RuleSyntaxException(value.Position, $"'{value.Text}' is not a value of '{field.Name}' (one of {string.Join(", ", names)})",
                        RuleFields.ClosestOf(wanted, names));
                return Parameter((int)System.Enum.Parse(field.EnumType, match));

            default:
                var expected = field.Type switch
                {
                    RuleFieldType.Number or RuleFieldType.Quantity => "a number",
                    RuleFieldType.Date => "a date such as \"2026-01-31\" or 30 days ago",
                    _ => "one of " + string.Join(", ", System.Enum.GetNames(field.EnumType))
                };
                throw new RuleSyntaxException(value.Position, $"'{field.Name}' needs {expected}, not {value}");
        }
    }

    /// <summary>The words for months relative to the rule's now (UTC), and the month each stands for.</summary>
    public static IReadOnlyList<string> MonthWords { get; } = ["this_month", "next_month", "last_month"];

    private static int MonthValue(RuleField field, RuleValue value, DateTime nowUtc) => value.Text.ToLowerInvariant() switch
    {
        "this_month" => nowUtc.Month,
        "next_month" => nowUtc.Month % 12 + 1,
        "last_month" => (nowUtc.Month + 10) % 12 + 1,
        _ => throw new RuleSyntaxException(value.Position, $"'{value.Text}' is not a value of '{field.Name}' (a month 1 to 12, or {string.Join(", ", MonthWords)})",
            RuleFields.ClosestOf(value.Text, MonthWords))
    };

    /// <summary>
    /// The earliest date a rule may name: SQL Server's datetime starts in 1753, so every engine nopCommerce runs on
    /// can compare with it. The latest leaves room for the day after (a date-only upper bound means its whole day).
    /// </summary>
    public static readonly DateTime EarliestDate = new(1753, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static readonly DateTime LatestDate = new(9999, 12, 30, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>"30 days ago" or "2026-01-31" as a UTC time; null for any other kind of value.</summary>
    private static DateTime? DateValue(RuleValue value, DateTime nowUtc)
    {
        DateTime date;
        if (value.Kind == RuleValueKind.RelativeDate)
        {
            // whole units, as always; checked in days first, so no count is too large for the calendar arithmetic
            var amount = (double)Math.Min(decimal.Truncate(value.Number), 1_000_000_000m);
            var days = value.Text switch
            {
                "hour" => amount / 24,
                "day" => amount,
                "week" => amount * 7,
                "month" => amount * 31,
                _ => amount * 366
            };
            if (days > (nowUtc - EarliestDate).TotalDays + 400)
                throw new RuleSyntaxException(value.Position, $"{value} is before {EarliestDate:yyyy}, the earliest date a rule can name");
            date = value.Text switch
            {
                "hour" => nowUtc.AddHours(-amount),
                "day" => nowUtc.AddDays(-amount),
                "week" => nowUtc.AddDays(-7 * amount),
                "month" => nowUtc.AddMonths(-(int)amount),
                _ => nowUtc.AddYears(-(int)amount)
            };
        }
        else if (value.Kind != RuleValueKind.Text)
            return null;
        else if (!DateTime.TryParseExact(value.Text, ["yyyy-MM-dd", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture,
                     DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out date))
            throw new RuleSyntaxException(value.Position, $"'{value.Text}' is not a date; write it as \"2026-01-31\"");

        if (date < EarliestDate || date > LatestDate)
            throw new RuleSyntaxException(value.Position, $"{value} is outside the dates a rule can name ({EarliestDate:yyyy-MM-dd} to {LatestDate:yyyy-MM-dd})");
        return date;
    }

    /// <summary>A date written without a time ("2025-12-31"), which stands for that whole day.</summary>
    private static bool IsWholeDay(RuleField field, RuleValue value) => field.Type == RuleFieldType.Date && IsDateOnly(value);

    private static bool IsDateOnly(RuleValue value) => value.Kind == RuleValueKind.Text
        && DateTime.TryParseExact(value.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static Expression Parameter<T>(T value) => Expression.Property(Expression.Constant(new Holder<T>(value)), nameof(Holder<T>.Value));

    private sealed class Replacer(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    /// <summary>
    /// Puts a field template's profile and sources in, the test where the template invokes it, the argument (an order
    /// figure's int parameter), and the customer's counted orders in the profile's store (with the window, when there is
    /// one) where it names <see cref="RuleFields.CustomerOrder"/>.
    /// </summary>
    private sealed class TemplateExpander(IReadOnlyList<ParameterExpression> parameters, Scope scope, Window window,
        Func<Expression, Expression> test, int? argument) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node)
        {
            if (node == parameters[0])
                return scope.Profile;
            if (node == parameters[1])
                return scope.Sources;
            // a flag's third parameter is the rule's "now"
            if (parameters.Count == 3 && node == parameters[2] && node.Type == typeof(DateTime))
                return Parameter(scope.NowUtc);
            if (parameters.Count == 4 && node == parameters[3] && node.Type == typeof(int))
                return Parameter(argument ?? throw new InvalidOperationException("An order figure's template needs its argument."));
            return base.VisitParameter(node);
        }

        protected override Expression VisitInvocation(InvocationExpression node) =>
            node.Expression == parameters[^1] && test != null ? test(Visit(node.Arguments[0])) : base.VisitInvocation(node);

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.Name == nameof(RuleFields.InWindow) && node.Method.DeclaringType == typeof(RuleFields))
                return InWindow(Visit(node.Arguments[0]), window);

            if (node.Method.Name != nameof(RuleFields.CustomerOrder) || node.Method.DeclaringType != typeof(RuleFields))
                return base.VisitMethodCall(node);

            var order = Visit(node.Arguments[0]);
            var profile = Visit(node.Arguments[1]);
            Expression Of(Expression instance, string property) => Expression.Property(instance, property);
            var profileStore = Of(profile, nameof(CustomerProfile.StoreId));
            // the customer's, and for a store's profile in that store (the all-stores profile, 0, takes every store)
            var customers = Expression.AndAlso(
                Expression.Equal(Of(order, nameof(Nop.Core.Domain.Orders.Order.CustomerId)), Of(profile, nameof(CustomerProfile.CustomerId))),
                Expression.OrElse(Expression.Equal(profileStore, Expression.Constant(0)),
                    Expression.Equal(Of(order, nameof(Nop.Core.Domain.Orders.Order.StoreId)), profileStore)));
            var counted = Expression.AndAlso(customers,
                new Replacer(OrderQueryExtensions.IsCounted.Parameters[0], order).Visit(OrderQueryExtensions.IsCounted.Body));
            return window == null
                ? counted
                : Expression.AndAlso(counted, InWindow(Of(order, nameof(Nop.Core.Domain.Orders.Order.CreatedOnUtc)), window));
        }
    }

    /// <summary>
    /// <see cref="RuleText"/>'s tests for SQL. A text of a small table (role, country, language, segment) is tested
    /// here, on the table's rows, and the query tests their ids. The customer's own text (e-mail, gender) is in the
    /// profile already folded, in a column every engine compares code point by code point (see
    /// <c>ProfileKeysMigration</c>), so the query compares it with the folded value as it is: exact on every engine.
    /// </summary>
    private sealed class TextToSql(RuleSources sources) : ExpressionVisitor
    {
        private sealed class IdText
        {
            public int Id { get; set; }
            public string Text { get; set; }
        }

        private static readonly System.Reflection.MethodInfo _concat = typeof(string).GetMethod(nameof(string.Concat), [typeof(string), typeof(string)]);
        private static readonly System.Reflection.MethodInfo _listContains = typeof(List<int>).GetMethod(nameof(List<int>.Contains));

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType != typeof(RuleText))
                return base.VisitMethodCall(node);

            var value = Visit(node.Arguments[0]);
            var op = (string)((ConstantExpression)node.Arguments[1]).Value;
            var folded = Expression.Lambda<Func<string>>(node.Arguments[2]).Compile(preferInterpretation: true)();
            if (Lookup(value) is { } rows)
            {
                var ids = rows.Where(row => RuleText.Test(row.Text, op, folded)).Select(row => row.Id).ToList();
                return Expression.Call(Parameter(ids), _listContains, Expression.Property(((MemberExpression)value).Expression!, "Id"));
            }

            if (value is not MemberExpression { Expression.Type: var owner } || owner != typeof(CustomerProfile))
                throw new InvalidOperationException($"A text test over SQL needs a lookup table's text or a profile's folded key, not {value}.");

            // SQL Server's = and MySQL's PAD SPACE collations ignore trailing spaces: a final character keeps them;
            // LIKE (which the data layer escapes) counts them everywhere
            Expression test = op == RuleText.Equal
                ? Expression.Equal(Expression.Add(value, Expression.Constant("."), _concat), Parameter(folded + "."))
                : Expression.Call(value, typeof(string).GetMethod(op switch
                {
                    RuleText.Contains => nameof(string.Contains),
                    RuleText.StartsWith => nameof(string.StartsWith),
                    _ => nameof(string.EndsWith)
                }, [typeof(string)])!, node.Arguments[2]);
            return Expression.AndAlso(NotNull(value), test);
        }

        private static Expression NotNull(Expression value) => Expression.NotEqual(value, Expression.Constant(null, typeof(string)));

        /// <summary>The ids and texts of a lookup table when the value is a column of one (not of the customers).</summary>
        private List<IdText> Lookup(Expression value)
        {
            if (value is not MemberExpression { Expression: ParameterExpression row } column)
                return null;
            var table = typeof(RuleSources).GetProperties().FirstOrDefault(p => p.Name != nameof(RuleSources.Customers)
                && p.PropertyType == typeof(IQueryable<>).MakeGenericType(row.Type));
            if (table == null)
                return null;

            var entity = Expression.Parameter(row.Type, "row");
            var select = Expression.Lambda(Expression.MemberInit(Expression.New(typeof(IdText)),
                Expression.Bind(typeof(IdText).GetProperty(nameof(IdText.Id))!, Expression.Property(entity, "Id")),
                Expression.Bind(typeof(IdText).GetProperty(nameof(IdText.Text))!, Expression.MakeMemberAccess(entity, column.Member))), entity);
            var query = (IQueryable<IdText>)typeof(Queryable).GetMethods()
                .First(m => m.Name == nameof(Queryable.Select) && m.GetParameters()[1].ParameterType.GetGenericArguments()[0].GetGenericArguments().Length == 2)
                .MakeGenericMethod(row.Type, typeof(IdText))
                .Invoke(null, [table.GetValue(sources), select]);
            return query.ToList();
        }
    }

    /// <summary>Queryable calls to their Enumerable twins, as LINQ to Objects does, but once, not on every call.</summary>
    private sealed class EnumerableRewriter : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType != typeof(Queryable))
                return base.VisitMethodCall(node);

            var arguments = node.Arguments.Select(a => Visit(a is UnaryExpression { NodeType: ExpressionType.Quote } quote ? quote.Operand : a)).ToList();
            var typeArguments = node.Method.GetGenericArguments();
            // Sum over a sequence of numbers is not generic: matched by its parameter alone
            var method = typeof(Enumerable).GetMethods()
                .Where(m => m.Name == node.Method.Name && m.IsGenericMethodDefinition == node.Method.IsGenericMethod
                            && m.GetGenericArguments().Length == typeArguments.Length && m.GetParameters().Length == arguments.Count)
                .Select(m => m.IsGenericMethodDefinition ? m.MakeGenericMethod(typeArguments) : m)
                .Single(m => m.GetParameters().Zip(arguments).All(pair => pair.First.ParameterType.IsAssignableFrom(pair.Second.Type)));
            return Expression.Call(method, arguments);
        }
    }

    private sealed class SourceFinder(ParameterExpression sources) : ExpressionVisitor
    {
        public HashSet<string> Used { get; } = [];

        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Expression == sources)
                Used.Add(node.Member.Name);
            return base.VisitMember(node);
        }
    }
}
