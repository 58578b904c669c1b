using System.Globalization;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Profiles.Predictions;
using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;

namespace Nop.Plugin.Misc.Segmentation.Services.Profiles;

/// <summary>Orders of one customer in one store, summed by the database.</summary>
public class OrderAggregate
{
    public int CustomerId { get; set; }
    public int StoreId { get; set; }
    public int Orders { get; set; }
    public decimal Spent { get; set; }
    public DateTime FirstOrderUtc { get; set; }
    public DateTime LastOrderUtc { get; set; }
    public int Orders30 { get; set; }
    public decimal Spent30 { get; set; }
    public int Orders90 { get; set; }
    public decimal Spent90 { get; set; }
    public int Orders365 { get; set; }
    public decimal Spent365 { get; set; }
    public int Items { get; set; }
}

/// <summary>The shopping cart (not the wishlist) of one customer in one store.</summary>
public class CartAggregate
{
    public int CustomerId { get; set; }
    public int StoreId { get; set; }
    public int Items { get; set; }
    public decimal Value { get; set; }
    public DateTime LastActivityUtc { get; set; }
}

/// <summary>Quantity bought by one customer in one store (order lines of counted orders).</summary>
public class ItemAggregate
{
    public int CustomerId { get; set; }
    public int StoreId { get; set; }
    public int Quantity { get; set; }
}

/// <summary>Counted orders of one customer at one hour of one weekday (UTC), for the preferred shopping time.</summary>
public class HabitAggregate
{
    public int CustomerId { get; set; }
    public int Hour { get; set; }
    public DayOfWeek DayOfWeek { get; set; }
    public int Count { get; set; }
}

/// <summary>What the database summed for a set of customers: the input of <see cref="CustomerProfileService.Assemble"/>.</summary>
public class CustomerActivity
{
    public List<OrderAggregate> Orders { get; } = [];
    public List<ItemAggregate> Items { get; } = [];
    public List<HabitAggregate> Habits { get; } = [];
    public List<CartAggregate> Carts { get; } = [];
    public List<RegisteredAccount> Registered { get; } = [];

    /// <summary>The customers with counted orders, a cart or an account, in id order.</summary>
    public List<int> CustomerIds() => Orders.Select(a => a.CustomerId).Concat(Carts.Select(c => c.CustomerId))
        .Concat(Registered.Select(r => r.CustomerId)).Distinct().Order().ToList();
}

/// <summary>A registered customer (nopCommerce's Registered role) and the store they registered in.</summary>
public class RegisteredAccount
{
    public int CustomerId { get; set; }
    public int StoreId { get; set; }
}

/// <summary>What the customer record itself says.</summary>
public class CustomerFacts
{
    public int CustomerId { get; set; }
    public DateTime? DateOfBirth { get; set; }
    public int CountryId { get; set; }
    public int StateProvinceId { get; set; }
    public int? LanguageId { get; set; }
    public DateTime LastActivityDateUtc { get; set; }
    public DateTime CreatedOnUtc { get; set; }

    /// <summary>In nopCommerce's Registered role (from the role tables, not the record): the profile gets the registration date.</summary>
    public bool Registered { get; set; }

    public string Email { get; set; }
    public string Gender { get; set; }

    /// <summary>The stores with an active subscription to the account's e-mail (by the case rule).</summary>
    public HashSet<int> NewsletterStores { get; set; } = [];
}

/// <summary>
/// Turns aggregates into profile values. Pure: the rebuild and the event path both call it, which is what makes
/// their results equal.
/// </summary>
public static class ProfileCalculator
{
    /// <summary>The all-stores view of per-store aggregates.</summary>
    public static OrderAggregate Combine(int customerId, IReadOnlyCollection<OrderAggregate> perStore)
    {
        if (perStore.Count == 0)
            return null;

        return new OrderAggregate
        {
            CustomerId = customerId,
            StoreId = 0,
            Orders = perStore.Sum(a => a.Orders),
            Spent = perStore.Sum(a => a.Spent),
            FirstOrderUtc = perStore.Min(a => a.FirstOrderUtc),
            LastOrderUtc = perStore.Max(a => a.LastOrderUtc),
            Orders30 = perStore.Sum(a => a.Orders30),
            Spent30 = perStore.Sum(a => a.Spent30),
            Orders90 = perStore.Sum(a => a.Orders90),
            Spent90 = perStore.Sum(a => a.Spent90),
            Orders365 = perStore.Sum(a => a.Orders365),
            Spent365 = perStore.Sum(a => a.Spent365),
            Items = perStore.Sum(a => a.Items)
        };
    }

