using Nop.Core.Caching;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services;

/// <summary>
/// Computes customer profiles from nopCommerce's own tables for a range of customer ids: one customer on the event
/// path, a batch in the rebuild. Every figure is summed by the database (GROUP BY over the range, through the
/// indexes on Order.CustomerId, OrderItem.OrderId and ShoppingCartItem.CustomerId), and the result replaces what is
/// stored, so running it twice changes nothing.
/// </summary>
public class CustomerProfileService
{
    private readonly IRepository<Customer> _customerRepository;
    private readonly IRepository<Order> _orderRepository;
    private readonly IRepository<OrderItem> _orderItemRepository;
    private readonly IRepository<Product> _productRepository;
    private readonly IRepository<ShoppingCartItem> _cartRepository;
    private readonly IRepository<CustomerProfile> _profileRepository;
    private readonly IRepository<StoreStatistics> _statisticsRepository;
    private readonly SegmentationSettings _settings;
    private readonly IStaticCacheManager _staticCacheManager;

    public CustomerProfileService(IRepository<Customer> customerRepository,
        IRepository<Order> orderRepository,
        IRepository<OrderItem> orderItemRepository,
        IRepository<Product> productRepository,
        IRepository<ShoppingCartItem> cartRepository,
        IRepository<CustomerProfile> profileRepository,
        IRepository<StoreStatistics> statisticsRepository,
        SegmentationSettings settings,
        IStaticCacheManager staticCacheManager)
    {
        _staticCacheManager = staticCacheManager;
        _customerRepository = customerRepository;
        _orderRepository = orderRepository;
        _orderItemRepository = orderItemRepository;
        _productRepository = productRepository;
        _cartRepository = cartRepository;
        _profileRepository = profileRepository;
        _statisticsRepository = statisticsRepository;
        _settings = settings;
    }

    private IQueryable<Order> CountedOrders(int fromCustomerId, int toCustomerId) =>
        _orderRepository.Table.Where(o => o.CustomerId >= fromCustomerId && o.CustomerId < toCustomerId).Counted();

    /// <summary>
    /// Recomputes one customer's profiles; what an order, cart or customer event calls. Returns them as written, so
    /// the segments can be decided without reading them back.
    /// </summary>
    public async Task<IReadOnlyList<CustomerProfile>> RefreshCustomerAsync(int customerId, DateTime nowUtc)
    {
        var statistics = await LoadCachedStoreStatisticsAsync();
        IReadOnlyList<CustomerProfile> profiles = [];
        await ConcurrentWrites.RetryAsync(async () =>
        {
            var computed = await ComputeScoredRangeAsync(customerId, customerId + 1, nowUtc, statistics);
            profiles = computed;
            await WriteRangeAsync(customerId, customerId + 1, computed);
        });
        return profiles;
    }

    /// <summary>The statistics rows through nopCommerce's static cache (entities, so a distributed cache can hold them too).</summary>
    private async Task<Dictionary<int, StoreScoring>> LoadCachedStoreStatisticsAsync()
    {
        var key = _staticCacheManager.PrepareKeyForDefaultCache(SegmentationDefaults.StoreStatisticsCacheKey);
        var rows = await _staticCacheManager.GetAsync(key, async () => await _statisticsRepository.Table.ToListAsync());
        return rows.ToDictionary(q => q.StoreId, StoreScoring.From);
    }

    /// <summary>Removes a customer's profiles (the customer was deleted).</summary>
    public Task<int> DeleteCustomerAsync(int customerId) => _profileRepository.DeleteAsync(p => p.CustomerId == customerId);

    /// <summary>Per store (a handful of rows): read whole on every event rather than cached across web-farm nodes.</summary>
    public async Task<Dictionary<int, StoreScoring>> LoadStoreStatisticsAsync() =>
        (await _statisticsRepository.Table.ToListAsync()).ToDictionary(q => q.StoreId, StoreScoring.From);

