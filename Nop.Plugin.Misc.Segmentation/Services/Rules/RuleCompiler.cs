using System.Globalization;
using System.Linq.Expressions;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Rules;

/// <summary>
/// Turns a parsed rule into one expression over <see cref="CustomerProfile"/>: the data layer translates it to SQL
/// for a whole store, and compiled it decides for one customer in memory. Both must agree, so the expression avoids
/// SQL's three-valued logic: an empty (null) field is tested explicitly, never compared. Values enter the
/// expression through a holder object, which linq2db sends as query parameters, never as SQL text.
/// </summary>
public static class RuleCompiler
{
    private sealed class Holder<T>(T value)
    {
        public T Value { get; } = value;
    }

    public static Expression<Func<CustomerProfile, bool>> Compile(string rule, DateTime nowUtc) => Compile(RuleParser.Parse(rule), nowUtc);

    public static Expression<Func<CustomerProfile, bool>> Compile(RuleNode rule, DateTime nowUtc)
    {
        var profile = Expression.Parameter(typeof(CustomerProfile), "profile");
        return Expression.Lambda<Func<CustomerProfile, bool>>(Build(rule, profile, nowUtc, negate: false), profile);
    }

    private static readonly Dictionary<string, string> _complement = new()
    {
        ["="] = "!=", ["!="] = "=", ["<"] = ">=", [">="] = "<", [">"] = "<=", ["<="] = ">"
    };

    /// <summary>
    /// Negations are pushed down to the comparisons (De Morgan), so no NOT ever stands over a test of an empty
    /// field: SQL would turn NOT(NULL) into NULL where C# turns it into true, and query providers may drop a null
    /// check they think redundant.
    /// </summary>
    private static Expression Build(RuleNode node, ParameterExpression profile, DateTime nowUtc, bool negate)
    {
        switch (node)
        {
            case AndNode and:
            {
                var (left, right) = (Build(and.Left, profile, nowUtc, negate), Build(and.Right, profile, nowUtc, negate));
                return negate ? Expression.OrElse(left, right) : Expression.AndAlso(left, right);
            }
            case OrNode or:
            {
                var (left, right) = (Build(or.Left, profile, nowUtc, negate), Build(or.Right, profile, nowUtc, negate));
                return negate ? Expression.AndAlso(left, right) : Expression.OrElse(left, right);
            }
            case NotNode not:
                return Build(not.Inner, profile, nowUtc, !negate);
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
            case ComparisonNode comparison:
            {
                var field = Field(comparison.Field);
                return Compare(field, profile, negate ? _complement[comparison.Operator] : comparison.Operator, Value(field, comparison.Value, nowUtc));
            }
            case BetweenNode between:
            {
                var field = Field(between.Field);
                var low = Value(field, between.Low, nowUtc);
                var high = Value(field, between.High, nowUtc);
                return negate
                    ? Expression.OrElse(Compare(field, profile, "<", low), Compare(field, profile, ">", high))
                    : Expression.AndAlso(Compare(field, profile, ">=", low), Compare(field, profile, "<=", high));
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

    private static RuleField Field(string name) => RuleFields.TryGet(name, out var field)
        ? field
        : throw new ArgumentException($"Unknown field '{name}'", nameof(name));

    private static Expression Select(RuleField field, ParameterExpression profile) =>
        new ParameterReplacer(field.Selector.Parameters[0], profile).Visit(field.Selector.Body);

    /// <summary>
    /// field op value, false when the field is empty, except for != which an empty field satisfies
    /// (it is not equal to anything); the same in C# and in SQL.
    /// </summary>
    private static Expression Compare(RuleField field, ParameterExpression profile, string op, Expression right)
    {
        var selected = Select(field, profile);
        var underlying = Nullable.GetUnderlyingType(field.ValueType) ?? field.ValueType;
        var left = field.IsNullable ? Expression.Property(selected, "Value") : selected;
        right = Expression.Convert(right, underlying);
        Expression test = op switch
        {
            "=" => Expression.Equal(left, right),
            "!=" => Expression.NotEqual(left, right),
            "<" => Expression.LessThan(left, right),
            "<=" => Expression.LessThanOrEqual(left, right),
            ">" => Expression.GreaterThan(left, right),
            ">=" => Expression.GreaterThanOrEqual(left, right),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, null)
        };
        if (!field.IsNullable)
            return test;

        var hasValue = Expression.NotEqual(selected, Expression.Constant(null, field.ValueType));
        return op == "!=" ? Expression.OrElse(Expression.Not(hasValue), test) : Expression.AndAlso(hasValue, test);
    }

    /// <summary>The value as a parameter of the field's own type, checked against the field.</summary>
    private static Expression Value(RuleField field, RuleValue value, DateTime nowUtc)
    {
        var type = Nullable.GetUnderlyingType(field.ValueType) ?? field.ValueType;
        switch (field.Type)
        {
            case RuleFieldType.Number when value.Kind == RuleValueKind.Number:
                if (type == typeof(int) && value.Number != decimal.Truncate(value.Number))
                    throw new RuleSyntaxException(value.Position, $"'{field.Name}' holds whole numbers; {value} is not one");
                return type == typeof(int) ? Parameter((int)Math.Clamp(value.Number, int.MinValue, int.MaxValue)) : Parameter(value.Number);

            case RuleFieldType.Date when value.Kind == RuleValueKind.RelativeDate:
                var amount = (int)value.Number;
                return Parameter(value.Text switch
                {
                    "hour" => nowUtc.AddHours(-amount),
                    "day" => nowUtc.AddDays(-amount),
                    "week" => nowUtc.AddDays(-7 * amount),
                    "month" => nowUtc.AddMonths(-amount),
                    _ => nowUtc.AddYears(-amount)
                });

            case RuleFieldType.Date when value.Kind == RuleValueKind.Text:
                if (!DateTime.TryParseExact(value.Text, ["yyyy-MM-dd", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture,
                        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
                    throw new RuleSyntaxException(value.Position, $"'{value.Text}' is not a date; write it as \"2026-01-31\"");
                return Parameter(date);

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
                    RuleFieldType.Number => "a number",
                    RuleFieldType.Date => "a date such as \"2026-01-31\" or 30 days ago",
                    _ => "one of " + string.Join(", ", System.Enum.GetNames(field.EnumType))
                };
                throw new RuleSyntaxException(value.Position, $"'{field.Name}' needs {expected}, not {value}");
        }
    }

    private static Expression Parameter<T>(T value) => Expression.Property(Expression.Constant(new Holder<T>(value)), nameof(Holder<T>.Value));

    private sealed class ParameterReplacer(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