    public static CartAggregate Combine(int customerId, IReadOnlyCollection<CartAggregate> perStore)
    {
        if (perStore.Count == 0)
            return null;

        return new CartAggregate
        {
            CustomerId = customerId,
            StoreId = 0,
            Items = perStore.Sum(c => c.Items),
            Value = perStore.Sum(c => c.Value),
            LastActivityUtc = perStore.Max(c => c.LastActivityUtc)
        };
    }

    /// <summary>
    /// Everything of a profile but the RFM scores and predictions, which need the whole store
    /// (see <see cref="ApplyStoreStatistics"/>).
    /// </summary>
    public static CustomerProfile Build(int customerId, int storeId, OrderAggregate orders, CartAggregate cart, CustomerFacts facts,
        (int? Hour, int? Weekday) preferred, DateTime nowUtc, SegmentationSettings settings)
    {
        var profile = new CustomerProfile
        {
            CustomerId = customerId,
            StoreId = storeId,
            ComputedOnUtc = nowUtc,
            PreferredHour = preferred.Hour,
            PreferredWeekday = preferred.Weekday
        };

        if (orders != null && orders.Orders > 0)
        {
            profile.OrdersCount = orders.Orders;
            profile.AmountSpent = orders.Spent;
            profile.FirstOrderDateUtc = orders.FirstOrderUtc;
            profile.LastOrderDateUtc = orders.LastOrderUtc;
            profile.AverageOrderValue = Math.Round(orders.Spent / orders.Orders, 4);
            profile.ItemsBought = orders.Items;
            profile.Orders30Days = orders.Orders30;
            profile.Spent30Days = orders.Spent30;
            profile.Orders90Days = orders.Orders90;
            profile.Spent90Days = orders.Spent90;
            profile.Orders365Days = orders.Orders365;
            profile.Spent365Days = orders.Spent365;
        }

        if (cart != null)
        {
            profile.CartItems = cart.Items;
            profile.CartValue = cart.Value;
            profile.LastCartActivityUtc = cart.LastActivityUtc;
        }

        if (facts != null)
        {
            profile.CountryId = facts.CountryId;
            profile.StateProvinceId = facts.StateProvinceId;
            profile.LanguageId = facts.LanguageId ?? 0;
            profile.LastVisitUtc = facts.LastActivityDateUtc;
            profile.BirthdayMonth = facts.DateOfBirth?.Month;
            profile.BirthdayDay = facts.DateOfBirth?.Day;
            profile.RegisteredOnUtc = facts.Registered ? facts.CreatedOnUtc : null;
            profile.AgeBand = AgeBandOf(facts.DateOfBirth, nowUtc);
            ApplyOwnText(profile, facts);
        }

        profile.LifecycleStage = LifecycleOf(profile, nowUtc, settings);
        profile.UsageTier = TierOf(profile.Orders365Days, settings);
        return profile;
    }

    /// <summary>The copies of the customer's own text the rules read: e-mail and gender folded, and the newsletter flag.</summary>
    public static void ApplyOwnText(CustomerProfile profile, CustomerFacts facts)
    {
        profile.EmailKey = KeyOf(facts.Email);
        profile.GenderKey = KeyOf(facts.Gender);
        profile.Newsletter = profile.StoreId == 0 ? facts.NewsletterStores.Count > 0 : facts.NewsletterStores.Contains(profile.StoreId);
    }

    /// <summary>A text the rules test, folded by the case rule; empty text is stored as none, as the rules read it.</summary>
    public static string KeyOf(string text) => string.IsNullOrEmpty(text) ? null : RuleText.Fold(text);

