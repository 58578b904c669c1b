using System.Linq.Expressions;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Rules;

public enum RuleFieldType
{
    Number,
    Date,
    Enum
}

/// <summary>A name the rule language knows, the profile column behind it, and how its values read.</summary>
public sealed record RuleField(string Name, RuleFieldType Type, LambdaExpression Selector, Type EnumType = null)
{
    public Type ValueType => Selector.ReturnType;

    public bool IsNullable => Nullable.GetUnderlyingType(ValueType) != null;
}

/// <summary>The profile fields a segment rule can use.</summary>
public static class RuleFields
{
    private static RuleField Number<T>(string name, Expression<Func<CustomerProfile, T>> selector) => new(name, RuleFieldType.Number, selector);

    private static RuleField Date(string name, Expression<Func<CustomerProfile, DateTime?>> selector) => new(name, RuleFieldType.Date, selector);

    // enums are stored as their int ids; the rule names the values, the compiler turns them into ids
    private static RuleField Enum<TEnum>(string name, Expression<Func<CustomerProfile, int>> selector) where TEnum : struct, System.Enum =>
        new(name, RuleFieldType.Enum, selector, typeof(TEnum));

    private static readonly Dictionary<string, RuleField> _fields = new[]
    {
        Number("store", p => p.StoreId),
        Number("orders", p => p.OrdersCount),
        Number("spent", p => p.AmountSpent),
        Number("aov", p => p.AverageOrderValue),
        Number("items", p => p.ItemsBought),
        Number("orders_30d", p => p.Orders30Days),
        Number("spent_30d", p => p.Spent30Days),
        Number("orders_90d", p => p.Orders90Days),
        Number("spent_90d", p => p.Spent90Days),
        Number("orders_365d", p => p.Orders365Days),
        Number("spent_365d", p => p.Spent365Days),
        Date("first_order", p => p.FirstOrderDateUtc),
        Date("last_order", p => p.LastOrderDateUtc),
        Number("cart_value", p => p.CartValue),
        Number("cart_items", p => p.CartItems),
        Date("last_cart_activity", p => p.LastCartActivityUtc),
        Date("last_visit", p => p.LastVisitUtc),
        Number("recency_score", p => p.RecencyScore),
        Number("frequency_score", p => p.FrequencyScore),
        Number("monetary_score", p => p.MonetaryScore),
        Enum<RfmGroup>("rfm_group", p => p.RfmGroupId),
        Enum<LifecycleStage>("lifecycle", p => p.LifecycleStageId),
        Enum<UsageTier>("tier", p => p.UsageTierId),
        Enum<AgeBand>("age_band", p => p.AgeBandId),
        Number("preferred_hour", p => p.PreferredHour),
        Number("preferred_weekday", p => p.PreferredWeekday),
        Number("birthday_month", p => p.BirthdayMonth),
        Number("country_id", p => p.CountryId),
        Number("state_id", p => p.StateProvinceId),
        Number("language_id", p => p.LanguageId),
        Number("churn", p => p.ChurnProbability),
        Date("next_order", p => p.ExpectedNextOrderUtc),
        Number("clv", p => p.PredictedLifetimeValue)
    }.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyCollection<RuleField> All => _fields.Values;

    public static bool TryGet(string name, out RuleField field) => _fields.TryGetValue(name, out field);

    /// <summary>The known name nearest to a misspelt one, if it is near enough to be a likely typo.</summary>
    public static string Closest(string name) => ClosestOf(name, _fields.Keys);

    public static string ClosestOf(string name, IEnumerable<string> candidates)
    {
        var list = candidates.ToList();
        var best = list.Select(c => (Name: c, Distance: Distance(name.ToLowerInvariant(), c.ToLowerInvariant())))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name).FirstOrDefault();
        if (best.Name != null && best.Distance <= Math.Max(2, name.Length / 3))
            return best.Name;

        // a shortened name ("country" for "country_id")
        return list.Where(c => c.StartsWith(name, StringComparison.OrdinalIgnoreCase)).OrderBy(c => c.Length).FirstOrDefault();
    }

    /// <summary>Levenshtein distance.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }

        return previous[b.Length];
    }
}