    /// <summary>
    /// Recomputes the profiles of customers with ids in [<paramref name="fromCustomerId"/>, <paramref name="toCustomerId"/>)
    /// and writes the differences. Returns the number of profile rows written or deleted.
    /// </summary>
    public async Task<int> RefreshRangeAsync(int fromCustomerId, int toCustomerId, DateTime nowUtc, IReadOnlyDictionary<int, StoreScoring> statistics) =>
        await WriteRangeAsync(fromCustomerId, toCustomerId, await ComputeScoredRangeAsync(fromCustomerId, toCustomerId, nowUtc, statistics));

    private async Task<List<CustomerProfile>> ComputeScoredRangeAsync(int fromCustomerId, int toCustomerId, DateTime nowUtc,
        IReadOnlyDictionary<int, StoreScoring> statistics)
    {
        var computed = await ComputeRangeAsync(fromCustomerId, toCustomerId, nowUtc);
        foreach (var profile in computed)
            ProfileCalculator.ApplyStoreStatistics(profile, statistics.GetValueOrDefault(profile.StoreId), nowUtc);
        return computed;
    }

    private async Task<int> WriteRangeAsync(int fromCustomerId, int toCustomerId, List<CustomerProfile> computed)
    {
        var stored = await _profileRepository.Table
            .Where(p => p.CustomerId >= fromCustomerId && p.CustomerId < toCustomerId)
            .ToListAsync();
        return await WriteDifferencesAsync(stored, computed);
    }

    public Task<int> WriteDifferencesAsync(IList<CustomerProfile> stored, IList<CustomerProfile> computed) =>
        RowDifferences.WriteAsync(_profileRepository, stored, computed, p => (p.CustomerId, p.StoreId), ProfileComparer.SameValues);

