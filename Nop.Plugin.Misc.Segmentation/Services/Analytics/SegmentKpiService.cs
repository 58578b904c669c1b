using System.Globalization;
using Nop.Core.Caching;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Analytics;

/// <summary>
/// The figures of one column of a segment's details: the segment's members, or every customer of its store. Counts
/// and sums only; the ratios the page shows are derived here and are null where they would divide by zero.
/// </summary>
public sealed record KpiFigures
{
    /// <summary>Members with a profile in the store (the store's column: customers with a profile there).</summary>
    public int Customers { get; init; }

    /// <summary>Of them, with at least one counted order (lifetime, from the profiles).</summary>
    public int Buyers { get; init; }

    /// <summary>Of them, with two or more.</summary>
    public int RepeatBuyers { get; init; }

    /// <summary>Their profiles' amount spent, summed.</summary>
    public decimal LifetimeSpent { get; init; }

    /// <summary>Their profiles' value expected in the next 12 months, summed.</summary>
    public decimal PredictedValue { get; init; }

    /// <summary>The churn probabilities of the buyers, summed.</summary>
    public decimal ChurnSum { get; init; }

    /// <summary>Counted orders in the store created in the period, and what they brought (OrderTotal − RefundedAmount).</summary>
    public int PeriodOrders { get; init; }

    public decimal PeriodRevenue { get; init; }

    /// <summary>Customers with a counted order in the period.</summary>
    public int PeriodBuyers { get; init; }

    /// <summary>Customers with a counted order in the period before, and of them, those who ordered in the period too.</summary>
    public int PreviousBuyers { get; init; }

    public int Retained { get; init; }

    /// <summary>Abandoned carts detected in the period, and those whose customer ordered in the cart's store within the conversion window.</summary>
    public int CartsDetected { get; init; }

    public int CartsConverted { get; init; }

    /// <summary>Abandoned carts closed as recovered in the period, and the amount their orders brought.</summary>
    public int CartsRecovered { get; init; }

    public decimal RecoveredRevenue { get; init; }

    public decimal? AverageOrderValue => KpiRatio.Of(PeriodRevenue, PeriodOrders);

    public decimal? OrdersPerCustomer => KpiRatio.Of(PeriodOrders, Customers);

    public decimal? AverageLifetimeSpent => KpiRatio.Of(LifetimeSpent, Customers);

    public decimal? AveragePredictedValue => KpiRatio.Of(PredictedValue, Customers);

    public decimal? AverageChurn => KpiRatio.Of(ChurnSum, Buyers);

    public decimal? Retention => KpiRatio.Of(Retained, PreviousBuyers);

    public decimal? RepeatRate => KpiRatio.Of(RepeatBuyers, Buyers);

    public decimal? CartConversion => KpiRatio.Of(CartsConverted, CartsDetected);
}

/// <summary>A segment's figures for a period beside its store's; <see cref="ConversionDays"/> is the cart conversion window used.</summary>
public sealed record SegmentKpis(KpiFigures Segment, KpiFigures Store, int ConversionDays)
{
    /// <summary>Members among the store's customers with a profile, as the editor's preview counts them.</summary>
    public decimal? CustomerShare => KpiRatio.Of(Segment.Customers, Store.Customers);

    public decimal? RevenueShare => KpiRatio.Of(Segment.PeriodRevenue, Store.PeriodRevenue);
}

/// <summary>A quotient, or null where the divisor is zero (the page shows "—").</summary>
public static class KpiRatio
{
    public static decimal? Of(decimal numerator, decimal denominator) => denominator == 0 ? null : numerator / denominator;
}

/// <summary>
/// The key figures of a segment's details for a period, beside the whole store's, aggregated in the database. The
/// store of a segment decides which profiles and orders count (0: the all-stores profiles and every store's orders);
/// the members are the current ones with a profile in that store. The store's column is cached per store (its
/// profiles) and per store and period (its orders and carts), so every segment of the store shares it; the segment's
/// per segment and state of the segment (its members' profiles) and per period too (their orders and carts), so
/// another period reads only orders and carts.
/// </summary>
public class SegmentKpiService
{
    private static CacheKey StoreProfilesKey => new(SegmentationDefaults.AnalyticsPrefix + "details.storeprofiles.{0}");

    private static CacheKey StoreKey => new(SegmentationDefaults.AnalyticsPrefix + "details.store.{0}.{1}.{2}");

    private static CacheKey SegmentProfilesKey => new(SegmentationDefaults.AnalyticsPrefix + "details.segmentprofiles.{0}.{1}.{2}");

    private static CacheKey SegmentKey => new(SegmentationDefaults.AnalyticsPrefix + "details.segment.{0}.{1}.{2}.{3}.{4}");

