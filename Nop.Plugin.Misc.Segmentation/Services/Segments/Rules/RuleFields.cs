using System.Linq.Expressions;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;

public enum RuleFieldType
{
    Number,
    Date,
    Enum,

    /// <summary>Text outside the profile (gender, country code, role…), compared without regard to case.</summary>
    Text,

    /// <summary>Ids of what the customer bought (products, categories), optionally since a date.</summary>
    Purchase,

    /// <summary>Yes or no (newsletter subscriber).</summary>
    Flag,

    /// <summary>Whole years from the customer's date of birth.</summary>
    Age,

    /// <summary>A figure counted from the customer's orders for one product or category: <c>product_quantity(12) >= 3</c>.</summary>
    Quantity
}

/// <summary>
/// A name the rule language knows and how its values read. A profile field has the column behind it
/// (<see cref="Selector"/>); any other field has a <see cref="Related"/> template over <see cref="RuleSources"/>
/// in which the parameter <c>test</c> stands for the condition on each value the customer has.
/// </summary>
public sealed record RuleField(string Name, RuleFieldType Type, LambdaExpression Selector, Type EnumType = null)
{
    public Type ValueType => Selector?.ReturnType ?? Aggregate?.ReturnType;

    public bool IsNullable => ValueType != null && Nullable.GetUnderlyingType(ValueType) != null;

    public LambdaExpression Related { get; init; }

    /// <summary>Words the owner writes for stored values ("female" for "F"); with <see cref="WordsOnly"/>, the only values allowed.</summary>
    public IReadOnlyDictionary<string, string> Words { get; init; }

    public bool WordsOnly { get; init; }

    /// <summary>
    /// The figure counted from the customer's orders, a template over the profile, the <see cref="RuleSources"/>, the
    /// window (through <see cref="RuleFields.CustomerOrder"/>) and the argument; a number field with one is computed
    /// from the orders when a condition gives it a window, and read from the profile otherwise.
    /// </summary>
    public LambdaExpression Aggregate { get; init; }

    /// <summary>Written with an id in parentheses: <c>product_quantity(12)</c>.</summary>
    public bool TakesArgument { get; init; }

    /// <summary>Purchases: words that stand for several ids (a season for its months); with them, the only values allowed.</summary>
    public IReadOnlyDictionary<string, int[]> WordIds { get; init; }

    /// <summary>Purchases: the largest id a value may be (12 for a month).</summary>
    public int? MaxId { get; init; }

    /// <summary>A window (<c>since …</c>, <c>from … to …</c>) may follow the condition.</summary>
    public bool TakesWindow => Type == RuleFieldType.Purchase || Aggregate != null;
    /// <summary>Month numbers 1–12, also written relative to the rule's now: <c>this_month</c>, <c>next_month</c>, <c>last_month</c>.</summary>
    public bool Months { get; init; }

    /// <summary>
    /// A number field counted from two profile columns rather than read from one: the whole days from the rule's today
    /// (UTC) to the next return of the day of the year whose month and day these select (0 to 365; empty without them).
    /// </summary>
    public LambdaExpression AnniversaryMonth { get; init; }

    public LambdaExpression AnniversaryDay { get; init; }
}

/// <summary>The profile fields a segment rule can use.</summary>
public static class RuleFields
{
    private static RuleField Number<T>(string name, Expression<Func<CustomerProfile, T>> selector) => new(name, RuleFieldType.Number, selector);

    private static RuleField Date(string name, Expression<Func<CustomerProfile, DateTime?>> selector) => new(name, RuleFieldType.Date, selector);

    // enums are stored as their int ids; the rule names the values, the compiler turns them into ids
    private static RuleField Enum<TEnum>(string name, Expression<Func<CustomerProfile, int>> selector) where TEnum : struct, System.Enum =>
        new(name, RuleFieldType.Enum, selector, typeof(TEnum));

    private static RuleField Text(string name, Expression<Func<CustomerProfile, RuleSources, Func<string, bool>, bool>> related,
        IReadOnlyDictionary<string, string> words = null, bool wordsOnly = false) =>
        new(name, RuleFieldType.Text, null) { Related = related, Words = words, WordsOnly = wordsOnly };

    private static RuleField Purchase(string name, Expression<Func<CustomerProfile, RuleSources, DateTime, Func<int, bool>, bool>> related) =>
        new(name, RuleFieldType.Purchase, null) { Related = related };

    // a profile figure that a window recomputes from the counted orders in the profile's store (every store for 0)
    private static RuleField Figure<T>(string name, Expression<Func<CustomerProfile, T>> selector,
        Expression<Func<CustomerProfile, RuleSources, DateTime, int, T>> aggregate) => new(name, RuleFieldType.Number, selector) { Aggregate = aggregate };

