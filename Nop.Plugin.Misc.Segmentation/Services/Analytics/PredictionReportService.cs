using Nop.Core;
using Nop.Core.Caching;
using Nop.Core.Domain.Customers;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Analytics;

/// <summary>Expected revenue and the valuable customers at risk (dashboard and the admin home block).</summary>
public class PredictionReportService
{
    /// <summary>
    /// A churn probability from which a customer counts as at risk: the model thinks it more likely than not that they
    /// have stopped buying.
    /// </summary>
    public const decimal AtRiskChurnProbability = 0.5m;

    /// <summary>
    /// The monetary score of a valuable customer: the top fifth of the store's buyers by spend, by the same quintiles as
    /// their RFM scores. Spend so far, not predicted value: the prediction of a customer who has likely stopped is
    /// small by construction, which is why they are worth a look.
    /// </summary>
    public const int ValuableMonetaryScore = 5;

    /// <summary>{0}: store id.</summary>
    public static CacheKey SummaryCacheKey => new(SegmentationDefaults.AnalyticsPrefix + "predictions.summary.{0}");

    /// <summary>{0}: store id; {1}: page index; {2}: page size.</summary>
    private static CacheKey AtRiskCacheKey => new(SegmentationDefaults.AnalyticsPrefix + "predictions.atrisk.{0}.{1}.{2}");

    private readonly IRepository<Customer> _customerRepository;
    private readonly IRepository<CustomerProfile> _profileRepository;
    private readonly IStaticCacheManager _staticCacheManager;

    public PredictionReportService(IRepository<Customer> customerRepository,
        IRepository<CustomerProfile> profileRepository,
        IStaticCacheManager staticCacheManager)
    {
        _customerRepository = customerRepository;
        _profileRepository = profileRepository;
        _staticCacheManager = staticCacheManager;
    }

    /// <summary>The store's profiles (0: the all-stores profiles) summed.</summary>
    /// <remarks>
    /// In one pass over the store's profiles: the value expected in the next 12 months, the customers with a prediction
    /// (the store's purchase model could be fitted and they have an order), their average churn probability (customers
    /// without a prediction would only pull it towards 0), and the valuable customers at risk
    /// (<see cref="GetValuableAtRiskAsync"/>).
    /// </remarks>
    public async Task<PredictionSummary> GetSummaryAsync(int storeId)
    {
        var key = _staticCacheManager.PrepareKeyForDefaultCache(SummaryCacheKey, storeId);
        return await _staticCacheManager.GetAsync(key, async () =>
        {
            var sums = await _profileRepository.Table
                .Where(p => p.StoreId == storeId)
                .GroupBy(p => p.StoreId)
                .Select(g => new
                {
                    Profiled = g.Count(),
                    WithOrders = g.Count(p => p.OrdersCount > 0),
                    Expected = g.Sum(p => p.PredictedLifetimeValue),
                    Predicted = g.Count(p => p.ExpectedNextOrderUtc != null),
                    Churn = g.Sum(p => p.ExpectedNextOrderUtc != null ? p.ChurnProbability : 0m),
                    AtRisk = g.Count(p => p.OrdersCount > 0 && p.MonetaryScore == ValuableMonetaryScore && p.ChurnProbability >= AtRiskChurnProbability)
                })
                .FirstOrDefaultAsync();
            if (sums == null)
                return new PredictionSummary(0, 0, 0, 0);

            return new PredictionSummary(sums.Expected, sums.Predicted, sums.Predicted == 0 ? 0 : Math.Round(sums.Churn / sums.Predicted, 4), sums.AtRisk)
            {
                ProfiledCustomers = sums.Profiled,
                CustomersWithOrders = sums.WithOrders
            };
        });
    }

    /// <summary>The most valuable customers at risk, most value at stake first.</summary>
    /// <remarks>
    /// Valuable at risk: a customer with orders in the store whose spend so far is in the store's top fifth (monetary
    /// score <see cref="ValuableMonetaryScore"/>) and whose churn probability is at least
    /// <see cref="AtRiskChurnProbability"/>. Ranked by value at stake, spend × churn probability
    /// (<see cref="AtRiskCustomer.ValueAtStake"/>), then spend, then customer id.
    /// </remarks>
    public async Task<IPagedList<AtRiskCustomer>> GetValuableAtRiskAsync(int storeId, int pageIndex, int pageSize)
    {
        pageIndex = Math.Max(pageIndex, 0);
        pageSize = Math.Max(pageSize, 1);
        var key = _staticCacheManager.PrepareKeyForDefaultCache(AtRiskCacheKey, storeId, pageIndex, pageSize);
        var page = await _staticCacheManager.GetAsync(key, async () =>
        {
            var atRisk = _profileRepository.Table.Where(p => p.StoreId == storeId && p.OrdersCount > 0
                && p.MonetaryScore == ValuableMonetaryScore && p.ChurnProbability >= AtRiskChurnProbability);
            // the summary counts them in its pass over the store (and the dashboard shows it anyway): one scan fewer
            var total = (await GetSummaryAsync(storeId)).ValuableCustomersAtRisk;
            var rows = await (from profile in atRisk
                              from customer in _customerRepository.Table.Where(c => c.Id == profile.CustomerId).DefaultIfEmpty()
                              orderby profile.AmountSpent * profile.ChurnProbability descending, profile.AmountSpent descending, profile.CustomerId
                              select new
                              {
                                  profile.CustomerId,
                                  Email = customer == null ? null : customer.Email,
                                  FirstName = customer == null ? null : customer.FirstName,
                                  LastName = customer == null ? null : customer.LastName,
                                  profile.PredictedLifetimeValue, profile.ChurnProbability, profile.AmountSpent, profile.OrdersCount, profile.LastOrderDateUtc
                              }).Skip(pageIndex * pageSize).Take(pageSize).ToListAsync();
            return new CachedPage<AtRiskCustomer>(rows.Select(r => new AtRiskCustomer(r.CustomerId, r.Email ?? string.Empty,
                string.Join(" ", new[] { r.FirstName, r.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim())),
                r.PredictedLifetimeValue, r.ChurnProbability, r.AmountSpent, r.OrdersCount,
                r.LastOrderDateUtc is { } last ? DateTime.SpecifyKind(last, DateTimeKind.Utc) : null)).ToList(), total);
        });
        return new PagedList<AtRiskCustomer>(page.Items, pageIndex, pageSize, page.TotalCount);
    }
}
