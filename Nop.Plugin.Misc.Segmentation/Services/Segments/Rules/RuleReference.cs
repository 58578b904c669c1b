using System.Text;

namespace Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;

/// <summary>One field of the rule language as the rule editor documents it.</summary>
public sealed class RuleFieldReference
{
    public string Name { get; init; }

    public RuleFieldType Type { get; init; }

    /// <summary>The condition operators the compiler accepts for the field, in <see cref="RuleReference.Operators"/> order.</summary>
    public IReadOnlyList<string> Operators { get; init; }

    /// <summary>
    /// A window (<c>since date</c>, or <c>from date to date</c>) may follow the condition: purchases (after any of
    /// their operators) and the figures counted from orders (orders, spent, items, the per-product and per-category ones).
    /// </summary>
    public bool TakesSince { get; init; }

    /// <summary>Written with an id in parentheses: <c>product_quantity(12)</c>.</summary>
    public bool TakesArgument { get; init; }

    /// <summary>Words the owner writes as values (enumeration members, <c>yes</c>/<c>no</c>, <c>male</c>); empty when free.</summary>
    public IReadOnlyList<string> Values { get; init; }

    /// <summary>Only <see cref="Values"/> are accepted (gender, for one, also takes the stored letter).</summary>
    public bool ValuesOnly { get; init; }

    /// <summary>A condition on the field that compiles.</summary>
    public string Example { get; init; }

    /// <summary>The locale resource describing what the field means.</summary>
    public string ResourceKey => RuleReference.ResourcePrefix + Name;
}

/// <summary>
/// Every field of the rule language, read from <see cref="RuleFields"/> (the table the compiler uses), with the
/// operators <see cref="RuleCompiler"/> accepts for its kind. A test compiles each listed operator and refuses each
/// unlisted one, so this page and the language cannot drift apart.
/// </summary>
public static class RuleReference
{
    public const string ResourcePrefix = "Plugins.Misc.Segmentation.Rule.Field.";

    /// <summary>The condition operators, in the order the editor lists them.</summary>
    public static IReadOnlyList<string> Operators => RuleTree.Operators;

    /// <summary>The units of a relative date (<c>30 days ago</c>); the singular reads as well (<c>1 day ago</c>).</summary>
    public static IReadOnlyList<string> Units { get; } = ["hours", "days", "weeks", "months", "years"];

    private static readonly string[] _ordered = ["=", "!=", "<", "<=", ">", ">="];

    // what RuleCompiler.Build and its Related* methods accept for each kind of field
    private static readonly Dictionary<RuleFieldType, string[]> _operatorsByType = new()
    {
        [RuleFieldType.Number] = [.. _ordered, "in", "not in", "between", "is empty", "is not empty"],
        [RuleFieldType.Date] = [.. _ordered, "in", "not in", "between", "is empty", "is not empty"],
        [RuleFieldType.Enum] = [.. _ordered, "in", "not in", "between", "is empty", "is not empty"],
        [RuleFieldType.Age] = [.. _ordered, "in", "not in", "between", "is empty", "is not empty"],
        [RuleFieldType.Text] = ["=", "!=", "contains", "starts with", "ends with", "in", "not in", "is empty", "is not empty"],
        [RuleFieldType.Purchase] = ["=", "!=", "in", "not in", "is empty", "is not empty"],
        [RuleFieldType.Flag] = ["=", "!="],
        [RuleFieldType.Quantity] = [.. _ordered, "in", "not in", "between"]
    };