    private static RuleField Quantity(string name, Expression<Func<CustomerProfile, RuleSources, DateTime, int, int>> aggregate) =>
        new(name, RuleFieldType.Quantity, null) { Aggregate = aggregate, TakesArgument = true };

    // SUM over no rows is NULL in SQL and 0 in C#: every sum is over a nullable and coalesced, so both read 0
    private static readonly Dictionary<string, int[]> _seasons = new(StringComparer.OrdinalIgnoreCase)
    {
        ["winter"] = [12, 1, 2], ["spring"] = [3, 4, 5], ["summer"] = [6, 7, 8], ["autumn"] = [9, 10, 11], ["fall"] = [9, 10, 11]
    };

    // the month (UTC) of one of the customer's counted orders: a month field's and a season's test alike
    private static readonly Expression<Func<CustomerProfile, RuleSources, DateTime, Func<int, bool>, bool>> _orderedInMonth =
        (p, s, since, test) => s.Orders.Any(o => CustomerOrder(o, p, since) && test(o.CreatedOnUtc.Month));

    // counted orders only (the same filter as the profile's figures), written out because a rule is an expression tree
    private static readonly Dictionary<string, RuleField> _fields = new[]
    {
        Number("store", p => p.StoreId),
        Figure("orders", p => p.OrdersCount, (p, s, since, _) => s.Orders.Count(o => CustomerOrder(o, p, since))),
        Figure("spent", p => p.AmountSpent, (p, s, since, _) => s.Orders.Where(o => CustomerOrder(o, p, since)).Sum(o => (decimal?)(o.OrderTotal - o.RefundedAmount)) ?? 0m),
        Number("aov", p => p.AverageOrderValue),
        Figure("items", p => p.ItemsBought, (p, s, since, _) => (from o in s.Orders
            where CustomerOrder(o, p, since)
            from i in s.OrderItems
            where i.OrderId == o.Id
            select (int?)i.Quantity).Sum() ?? 0),
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
        Date("registered", p => p.RegisteredOnUtc),
        Number("recency_score", p => p.RecencyScore),
        Number("frequency_score", p => p.FrequencyScore),
        Number("monetary_score", p => p.MonetaryScore),
        Enum<RfmGroup>("rfm_group", p => p.RfmGroupId),
        Enum<LifecycleStage>("lifecycle", p => p.LifecycleStageId),
        Enum<UsageTier>("tier", p => p.UsageTierId),
        Enum<AgeBand>("age_band", p => p.AgeBandId),
        Number("preferred_hour", p => p.PreferredHour),
        Number("preferred_weekday", p => p.PreferredWeekday),
        Number("birthday_month", p => p.BirthdayMonth) with { Months = true },
        new RuleField("days_to_birthday", RuleFieldType.Number, null)
        {
            AnniversaryMonth = (Expression<Func<CustomerProfile, int?>>)(p => p.BirthdayMonth),
            AnniversaryDay = (Expression<Func<CustomerProfile, int?>>)(p => p.BirthdayDay)
        },
        Number("country_id", p => p.CountryId),
        Number("state_id", p => p.StateProvinceId),
        Number("language_id", p => p.LanguageId),
        Number("churn", p => p.ChurnProbability),
        Date("next_order", p => p.ExpectedNextOrderUtc),
        Number("clv", p => p.PredictedLifetimeValue),

        Text("customer_type", (p, s, test) => s.RoleMappings.Any(m => m.CustomerId == p.CustomerId
                && s.Roles.Any(r => r.Id == m.CustomerRoleId && r.Active && test(r.SystemName))),
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["registered"] = NopCustomerDefaults.RegisteredRoleName, ["guest"] = NopCustomerDefaults.GuestsRoleName
            }, wordsOnly: true),
        Text("role", (p, s, test) => s.RoleMappings.Any(m => m.CustomerId == p.CustomerId
            && s.Roles.Any(r => r.Id == m.CustomerRoleId && r.Active && test(r.Name)))),
        // the customer's own texts, copied into the profile already folded (see CustomerProfile.EmailKey)
        Text("gender", (p, s, test) => test(p.GenderKey),
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["male"] = "M", ["female"] = "F" }),
        Text("email", (p, s, test) => test(p.EmailKey)),
        Text("country", (p, s, test) => s.Countries.Any(c => c.Id == p.CountryId && test(c.TwoLetterIsoCode))),
        Text("language", (p, s, test) => s.Languages.Any(l => l.Id == p.LanguageId && test(l.UniqueSeoCode))),
        Text("segment", (p, s, test) => s.SegmentMembers.Any(m => m.CustomerId == p.CustomerId
            && s.Segments.Any(g => g.Id == m.SegmentId && test(g.Name)))),
        new RuleField("newsletter", RuleFieldType.Flag, null)
        {
            // subscribed in the profile's store (any store for the all-stores profile) with the account's e-mail, in any
            // case: decided when the profile is computed (CustomerProfile.Newsletter)
            Related = (Expression<Func<CustomerProfile, RuleSources, bool>>)((p, s) => p.Newsletter)
        },
        new RuleField("cart_offer", RuleFieldType.Flag, null)
        {
            // an abandoned cart's personal offer, open and not expired, in the profile's store (any, for all stores)
            Related = (Expression<Func<CustomerProfile, RuleSources, DateTime, bool>>)((p, s, now) => s.AbandonedCarts.Any(a =>
                a.CustomerId == p.CustomerId && (p.StoreId == 0 || a.StoreId == p.StoreId)
                && a.StatusId == (int)AbandonedCartStatus.Open && a.OfferExpiresOnUtc > now))
        },
        new RuleField("age", RuleFieldType.Age, null)
        {
            Related = (Expression<Func<CustomerProfile, RuleSources, Func<DateTime?, bool>, bool>>)((p, s, test) =>
                s.Customers.Any(c => c.Id == p.CustomerId && test(c.DateOfBirth)))
        },
        Purchase("bought_product", (p, s, since, test) => s.Orders.Any(o => CustomerOrder(o, p, since)
            && s.OrderItems.Any(i => i.OrderId == o.Id && test(i.ProductId)))),
        Purchase("bought_category", (p, s, since, test) => s.Orders.Any(o => CustomerOrder(o, p, since)
            && s.OrderItems.Any(i => i.OrderId == o.Id && s.ProductCategories.Any(c => c.ProductId == i.ProductId && test(c.CategoryId))))),
        // the affinity the profiles keep: one of the customer's top categories (over all stores), last bought in the window
        Purchase("top_category", (p, s, since, test) => s.CustomerCategories.Any(c => c.CustomerId == p.CustomerId
            && InWindow(c.LastPurchasedUtc, since) && test(c.CategoryId))),

        Quantity("product_quantity", (p, s, since, product) => (from o in s.Orders
            where CustomerOrder(o, p, since)
            from i in s.OrderItems
            where i.OrderId == o.Id && i.ProductId == product
            select (int?)i.Quantity).Sum() ?? 0),
        Quantity("product_orders", (p, s, since, product) => s.Orders.Count(o => CustomerOrder(o, p, since) && s.OrderItems.Any(i => i.OrderId == o.Id && i.ProductId == product))),
        Quantity("category_quantity", (p, s, since, category) => (from o in s.Orders
            where CustomerOrder(o, p, since)
            from i in s.OrderItems
            where i.OrderId == o.Id && s.ProductCategories.Any(c => c.ProductId == i.ProductId && c.CategoryId == category)
            select (int?)i.Quantity).Sum() ?? 0),
        Quantity("category_orders", (p, s, since, category) => s.Orders.Count(o => CustomerOrder(o, p, since)
            && s.OrderItems.Any(i => i.OrderId == o.Id && s.ProductCategories.Any(c => c.ProductId == i.ProductId && c.CategoryId == category)))),

        // the month (UTC) of a counted order, of any year; a season is its three months (northern hemisphere)
        Purchase("ordered_in_month", _orderedInMonth) with { MaxId = 12 },
        Purchase("ordered_in_season", _orderedInMonth) with { WordIds = _seasons },
        // a discount nopCommerce recorded as used on one of the customer's counted orders
        Purchase("used_discount", (p, s, since, test) => s.Orders.Any(o => CustomerOrder(o, p, since) && s.DiscountUsages.Any(d => d.OrderId == o.Id && test(d.DiscountId)))),
        // the store of a counted order: of use in a segment over all stores
        Purchase("ordered_in_store", (p, s, since, test) => s.Orders.Any(o => CustomerOrder(o, p, since) && test(o.StoreId)))
    }.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Stands for "the date is in the rule's window" (always true without one); the compiler writes it out.</summary>
    public static bool InWindow(DateTime date, DateTime since) => throw new InvalidOperationException("Only for rule templates.");

    /// <summary>
    /// Stands for "a counted order (<see cref="OrderQueryExtensions.Counted"/>) of the profile's customer, in the profile's
    /// store (any store for the all-stores profile) and in the rule's window"; the compiler writes it out.
    /// </summary>
    public static bool CustomerOrder(Order order, CustomerProfile profile, DateTime since) => throw new InvalidOperationException("Only for rule templates.");

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
