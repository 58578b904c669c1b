using Nop.Core.Caching;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Profiles.Predictions;

namespace Nop.Plugin.Misc.Segmentation.Services.Profiles;

/// <summary>
/// Learns per store (and for all stores) what scoring a single customer needs: RFM quintile boundaries over every
/// customer with orders, and the purchase and spend models fitted on a sample of them.
/// </summary>
public class StoreStatisticsService
{
    /// <summary>Below this many customers with orders a store's models are not fitted (too little to learn from).</summary>
    public const int MinimumCustomersToFit = 30;

    /// <summary>The models are fitted on at most this many customers; more changes the fit little and costs time.</summary>
    public const int FitSampleSize = 5_000;

    private readonly IRepository<Customer> _customerRepository;
    private readonly IRepository<Order> _orderRepository;
    private readonly IRepository<StoreStatistics> _statisticsRepository;
    private readonly IStaticCacheManager _staticCacheManager;

    public StoreStatisticsService(IRepository<Customer> customerRepository, IRepository<Order> orderRepository,
        IRepository<StoreStatistics> statisticsRepository, IStaticCacheManager staticCacheManager)
    {
        _staticCacheManager = staticCacheManager;
        _customerRepository = customerRepository;
        _orderRepository = orderRepository;
        _statisticsRepository = statisticsRepository;
    }

    private sealed record CustomerTotals(int CustomerId, int StoreId, DateTime? FirstOrderDateUtc, DateTime? LastOrderDateUtc,
        int OrdersCount, decimal AmountSpent, decimal AverageOrderValue);