    private readonly IRepository<AbandonedCart> _cartRepository;
    private readonly IRepository<CustomerProfile> _profileRepository;
    private readonly IRepository<Order> _orderRepository;
    private readonly IRepository<SegmentMember> _memberRepository;
    private readonly IStaticCacheManager _staticCacheManager;
    private readonly SegmentationSettings _settings;

    public SegmentKpiService(IRepository<AbandonedCart> cartRepository,
        IRepository<CustomerProfile> profileRepository,
        IRepository<Order> orderRepository,
        IRepository<SegmentMember> memberRepository,
        IStaticCacheManager staticCacheManager,
        SegmentationSettings settings)
    {
        _cartRepository = cartRepository;
        _profileRepository = profileRepository;
        _orderRepository = orderRepository;
        _memberRepository = memberRepository;
        _staticCacheManager = staticCacheManager;
        _settings = settings;
    }

    /// <summary>
    /// A cart converts when its customer places a counted order in the cart's store within this many days of its
    /// detection: the validity of the abandoned-cart offer, as detection applies it (at least a day).
    /// </summary>
    public int ConversionDays => Math.Max(1, _settings.CartOfferValidDays);

    public async Task<SegmentKpis> GetAsync(Segment segment, SegmentPeriod period)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(period);
        var days = ConversionDays;
        var storeId = segment.StoreId;

        // the store's profiles are the same whatever the period: a scan of them all, so kept apart from the period's figures
        var storeProfiles = await _staticCacheManager.GetAsync(_staticCacheManager.PrepareKeyForDefaultCache(StoreProfilesKey, storeId),
            () => ProfileFiguresAsync(storeId, null));
        var storeKey = _staticCacheManager.PrepareKeyForDefaultCache(StoreKey, storeId, period.CacheKeyPart, days);
        var store = await _staticCacheManager.GetAsync(storeKey, () => ComputeAsync(storeId, null, period, days, storeProfiles));

        // the segment's state is part of the key: saving, evaluating or changing its list shows at once, not after the next task run
        var state = string.Create(CultureInfo.InvariantCulture,
            $"{segment.UpdatedOnUtc.Ticks}-{segment.LastEvaluatedOnUtc?.Ticks ?? 0}-{segment.MemberCount}");
        // the members' profiles do not depend on the period either: another period of the same segment reuses them
        var memberProfiles = await _staticCacheManager.GetAsync(
            _staticCacheManager.PrepareKeyForDefaultCache(SegmentProfilesKey, segment.Id, storeId, state),
            () => ProfileFiguresAsync(storeId, segment.Id));
        var segmentKey = _staticCacheManager.PrepareKeyForDefaultCache(SegmentKey, segment.Id, storeId, state, period.CacheKeyPart, days);
        var members = await _staticCacheManager.GetAsync(segmentKey, () => ComputeAsync(storeId, segment.Id, period, days, memberProfiles));