    // hand-written, as an owner would use each field; a field added without one gets a plain "= value" example
    private static readonly Dictionary<string, string> _examples = new(StringComparer.OrdinalIgnoreCase)
    {
        ["store"] = "store = 1",
        ["orders"] = "orders >= 3",
        ["spent"] = "spent > 500",
        ["aov"] = "aov between 50 and 100",
        ["items"] = "items >= 10",
        ["orders_30d"] = "orders_30d >= 1",
        ["spent_30d"] = "spent_30d > 100",
        ["orders_90d"] = "orders_90d = 0",
        ["spent_90d"] = "spent_90d > 500",
        ["orders_365d"] = "orders_365d >= 4",
        ["spent_365d"] = "spent_365d > 1000",
        ["first_order"] = "first_order > 30 days ago",
        ["last_order"] = "last_order < 90 days ago",
        ["cart_value"] = "cart_value > 100",
        ["cart_items"] = "cart_items >= 1",
        ["last_cart_activity"] = "last_cart_activity < 4 hours ago",
        ["last_visit"] = "last_visit < 6 months ago",
        ["registered"] = "registered > 7 days ago",
        ["recency_score"] = "recency_score >= 4",
        ["frequency_score"] = "frequency_score >= 4",
        ["monetary_score"] = "monetary_score = 5",
        ["rfm_group"] = "rfm_group in (champions, loyal_customers)",
        ["lifecycle"] = "lifecycle = at_risk",
        ["tier"] = "tier = heavy",
        ["age_band"] = "age_band in (from_25_to_34, from_35_to_44)",
        ["preferred_hour"] = "preferred_hour between 18 and 23",
        ["preferred_weekday"] = "preferred_weekday in (0, 6)",
        ["birthday_month"] = "birthday_month = this_month",
        ["days_to_birthday"] = "days_to_birthday <= 7",
        ["country_id"] = "country_id in (3, 4)",
        ["state_id"] = "state_id = 12",
        ["language_id"] = "language_id = 1",
        ["churn"] = "churn > 0.7",
        ["next_order"] = "next_order < \"2026-12-31\"",
        ["clv"] = "clv > 1000",
        ["customer_type"] = "customer_type = registered",
        ["role"] = "role = \"Wholesale\"",
        ["gender"] = "gender = female",
        ["email"] = "email ends with \"@example.com\"",
        ["country"] = "country in (\"DE\", \"AT\")",
        ["language"] = "language = \"en\"",
        ["segment"] = "segment = \"VIP\"",
        ["newsletter"] = "newsletter = yes",
        ["cart_offer"] = "cart_offer = yes",
        ["age"] = "age between 25 and 34",
        ["bought_product"] = "bought_product = 12 since 90 days ago",
        ["bought_category"] = "bought_category in (3, 5) since 90 days ago",
        ["top_category"] = "top_category = 3",
        ["product_quantity"] = "product_quantity(12) >= 3",
        ["product_orders"] = "product_orders(12) >= 2 since 1 year ago",
        ["category_quantity"] = "category_quantity(5) >= 10",
        ["category_orders"] = "category_orders(5) >= 2 from \"2025-01-01\" to \"2025-12-31\"",
        ["ordered_in_month"] = "ordered_in_month in (11, 12)",
        ["ordered_in_season"] = "ordered_in_season = winter",
        ["used_discount"] = "used_discount = 5 since 90 days ago",
        ["ordered_in_store"] = "ordered_in_store = 2"
    };

    /// <summary>Every field, in the order of the compiler's table.</summary>
    public static IReadOnlyList<RuleFieldReference> Fields { get; } = [.. RuleFields.All.Select(Describe)];

    private static readonly Dictionary<string, RuleFieldReference> _byName = Fields.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    public static RuleFieldReference Of(string name) => name != null && _byName.TryGetValue(name, out var field) ? field : null;

    private static RuleFieldReference Describe(RuleField field)
    {
        var (values, only) = field.Type switch
        {
            RuleFieldType.Enum => (Enum.GetNames(field.EnumType).Select(SnakeCase).ToList(), true),
            RuleFieldType.Flag => (["yes", "no"], true),
            RuleFieldType.Text when field.Words != null => (field.Words.Keys.ToList(), field.WordsOnly),
            RuleFieldType.Purchase when field.WordIds != null => (field.WordIds.Keys.ToList(), true),
            // month numbers too, so the words are offered but not the only values
            _ when field.Months => (RuleCompiler.MonthWords.ToList(), false),
            _ => (new List<string>(), false)
        };
        return new RuleFieldReference
        {
            Name = field.Name,
            Type = field.Type,
            Operators = _operatorsByType[field.Type],
            TakesSince = field.TakesWindow,
            TakesArgument = field.TakesArgument,
            Values = values,
            ValuesOnly = only,
            Example = _examples.GetValueOrDefault(field.Name) ?? $"{field.Name} = {SampleValue(field.Type, values)}"
        };
    }

    /// <summary>A value every field of the kind accepts, for an example or a builder's placeholder.</summary>
    public static string SampleValue(RuleFieldType type, IReadOnlyList<string> values) => type switch
    {
        RuleFieldType.Date => "30 days ago",
        RuleFieldType.Age => "30",
        RuleFieldType.Purchase when values.Count == 0 => "12",
        RuleFieldType.Number or RuleFieldType.Quantity => "3",
        _ when values.Count > 0 => values[0],
        _ => "\"text\""
    };

    /// <summary>
    /// "LoyalCustomers" as "loyal_customers", "From25To34" as "from_25_to_34": the compiler drops underscores and
    /// ignores case, so this reads back as the member, and it is how the README writes them.
    /// </summary>
    private static string SnakeCase(string name)
    {
        var text = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var boundary = i > 0 && ((char.IsUpper(c) && !char.IsUpper(name[i - 1])) || (char.IsDigit(c) != char.IsDigit(name[i - 1])));
            if (boundary)
                text.Append('_');
            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