    public static LifecycleStage LifecycleOf(CustomerProfile profile, DateTime nowUtc, SegmentationSettings settings)
    {
        if (profile.OrdersCount == 0 || profile.LastOrderDateUtc is null || profile.FirstOrderDateUtc is null)
            return LifecycleStage.Prospect;

        var sinceLast = (nowUtc - profile.LastOrderDateUtc.Value).TotalDays;
        if (sinceLast >= settings.ChurnedAfterDays)
            return LifecycleStage.Churned;
        if (sinceLast >= settings.LapsedAfterDays)
            return LifecycleStage.Lapsed;
        if (sinceLast >= settings.AtRiskAfterDays)
            return LifecycleStage.AtRisk;

        return (nowUtc - profile.FirstOrderDateUtc.Value).TotalDays <= settings.NewCustomerDays ? LifecycleStage.New : LifecycleStage.Active;
    }

    public static UsageTier TierOf(int ordersLastYear, SegmentationSettings settings)
    {
        if (ordersLastYear <= 0)
            return UsageTier.None;
        if (ordersLastYear >= settings.HeavyTierMinOrders)
            return UsageTier.Heavy;
        return ordersLastYear >= settings.MediumTierMinOrders ? UsageTier.Medium : UsageTier.Light;
    }

    public static AgeBand AgeBandOf(DateTime? dateOfBirth, DateTime nowUtc)
    {
        if (dateOfBirth is not { } born || born > nowUtc)
            return AgeBand.Unknown;

        var age = nowUtc.Year - born.Year - (nowUtc.Date < born.Date.AddYears(nowUtc.Year - born.Year) ? 1 : 0);
        return age switch
        {
            < 25 => AgeBand.Under25,
            < 35 => AgeBand.From25To34,
            < 45 => AgeBand.From35To44,
            < 55 => AgeBand.From45To54,
            < 65 => AgeBand.From55To64,
            _ => AgeBand.From65
        };
    }

    /// <summary>Whole days since the last order, the recency RFM ranks on.</summary>
    public static int RecencyDays(CustomerProfile profile, DateTime nowUtc) =>
        (int)Math.Floor((nowUtc - profile.LastOrderDateUtc!.Value).TotalDays);

    /// <summary>
    /// The four cut points between a store's quintiles (a value scores one plus the cut points below it), chosen so that
    /// ties never leave a score unused where the data allows it. Equal values must share a score, so plain quintiles
    /// collapse on real order counts (most customers have one order: cut points 1, 1, 1, 2 leave F2 and F3 empty).
    /// Instead the scores go to the distinct values:
    /// <list type="bullet">
    /// <item>five or more distinct values: the values are split at the four boundaries closest to 20, 40, 60 and 80 %
    /// of the customers, each boundary after the previous one and leaving a value for every score above, so all five
    /// scores are used;</item>
    /// <item>fewer: the smallest value scores 1, the largest 5, and each value between takes the quintile its customers'
    /// middle rank falls in (kept between its neighbours'); a single value scores 1.</item>
    /// </list>
    /// </summary>
    public static decimal[] CutPoints(IReadOnlyList<decimal> sortedValues)
    {
        var n = sortedValues.Count;
        if (n == 0)
            return [];

        // distinct values and how many customers have at most each
        var distinct = new List<decimal>();
        var atMost = new List<int>();
        for (var i = 0; i < n; i++)
        {
            if (distinct.Count > 0 && sortedValues[i] == distinct[^1])
                atMost[^1] = i + 1;
            else
            {
                distinct.Add(sortedValues[i]);
                atMost.Add(i + 1);
            }
        }

        var k = distinct.Count;
        var scores = new int[k];
        if (k >= 5)
        {
            // the last distinct value of each of the lower four scores
            var last = -1;
            for (var score = 1; score <= 4; score++)
            {
                var (lo, hi) = (last + 1, k - 1 - (5 - score));
                var target = (double)score * n / 5;
                var best = lo;
                for (var i = lo + 1; i <= hi && atMost[i - 1] < target; i++)
                {
                    if (Math.Abs(atMost[i] - target) < Math.Abs(atMost[best] - target))
                        best = i;
                }

                for (var i = last + 1; i <= best; i++)
                    scores[i] = score;
                last = best;
            }

            for (var i = last + 1; i < k; i++)
                scores[i] = 5;
        }
        else
        {
            scores[0] = 1;
            for (var i = 1; i < k; i++)
            {
                var middleRank = (atMost[i - 1] + atMost[i]) / 2.0 / n;
                var quintile = i == k - 1 ? 5 : (int)Math.Floor(middleRank * 5) + 1;
                scores[i] = Math.Clamp(quintile, scores[i - 1] + 1, 5 - (k - 1 - i));
            }
        }

        // a value scores one plus the cuts strictly below it: each step up between neighbours is that many copies of the lower
        var cuts = new List<decimal>(4);
        for (var i = 1; i < k; i++)
            cuts.AddRange(Enumerable.Repeat(distinct[i - 1], scores[i] - scores[i - 1]));
        while (cuts.Count < 4)
            cuts.Add(distinct[^1]);
        return cuts.ToArray();
    }