        return new SegmentKpis(members, store, days);
    }

    /// <summary>
    /// One column: every customer of the store, or a segment's members, the period's figures added to the profiles'
    /// (<paramref name="profileFigures"/>, cached apart). The orders' and carts' queries run side by side, each on its
    /// own connection.
    /// </summary>
    private async Task<KpiFigures> ComputeAsync(int storeId, int? segmentId, SegmentPeriod period, int conversionDays, KpiFigures profileFigures)
    {
        var orders = Task.Run(() => OrderFiguresAsync(storeId, segmentId, period));
        var carts = Task.Run(() => CartFiguresAsync(storeId, segmentId, period, conversionDays));
        var (o, c) = (await orders, await carts);
        return profileFigures with
        {
            PeriodOrders = o.PeriodOrders, PeriodRevenue = o.PeriodRevenue, PeriodBuyers = o.PeriodBuyers, PreviousBuyers = o.PreviousBuyers,
            Retained = o.Retained, CartsDetected = c.CartsDetected, CartsConverted = c.CartsConverted, CartsRecovered = c.CartsRecovered,
            RecoveredRevenue = c.RecoveredRevenue
        };
    }

    /// <summary>The segment's members who have a profile in its store: the members the details count.</summary>
    private IQueryable<int> MemberIds(int segmentId, int storeId) =>
        from member in _memberRepository.Table
        where member.SegmentId == segmentId && _profileRepository.Table.Any(p => p.CustomerId == member.CustomerId && p.StoreId == storeId)
        select member.CustomerId;

    private async Task<KpiFigures> ProfileFiguresAsync(int storeId, int? segmentId)
    {
        var profiles = segmentId is { } id
            ? from member in _memberRepository.Table
              where member.SegmentId == id
              join profile in _profileRepository.Table on member.CustomerId equals profile.CustomerId
              where profile.StoreId == storeId
              select profile
            : _profileRepository.Table.Where(p => p.StoreId == storeId);

        // grouped by the one store they are all in: one row, and no engine is asked to group by a constant
        var rows = await profiles.GroupBy(p => p.StoreId).Select(g => new
        {
            Customers = g.Count(),
            Buyers = g.Sum(p => p.OrdersCount > 0 ? 1 : 0),
            RepeatBuyers = g.Sum(p => p.OrdersCount > 1 ? 1 : 0),
            Spent = g.Sum(p => p.AmountSpent),
            Predicted = g.Sum(p => p.PredictedLifetimeValue),
            Churn = g.Sum(p => p.OrdersCount > 0 ? p.ChurnProbability : 0m)
        }).ToListAsync();

        return new KpiFigures
        {
            Customers = rows.Sum(r => r.Customers),
            Buyers = rows.Sum(r => r.Buyers),
            RepeatBuyers = rows.Sum(r => r.RepeatBuyers),
            LifetimeSpent = rows.Sum(r => r.Spent),
            PredictedValue = rows.Sum(r => r.Predicted),
            ChurnSum = rows.Sum(r => r.Churn)
        };
    }

    /// <summary>
    /// Orders of the period and of the period before in one pass over the store's orders of both (the index on the
    /// order date gives the range): per customer whether they ordered in each and what they ordered in the period,
    /// then summed by those two flags, at most four rows.
    /// </summary>
    private async Task<KpiFigures> OrderFiguresAsync(int storeId, int? segmentId, SegmentPeriod period)
    {
        var (previousFrom, start, end) = (period.PreviousFromUtc, period.FromUtc, period.ToUtc);
        var orders = _orderRepository.Table.Counted().Where(o => o.CreatedOnUtc >= previousFrom && o.CreatedOnUtc < end);
        if (storeId != 0)
            orders = orders.Where(o => o.StoreId == storeId);
        if (segmentId is { } id)
        {
            var members = MemberIds(id, storeId);
            orders = orders.Where(o => members.Contains(o.CustomerId));
        }

        var customers = from order in orders
                        group order by order.CustomerId into g
                        select new
                        {
                            Before = g.Max(o => o.CreatedOnUtc < start ? 1 : 0),
                            During = g.Max(o => o.CreatedOnUtc >= start ? 1 : 0),
                            Orders = g.Sum(o => o.CreatedOnUtc >= start ? 1 : 0),
                            Revenue = g.Sum(o => o.CreatedOnUtc >= start ? o.OrderTotal - o.RefundedAmount : 0m)
                        };
        var rows = await (from c in customers
                          group c by new { c.Before, c.During } into g
                          select new { g.Key.Before, g.Key.During, Customers = g.Count(), Orders = g.Sum(c => c.Orders), Revenue = g.Sum(c => c.Revenue) })
            .ToListAsync();

        return new KpiFigures
        {
            PeriodOrders = rows.Sum(r => r.Orders),
            PeriodRevenue = rows.Sum(r => r.Revenue),
            PeriodBuyers = rows.Where(r => r.During == 1).Sum(r => r.Customers),
            PreviousBuyers = rows.Where(r => r.Before == 1).Sum(r => r.Customers),
            Retained = rows.Where(r => r.Before == 1 && r.During == 1).Sum(r => r.Customers)
        };
    }

    /// <summary>Abandoned carts: detected in the period and converted, and recovered (closed in the period).</summary>
    private async Task<KpiFigures> CartFiguresAsync(int storeId, int? segmentId, SegmentPeriod period, int conversionDays)
    {
        var (start, end) = (period.FromUtc, period.ToUtc);
        var carts = _cartRepository.Table;
        if (storeId != 0)
            carts = carts.Where(c => c.StoreId == storeId);
        if (segmentId is { } id)
        {
            var members = MemberIds(id, storeId);
            carts = carts.Where(c => members.Contains(c.CustomerId));
        }

        var detected = carts.Where(c => c.DetectedOnUtc >= start && c.DetectedOnUtc < end);
        var orders = _orderRepository.Table.Counted();
        var detectedCount = await detected.CountAsync();
        // counted apart, not as a sum over a subquery: SQL Server refuses aggregates over subqueries
        var converted = detectedCount == 0 ? 0 : await detected
            .Where(c => orders.Any(o => o.CustomerId == c.CustomerId && o.StoreId == c.StoreId
                                        && o.CreatedOnUtc >= c.DetectedOnUtc && o.CreatedOnUtc < c.DetectedOnUtc.AddDays(conversionDays)))
            .CountAsync();

        var recovered = await carts
            .Where(c => c.StatusId == (int)AbandonedCartStatus.Recovered && c.ClosedOnUtc >= start && c.ClosedOnUtc < end)
            .GroupBy(c => c.StoreId)
            .Select(g => new { Count = g.Count(), Amount = g.Sum(c => c.RecoveredAmount) })
            .ToListAsync();

        return new KpiFigures
        {
            CartsDetected = detectedCount,
            CartsConverted = converted,
            CartsRecovered = recovered.Sum(r => r.Count),
            RecoveredRevenue = recovered.Sum(r => r.Amount)
        };
    }
}