    /// <summary>
    /// One aggregate over all counted orders of customers who get profiles (the same figures the profiles will hold),
    /// so the statistics are ready before the profiles are written and each profile is written once.
    /// </summary>
    public async Task<List<StoreStatistics>> ComputeAsync(DateTime nowUtc)
    {
        var perStore = (await (from order in _orderRepository.Table.Counted()
                               join customer in _customerRepository.Table on order.CustomerId equals customer.Id
                               where !customer.Deleted && !customer.IsSystemAccount
                               group order by new { order.CustomerId, order.StoreId } into g
                               select new
                               {
                                   g.Key.CustomerId,
                                   g.Key.StoreId,
                                   Orders = g.Count(),
                                   Spent = g.Sum(o => o.OrderTotal - o.RefundedAmount),
                                   First = g.Min(o => o.CreatedOnUtc),
                                   Last = g.Max(o => o.CreatedOnUtc)
                               }).ToListAsync())
            .Select(t => new CustomerTotals(t.CustomerId, t.StoreId, t.First, t.Last, t.Orders, t.Spent, Math.Round(t.Spent / t.Orders, 4)))
            .ToArray();

        // in customer order, so each customer's stores are side by side (and the fit samples below are spread by id);
        // arrays and one pass rather than groupings: this is a million customers' worth on a large store
        Array.Sort(perStore, (x, y) => x.CustomerId != y.CustomerId ? x.CustomerId.CompareTo(y.CustomerId) : x.StoreId.CompareTo(y.StoreId));
        var allStores = new List<CustomerTotals>(perStore.Length);
        for (var i = 0; i < perStore.Length;)
        {
            var first = perStore[i];
            var (orders, spent, firstOrder, lastOrder) = (0, 0m, first.FirstOrderDateUtc, first.LastOrderDateUtc);
            for (; i < perStore.Length && perStore[i].CustomerId == first.CustomerId; i++)
            {
                var totals = perStore[i];
                (orders, spent) = (orders + totals.OrdersCount, spent + totals.AmountSpent);
                firstOrder = totals.FirstOrderDateUtc < firstOrder ? totals.FirstOrderDateUtc : firstOrder;
                lastOrder = totals.LastOrderDateUtc > lastOrder ? totals.LastOrderDateUtc : lastOrder;
            }

            allStores.Add(new CustomerTotals(first.CustomerId, 0, firstOrder, lastOrder, orders, spent, Math.Round(spent / orders, 4)));
        }

        var stores = perStore.GroupBy(v => v.StoreId).Select(g => (StoreId: g.Key, Totals: g.ToList())).ToList();
        if (allStores.Count > 0)
            stores.Add((0, allStores));

        var result = new List<StoreStatistics>();
        foreach (var (storeId, store) in stores.OrderBy(s => s.StoreId))
        {
            var statistics = new StoreStatistics
            {
                StoreId = storeId,
                RecencyDays = ProfileCalculator.Format(ProfileCalculator.CutPoints(Sorted(store, v => (decimal)Math.Floor((nowUtc - v.LastOrderDateUtc!.Value).TotalDays)))),
                Frequency = ProfileCalculator.Format(ProfileCalculator.CutPoints(Sorted(store, v => (decimal)v.OrdersCount))),
                Monetary = ProfileCalculator.Format(ProfileCalculator.CutPoints(Sorted(store, v => v.AmountSpent))),
                ComputedOnUtc = nowUtc
            };

            if (store.Count >= MinimumCustomersToFit)
            {
                // an even spread over customer ids: reproducible, and no part of the store's history left out
                var stride = Math.Max(1, (store.Count + FitSampleSize - 1) / FitSampleSize);
                var sample = store.Where((_, i) => i % stride == 0).ToList();

                // whole weeks: the fit changes little, and equal histories are evaluated once
                var purchase = MbgNbdModel.Fit(sample.Select(v => new PurchaseHistory(v.OrdersCount - 1,
                    InWeeks((v.LastOrderDateUtc!.Value - v.FirstOrderDateUtc!.Value).TotalDays),
                    InWeeks(Math.Max(0, (nowUtc - v.FirstOrderDateUtc.Value).TotalDays)))));
                if (IsUsable(purchase.R, purchase.Alpha, purchase.A, purchase.B))
                    statistics.PurchaseModel = ProfileCalculator.Format(purchase);

                var spenders = sample.Where(v => v.AverageOrderValue > 0).Select(v => (v.OrdersCount, (double)v.AverageOrderValue)).ToList();
                if (spenders.Count >= MinimumCustomersToFit)
                {
                    var spend = GammaGammaModel.Fit(spenders);
                    if (IsUsable(spend.P, spend.Q, spend.Gamma))
                        statistics.SpendModel = ProfileCalculator.Format(spend);
                }
            }

            result.Add(statistics);
        }

        return result;
    }

    private static decimal[] Sorted(List<CustomerTotals> totals, Func<CustomerTotals, decimal> value)
    {
        var values = new decimal[totals.Count];
        for (var i = 0; i < values.Length; i++)
            values[i] = value(totals[i]);
        Array.Sort(values);
        return values;
    }

    private static double InWeeks(double days) => 7 * Math.Round(days / 7);

    private static bool IsUsable(params double[] parameters) => parameters.All(p => double.IsFinite(p) && p > 0 && p < 1e9);

    /// <summary>Computes and stores the statistics of every store, replacing the previous ones.</summary>
    public async Task<Dictionary<int, StoreStatistics>> UpdateAsync(DateTime nowUtc)
    {
        var computed = await ComputeAsync(nowUtc);
        var stored = (await _statisticsRepository.Table.ToListAsync()).ToDictionary(s => s.StoreId);
        foreach (var statistics in computed)
        {
            if (stored.Remove(statistics.StoreId, out var current))
            {
                statistics.Id = current.Id;
                await _statisticsRepository.UpdateAsync(statistics, false);
            }
            else
                await _statisticsRepository.InsertAsync(statistics, false);
        }

        foreach (var gone in stored.Values)
            await _statisticsRepository.DeleteAsync(gone, false);
        await _staticCacheManager.RemoveAsync(SegmentationDefaults.StoreStatisticsCacheKey);

        return computed.ToDictionary(s => s.StoreId);
    }
}