    /// <summary>1..5, higher for larger values (frequency, monetary): one plus the cut points below the value.</summary>
    public static int ScoreHigherIsBetter(decimal value, decimal[] cuts) => cuts.Length == 0 ? 0 : 1 + cuts.Count(c => c < value);

    /// <summary>1..5, higher for smaller values (recency in days).</summary>
    public static int ScoreLowerIsBetter(decimal value, decimal[] cuts) => cuts.Length == 0 ? 0 : 5 - cuts.Count(c => c < value);

    /// <summary>The days the prediction models count in: repeat orders, first to last order, first order to now.</summary>
    public static PurchaseHistory HistoryOf(CustomerProfile profile, DateTime nowUtc) => new(
        profile.OrdersCount - 1,
        (profile.LastOrderDateUtc!.Value - profile.FirstOrderDateUtc!.Value).TotalDays,
        Math.Max(0, (nowUtc - profile.FirstOrderDateUtc.Value).TotalDays));

    /// <summary>How far ahead the predicted lifetime value looks.</summary>
    public const int LifetimeValueDays = 365;

    /// <summary>RFM scores and predictions from the store's statistics.</summary>
    public static void ApplyStoreStatistics(CustomerProfile profile, StoreScoring scoring, DateTime nowUtc)
    {
        ApplyRfm(profile, scoring, nowUtc);
        ApplyPredictions(profile, scoring, nowUtc);
    }

    /// <summary>
    /// Churn probability (1 − P(active) of the MBG/NBD model), the expected next order of an active customer and the
    /// value expected in the next <see cref="LifetimeValueDays"/> days (expected orders × gamma-gamma value per order).
    /// Rounded coarsely on purpose: the figures drift with every hour, and an hourly rebuild should not rewrite
    /// every row for changes nobody can act on.
    /// </summary>
    public static void ApplyPredictions(CustomerProfile profile, StoreScoring scoring, DateTime nowUtc)
    {
        var purchase = scoring?.Purchase;
        if (profile.OrdersCount == 0 || profile.FirstOrderDateUtc is null || profile.LastOrderDateUtc is null || purchase is null)
        {
            profile.ChurnProbability = 0;
            profile.ExpectedNextOrderUtc = null;
            profile.PredictedLifetimeValue = 0;
            return;
        }

        var history = HistoryOf(profile, nowUtc);
        profile.ChurnProbability = Math.Round((decimal)(1 - MbgNbdModel.ProbabilityAlive(purchase, history)), 2);
        var days = Math.Min(3650, MbgNbdModel.ExpectedDaysToNextPurchase(purchase, history));
        profile.ExpectedNextOrderUtc = nowUtc.Date.AddDays(Math.Ceiling(days));

        var spend = scoring.Spend;
        var valuePerOrder = spend is null || profile.AverageOrderValue <= 0
            ? (double)profile.AverageOrderValue
            : GammaGammaModel.ExpectedAverageValue(spend, profile.OrdersCount, (double)profile.AverageOrderValue);
        var value = MbgNbdModel.ExpectedPurchases(purchase, history, LifetimeValueDays) * valuePerOrder;
        profile.PredictedLifetimeValue = double.IsFinite(value) ? Math.Round((decimal)Math.Max(0, value), 0) : 0;
    }

    public static string Format(MbgNbdParameters p) => Format([(decimal)p.R, (decimal)p.Alpha, (decimal)p.A, (decimal)p.B]);