    /// <summary>
    /// Profiles (without RFM scores and predictions) of the customers in the range who have counted orders or a cart: one per store
    /// they shopped in and one for all stores. Guests without either get none.
    /// </summary>
    public async Task<List<CustomerProfile>> ComputeRangeAsync(int fromCustomerId, int toCustomerId, DateTime nowUtc)
    {
        var orders = CountedOrders(fromCustomerId, toCustomerId);
        var since30 = nowUtc.AddDays(-30);
        var since90 = nowUtc.AddDays(-90);
        var since365 = nowUtc.AddDays(-365);

        var orderAggregates = await orders
            .GroupBy(o => new { o.CustomerId, o.StoreId })
            .Select(g => new OrderAggregate
            {
                CustomerId = g.Key.CustomerId,
                StoreId = g.Key.StoreId,
                Orders = g.Count(),
                Spent = g.Sum(o => o.OrderTotal - o.RefundedAmount),
                FirstOrderUtc = g.Min(o => o.CreatedOnUtc),
                LastOrderUtc = g.Max(o => o.CreatedOnUtc),
                Orders30 = g.Sum(o => o.CreatedOnUtc >= since30 ? 1 : 0),
                Spent30 = g.Sum(o => o.CreatedOnUtc >= since30 ? o.OrderTotal - o.RefundedAmount : 0m),
                Orders90 = g.Sum(o => o.CreatedOnUtc >= since90 ? 1 : 0),
                Spent90 = g.Sum(o => o.CreatedOnUtc >= since90 ? o.OrderTotal - o.RefundedAmount : 0m),
                Orders365 = g.Sum(o => o.CreatedOnUtc >= since365 ? 1 : 0),
                Spent365 = g.Sum(o => o.CreatedOnUtc >= since365 ? o.OrderTotal - o.RefundedAmount : 0m)
            })
            .ToListAsync();
        if (orderAggregates.Count > 0)
        {
            var items = await (from item in _orderItemRepository.Table
                               join order in orders on item.OrderId equals order.Id
                               group item by new { order.CustomerId, order.StoreId } into g
                               select new { g.Key.CustomerId, g.Key.StoreId, Quantity = g.Sum(i => i.Quantity) })
                .ToListAsync();
            var quantities = items.ToDictionary(i => (i.CustomerId, i.StoreId), i => i.Quantity);
            foreach (var aggregate in orderAggregates)
                aggregate.Items = quantities.GetValueOrDefault((aggregate.CustomerId, aggregate.StoreId));
        }

        var carts = await (from cart in _cartRepository.Table
                           join product in _productRepository.Table on cart.ProductId equals product.Id
                           where cart.CustomerId >= fromCustomerId && cart.CustomerId < toCustomerId
                                 && cart.ShoppingCartTypeId == (int)ShoppingCartType.ShoppingCart
                           group new { cart.Quantity, cart.UpdatedOnUtc, product.Price } by new { cart.CustomerId, cart.StoreId } into g
                           select new CartAggregate
                           {
                               CustomerId = g.Key.CustomerId,
                               StoreId = g.Key.StoreId,
                               Items = g.Sum(x => x.Quantity),
                               Value = g.Sum(x => x.Quantity * x.Price),
                               LastActivityUtc = g.Max(x => x.UpdatedOnUtc)
                           })
            .ToListAsync();

        var customerIds = orderAggregates.Select(a => a.CustomerId).Concat(carts.Select(c => c.CustomerId)).Distinct().ToList();
        if (customerIds.Count == 0)
            return [];

        // one range query; the semi-joins keep the store's many guests without orders or carts out of it
        var facts = (await _customerRepository.Table
                .Where(c => c.Id >= fromCustomerId && c.Id < toCustomerId && !c.Deleted && !c.IsSystemAccount
                            && (orders.Any(o => o.CustomerId == c.Id)
                                || _cartRepository.Table.Any(i => i.CustomerId == c.Id && i.ShoppingCartTypeId == (int)ShoppingCartType.ShoppingCart)))
                .Select(c => new CustomerFacts
                {
                    CustomerId = c.Id,
                    DateOfBirth = c.DateOfBirth,
                    CountryId = c.CountryId,
                    StateProvinceId = c.StateProvinceId,
                    LanguageId = c.LanguageId,
                    LastActivityDateUtc = c.LastActivityDateUtc
                })
                .ToListAsync())
            .ToDictionary(c => c.CustomerId);

        var habits = await orders
            .GroupBy(o => new { o.CustomerId, o.CreatedOnUtc.Hour, o.CreatedOnUtc.DayOfWeek })
            .Select(g => new { g.Key.CustomerId, g.Key.Hour, g.Key.DayOfWeek, Count = g.Count() })
            .ToListAsync();
        var preferred = habits.GroupBy(h => h.CustomerId).ToDictionary(g => g.Key, g => (
            Hour: (int?)g.GroupBy(h => h.Hour).OrderByDescending(x => x.Sum(h => h.Count)).ThenBy(x => x.Key).First().Key,
            Weekday: (int?)g.GroupBy(h => (int)h.DayOfWeek).OrderByDescending(x => x.Sum(h => h.Count)).ThenBy(x => x.Key).First().Key));

        var ordersByCustomer = orderAggregates.ToLookup(a => a.CustomerId);
        var cartsByCustomer = carts.ToLookup(c => c.CustomerId);
        var profiles = new List<CustomerProfile>();
        foreach (var customerId in customerIds.Order())
        {
            // deleted customers and system accounts (search engines, background tasks) get no profile
            if (!facts.TryGetValue(customerId, out var customer))
                continue;

            var customerOrders = ordersByCustomer[customerId].ToList();
            var customerCarts = cartsByCustomer[customerId].ToList();
            var habit = preferred.GetValueOrDefault(customerId);
            profiles.Add(ProfileCalculator.Build(customerId, 0, ProfileCalculator.Combine(customerId, customerOrders),
                ProfileCalculator.Combine(customerId, customerCarts), customer, habit, nowUtc, _settings));

            foreach (var storeId in customerOrders.Select(o => o.StoreId).Concat(customerCarts.Select(c => c.StoreId)).Distinct().Order())
                profiles.Add(ProfileCalculator.Build(customerId, storeId, customerOrders.FirstOrDefault(o => o.StoreId == storeId),
                    customerCarts.FirstOrDefault(c => c.StoreId == storeId), customer, habit, nowUtc, _settings));
        }

        return profiles;
    }
}
