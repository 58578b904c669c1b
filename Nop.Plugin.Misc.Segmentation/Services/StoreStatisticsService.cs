using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Predictions;

namespace Nop.Plugin.Misc.Segmentation.Services;

/// <summary>
/// Learns per store (and for all stores) what scoring a single customer needs: RFM quintile boundaries over every
/// customer with orders, and the purchase and spend models fitted on a sample of them.
/// </summary>
public class StoreStatisticsService
{
    /// <summary>Below this many customers with orders a store's models are not fitted (too little to learn from).</summary>
    public const int MinimumCustomersToFit = 30;

    /// <summary>The models are fitted on at most this many customers; more changes the fit little and costs time.</summary>
    public const int FitSampleSize = 20_000;

    private readonly IRepository<CustomerProfile> _profileRepository;
    private readonly IRepository<StoreStatistics> _statisticsRepository;

    public StoreStatisticsService(IRepository<CustomerProfile> profileRepository, IRepository<StoreStatistics> statisticsRepository)
    {
        _profileRepository = profileRepository;
        _statisticsRepository = statisticsRepository;
    }

    public async Task<List<StoreStatistics>> ComputeAsync(DateTime nowUtc)
    {
        var values = await _profileRepository.Table
            .Where(p => p.OrdersCount > 0)
            .Select(p => new { p.CustomerId, p.StoreId, p.FirstOrderDateUtc, p.LastOrderDateUtc, p.OrdersCount, p.AmountSpent, p.AverageOrderValue })
            .ToListAsync();

        var result = new List<StoreStatistics>();
        foreach (var store in values.GroupBy(v => v.StoreId).OrderBy(g => g.Key))
        {
            var statistics = new StoreStatistics
            {
                StoreId = store.Key,
                RecencyDays = ProfileCalculator.Format(ProfileCalculator.CutPoints(store
                    .Select(v => (decimal)Math.Floor((nowUtc - v.LastOrderDateUtc!.Value).TotalDays)).Order().ToList())),
                Frequency = ProfileCalculator.Format(ProfileCalculator.CutPoints(store.Select(v => (decimal)v.OrdersCount).Order().ToList())),
                Monetary = ProfileCalculator.Format(ProfileCalculator.CutPoints(store.Select(v => v.AmountSpent).Order().ToList())),
                ComputedOnUtc = nowUtc
            };

            if (store.Count() >= MinimumCustomersToFit)
            {
                // an even spread over customer ids: reproducible, and no part of the store's history left out
                var ordered = store.OrderBy(v => v.CustomerId).ToList();
                var stride = Math.Max(1, (ordered.Count + FitSampleSize - 1) / FitSampleSize);
                var sample = ordered.Where((_, i) => i % stride == 0).ToList();

                var purchase = MbgNbdModel.Fit(sample.Select(v => new PurchaseHistory(v.OrdersCount - 1,
                    Math.Round((v.LastOrderDateUtc!.Value - v.FirstOrderDateUtc!.Value).TotalDays, 2),
                    Math.Round(Math.Max(0, (nowUtc - v.FirstOrderDateUtc.Value).TotalDays), 2))));
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

        return computed.ToDictionary(s => s.StoreId);
    }
}