    public static string Format(GammaGammaParameters g) => Format([(decimal)g.P, (decimal)g.Q, (decimal)g.Gamma]);

    public static MbgNbdParameters ParsePurchaseModel(string text) =>
        Parse(text) is [var r, var alpha, var a, var b] ? new MbgNbdParameters((double)r, (double)alpha, (double)a, (double)b) : null;

    public static GammaGammaParameters ParseSpendModel(string text) =>
        Parse(text) is [var p, var q, var gamma] ? new GammaGammaParameters((double)p, (double)q, (double)gamma) : null;

    /// <summary>Scores a profile with its store's quintiles; profiles without orders get no RFM.</summary>
    public static void ApplyRfm(CustomerProfile profile, StoreScoring scoring, DateTime nowUtc)
    {
        if (profile.OrdersCount == 0 || scoring == null)
        {
            (profile.RecencyScore, profile.FrequencyScore, profile.MonetaryScore) = (0, 0, 0);
            profile.RfmGroup = RfmGroup.None;
            return;
        }

        profile.RecencyScore = ScoreLowerIsBetter(RecencyDays(profile, nowUtc), scoring.RecencyCuts);
        profile.FrequencyScore = ScoreHigherIsBetter(profile.OrdersCount, scoring.FrequencyCuts);
        profile.MonetaryScore = ScoreHigherIsBetter(profile.AmountSpent, scoring.MonetaryCuts);
        profile.RfmGroup = GroupOf(profile.RecencyScore, profile.FrequencyScore);
    }

    /// <summary>
    /// The usual recency × frequency map of named groups (rows R 1..5, columns F 1..5), with the oldest and rarest
    /// customers (R1 F1) set apart as Lost.
    /// </summary>
    public static RfmGroup GroupOf(int recency, int frequency)
    {
        if (recency is < 1 or > 5 || frequency is < 1 or > 5)
            return RfmGroup.None;

        return (recency, frequency) switch
        {
            (1, 1) => RfmGroup.Lost,
            (<= 2, <= 2) => RfmGroup.Hibernating,
            (<= 2, <= 4) => RfmGroup.AtRisk,
            (<= 2, 5) => RfmGroup.CannotLoseThem,
            (3, <= 2) => RfmGroup.AboutToSleep,
            (3, 3) => RfmGroup.NeedAttention,
            (3 or 4, >= 4) => RfmGroup.LoyalCustomers,
            (4, 1) => RfmGroup.Promising,
            (5, 1) => RfmGroup.NewCustomers,
            (_, 2 or 3) => RfmGroup.PotentialLoyalists,
            _ => RfmGroup.Champions
        };
    }

    public static string Format(IEnumerable<decimal> cuts) => string.Join(";", cuts.Select(c => c.ToString(CultureInfo.InvariantCulture)));

    public static decimal[] Parse(string cuts) => string.IsNullOrEmpty(cuts)
        ? []
        : cuts.Split(';').Select(c => decimal.Parse(c, CultureInfo.InvariantCulture)).ToArray();
}

/// <summary>
/// A store's statistics parsed once, so that scoring a batch of profiles does not parse the same text for each.
/// </summary>
public sealed class StoreScoring
{
    private StoreScoring(StoreStatistics statistics)
    {
        RecencyCuts = ProfileCalculator.Parse(statistics.RecencyDays);
        FrequencyCuts = ProfileCalculator.Parse(statistics.Frequency);
        MonetaryCuts = ProfileCalculator.Parse(statistics.Monetary);
        Purchase = ProfileCalculator.ParsePurchaseModel(statistics.PurchaseModel);
        Spend = ProfileCalculator.ParseSpendModel(statistics.SpendModel);
    }

    /// <summary>Null for a store without statistics (not rebuilt yet): its profiles get no scores.</summary>
    public static StoreScoring From(StoreStatistics statistics) => statistics == null ? null : new StoreScoring(statistics);

    public decimal[] RecencyCuts { get; }
    public decimal[] FrequencyCuts { get; }
    public decimal[] MonetaryCuts { get; }
    public MbgNbdParameters Purchase { get; }
    public GammaGammaParameters Spend { get; }
}
