using Nop.Core.Caching;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;

namespace Nop.Plugin.Misc.Segmentation.Services.Profiles;

/// <summary>
/// Computes customer profiles from nopCommerce's own tables. Every figure is summed by the database: for one customer
/// on the event path (GROUP BY through the indexes on Order.CustomerId, OrderItem.OrderId and
/// ShoppingCartItem.CustomerId), or as whole-table streams in the rebuild (the same queries, see
/// <see cref="ProfileRebuildService"/>). <see cref="Assemble"/> shapes both the same way, and the result replaces
/// what is stored, so running it twice changes nothing.
/// </summary>
public class CustomerProfileService
{
    private readonly IRepository<Customer> _customerRepository;
    private readonly IRepository<CustomerRole> _roleRepository;
    private readonly IRepository<CustomerCustomerRoleMapping> _roleMappingRepository;
    private readonly IRepository<Order> _orderRepository;
    private readonly IRepository<OrderItem> _orderItemRepository;
    private readonly IRepository<Product> _productRepository;
    private readonly IRepository<ShoppingCartItem> _cartRepository;
    private readonly IRepository<CustomerProfile> _profileRepository;
    private readonly IRepository<StoreStatistics> _statisticsRepository;
    private readonly IRepository<NewsLetterSubscription> _subscriptionRepository;
    private readonly SegmentationSettings _settings;
    private readonly IStaticCacheManager _staticCacheManager;

    public CustomerProfileService(IRepository<Customer> customerRepository,
        IRepository<CustomerRole> roleRepository,
        IRepository<CustomerCustomerRoleMapping> roleMappingRepository,
        IRepository<Order> orderRepository,
        IRepository<OrderItem> orderItemRepository,
        IRepository<Product> productRepository,
        IRepository<ShoppingCartItem> cartRepository,
        IRepository<CustomerProfile> profileRepository,
        IRepository<StoreStatistics> statisticsRepository,
        IRepository<NewsLetterSubscription> subscriptionRepository,
        SegmentationSettings settings,
        IStaticCacheManager staticCacheManager)
    {
        _staticCacheManager = staticCacheManager;
        _customerRepository = customerRepository;
        _roleRepository = roleRepository;
        _roleMappingRepository = roleMappingRepository;
        _orderRepository = orderRepository;
        _orderItemRepository = orderItemRepository;
        _productRepository = productRepository;
        _cartRepository = cartRepository;
        _profileRepository = profileRepository;
        _statisticsRepository = statisticsRepository;
        _subscriptionRepository = subscriptionRepository;
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

    /// <summary>The customers whose profiles hold this e-mail by the case rule (a subscription changed).</summary>
    public async Task<List<int>> CustomersWithEmailAsync(string email)
    {
        var key = ProfileCalculator.KeyOf(email);
        if (key == null)
            return [];
        // every profiled customer has an all-stores profile: one row each, no DISTINCT
        return await _profileRepository.Table.Where(p => p.StoreId == 0 && p.EmailKey == key).Select(p => p.CustomerId).ToListAsync();
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
        Score(computed, statistics, nowUtc);
        return computed;
    }

    /// <summary>Adds the RFM scores and predictions, which depend on the statistics of the profile's store.</summary>
    public static void Score(IEnumerable<CustomerProfile> profiles, IReadOnlyDictionary<int, StoreScoring> statistics, DateTime nowUtc)
    {
        foreach (var profile in profiles)
            ProfileCalculator.ApplyStoreStatistics(profile, statistics.GetValueOrDefault(profile.StoreId), nowUtc);
    }

    private async Task<int> WriteRangeAsync(int fromCustomerId, int toCustomerId, List<CustomerProfile> computed) =>
        await WriteDifferencesAsync(await StoredRangeAsync(fromCustomerId, toCustomerId), computed);

    /// <summary>The stored profiles of the customers in [from, to).</summary>
    public Task<List<CustomerProfile>> StoredRangeAsync(int fromCustomerId, int toCustomerId) =>
        _profileRepository.Table.Where(p => p.CustomerId >= fromCustomerId && p.CustomerId < toCustomerId).ToListAsync();

    /// <summary>Counted orders of the customers with ids above <paramref name="afterCustomerId"/>: what the rebuild streams from.</summary>
    public IQueryable<Order> CountedOrdersAfter(int afterCustomerId) =>
        _orderRepository.Table.Where(o => o.CustomerId > afterCustomerId).Counted();

    /// <summary>Cart items of the customers with ids above <paramref name="afterCustomerId"/>.</summary>
    public IQueryable<ShoppingCartItem> CartItemsAfter(int afterCustomerId) =>
        _cartRepository.Table.Where(c => c.CustomerId > afterCustomerId);

    /// <summary>Registered customers with ids above <paramref name="afterCustomerId"/>, in id order: the rebuild's third stream.</summary>
    public IQueryable<RegisteredAccount> RegisteredAfter(int afterCustomerId) =>
        RegisteredAccounts(_customerRepository.Table.Where(c => c.Id > afterCustomerId)).OrderBy(r => r.CustomerId);

    /// <summary>
    /// The given customers who are in nopCommerce's Registered role (as the customer_type field reads it: the role
    /// active), not deleted and no system account, with the store they registered in. Guests are never read beyond
    /// the role test, so one who did nothing costs nothing.
    /// </summary>
    public IQueryable<RegisteredAccount> RegisteredAccounts(IQueryable<Customer> customers)
    {
        var registered = NopCustomerDefaults.RegisteredRoleName;
        return from customer in customers
               where !customer.Deleted && !customer.IsSystemAccount
                     && _roleMappingRepository.Table.Any(m => m.CustomerId == customer.Id
                         && _roleRepository.Table.Any(r => r.Id == m.CustomerRoleId && r.SystemName == registered && r.Active))
               select new RegisteredAccount { CustomerId = customer.Id, StoreId = customer.RegisteredInStoreId };
    }

    public Task<int> WriteDifferencesAsync(IList<CustomerProfile> stored, IList<CustomerProfile> computed) =>
        RowDifferences.WriteAsync(_profileRepository, stored, computed, p => (p.CustomerId, p.StoreId), ProfileComparer.SameValues);

    /// <summary>
    /// Profiles (without RFM scores and predictions) of the customers in the range who have counted orders, a cart or an
    /// account: one per store they shopped in (and the store a registered customer registered in) and one for all stores.
    /// Guests without orders or cart get none.
    /// </summary>
    public async Task<List<CustomerProfile>> ComputeRangeAsync(int fromCustomerId, int toCustomerId, DateTime nowUtc)
    {
        var orders = CountedOrders(fromCustomerId, toCustomerId);
        var activity = new CustomerActivity();
        activity.Orders.AddRange(await OrderAggregates(orders, nowUtc).ToListAsync());
        if (activity.Orders.Count > 0)
        {
            activity.Items.AddRange(await ItemAggregates(orders).ToListAsync());
            activity.Habits.AddRange(await HabitAggregates(orders).ToListAsync());
        }

        activity.Carts.AddRange(await CartAggregates(_cartRepository.Table
            .Where(cart => cart.CustomerId >= fromCustomerId && cart.CustomerId < toCustomerId)).ToListAsync());
        activity.Registered.AddRange(await RegisteredAccounts(_customerRepository.Table
            .Where(c => c.Id >= fromCustomerId && c.Id < toCustomerId)).ToListAsync());

        return Assemble(activity, await LoadFactsAsync(activity.CustomerIds()), nowUtc);
    }

    /// <summary>Per customer and store: the counts and sums of the given counted orders, overall and in the last 30, 90 and 365 days.</summary>
    public IQueryable<OrderAggregate> OrderAggregates(IQueryable<Order> countedOrders, DateTime nowUtc)
    {
        var since30 = nowUtc.AddDays(-30);
        var since90 = nowUtc.AddDays(-90);
        var since365 = nowUtc.AddDays(-365);

        return countedOrders
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
            });
    }

    /// <summary>Per customer and store: the quantity on the lines of the given counted orders.</summary>
    public IQueryable<ItemAggregate> ItemAggregates(IQueryable<Order> countedOrders) =>
        from item in _orderItemRepository.Table
        join order in countedOrders on item.OrderId equals order.Id
        group item by new { order.CustomerId, order.StoreId } into g
        select new ItemAggregate { CustomerId = g.Key.CustomerId, StoreId = g.Key.StoreId, Quantity = g.Sum(i => i.Quantity) };

    /// <summary>Per customer, hour and weekday: how many of the given counted orders were placed then.</summary>
    public IQueryable<HabitAggregate> HabitAggregates(IQueryable<Order> countedOrders) =>
        countedOrders
            .GroupBy(o => new { o.CustomerId, o.CreatedOnUtc.Hour, o.CreatedOnUtc.DayOfWeek })
            .Select(g => new HabitAggregate { CustomerId = g.Key.CustomerId, Hour = g.Key.Hour, DayOfWeek = g.Key.DayOfWeek, Count = g.Count() });

    /// <summary>Per customer and store: the shopping carts (not wishlists) among the given cart items.</summary>
    public IQueryable<CartAggregate> CartAggregates(IQueryable<ShoppingCartItem> cartItems) =>
        from cart in cartItems
        join product in _productRepository.Table on cart.ProductId equals product.Id
        where cart.ShoppingCartTypeId == (int)ShoppingCartType.ShoppingCart
        group new { cart.Quantity, cart.UpdatedOnUtc, product.Price } by new { cart.CustomerId, cart.StoreId } into g
        select new CartAggregate
        {
            CustomerId = g.Key.CustomerId,
            StoreId = g.Key.StoreId,
            Items = g.Sum(x => x.Quantity),
            Value = g.Sum(x => x.Quantity * x.Price),
            LastActivityUtc = g.Max(x => x.UpdatedOnUtc)
        };

    /// <summary>
    /// The customer records of the given customers (ids in ascending order): one range scan of the primary key from the
    /// first to the last, which may bring customers in between too. Deleted customers and system accounts (search
    /// engines, background tasks) are left out, so they get no profile.
    /// </summary>
    public async Task<Dictionary<int, CustomerFacts>> LoadFactsAsync(IReadOnlyList<int> customerIds)
    {
        if (customerIds.Count == 0)
            return [];

        var (first, last) = (customerIds[0], customerIds[^1]);
        var facts = (await _customerRepository.Table
                .Where(c => c.Id >= first && c.Id <= last && !c.Deleted && !c.IsSystemAccount)
                .Select(c => new CustomerFacts
                {
                    CustomerId = c.Id,
                    DateOfBirth = c.DateOfBirth,
                    CountryId = c.CountryId,
                    StateProvinceId = c.StateProvinceId,
                    LanguageId = c.LanguageId,
                    LastActivityDateUtc = c.LastActivityDateUtc,
                    CreatedOnUtc = c.CreatedOnUtc,
                    Email = c.Email,
                    Gender = c.Gender
                })
                .ToListAsync())
            .ToDictionary(f => f.CustomerId);
        await AddSubscriptionsAsync(facts);
        return facts;
    }

    /// <summary>
    /// Adds the stores each customer is subscribed in. The database cannot fold letters as the rules do, so it only
    /// narrows the subscriptions to those of the same length (the fold keeps a text's length, and every engine counts
    /// equal texts alike), and the addresses are compared here.
    /// </summary>
    private async Task AddSubscriptionsAsync(Dictionary<int, CustomerFacts> facts)
    {
        var byKey = facts.Values.Where(f => !string.IsNullOrEmpty(f.Email)).ToLookup(f => RuleText.Fold(f.Email), StringComparer.Ordinal);
        if (byKey.Count == 0)
            return;

        // in UTF-16 units and in code points: engines count one or the other
        var lengths = byKey.SelectMany(g => new[] { g.Key.Length, g.Key.EnumerateRunes().Count() }).Distinct().ToList();
        var subscriptions = await _subscriptionRepository.Table
            .Where(n => n.Active && n.Email != null && lengths.Contains(n.Email.Length))
            .Select(n => new { n.Email, n.StoreId })
            .ToListAsync();
        foreach (var subscription in subscriptions)
        foreach (var customer in byKey[RuleText.Fold(subscription.Email)])
            customer.NewsletterStores.Add(subscription.StoreId);
    }

    /// <summary>
    /// Per customer, the hour and the weekday most of their orders were placed in (the earliest on a tie). Counted in
    /// two small arrays rather than grouped: the rebuild does this for every customer.
    /// </summary>
    private static Dictionary<int, (int? Hour, int? Weekday)> PreferredTimes(List<HabitAggregate> habits)
    {
        var sorted = habits.ToArray();
        Array.Sort(sorted, (x, y) => x.CustomerId.CompareTo(y.CustomerId));
        var preferred = new Dictionary<int, (int? Hour, int? Weekday)>();
        Span<int> hours = stackalloc int[24];
        Span<int> weekdays = stackalloc int[7];
        for (var i = 0; i < sorted.Length;)
        {
            var customerId = sorted[i].CustomerId;
            hours.Clear();
            weekdays.Clear();
            for (; i < sorted.Length && sorted[i].CustomerId == customerId; i++)
            {
                hours[sorted[i].Hour] += sorted[i].Count;
                weekdays[(int)sorted[i].DayOfWeek] += sorted[i].Count;
            }

            preferred[customerId] = (MostCounted(hours), MostCounted(weekdays));
        }

        return preferred;
    }

    private static int MostCounted(ReadOnlySpan<int> counts)
    {
        var most = 0;
        for (var i = 1; i < counts.Length; i++)
            if (counts[i] > counts[most])
                most = i;
        return most;
    }

    /// <summary>
    /// Shapes the summed activity into profiles: one per store a customer shopped in, and one for all stores. A registered
    /// customer also has one for the store they registered in, so a customer without orders or cart has those two
    /// (lifecycle prospect, no figures).
    /// </summary>
    public List<CustomerProfile> Assemble(CustomerActivity activity, IReadOnlyDictionary<int, CustomerFacts> facts, DateTime nowUtc)
    {
        var quantities = activity.Items.ToDictionary(i => (i.CustomerId, i.StoreId), i => i.Quantity);
        foreach (var aggregate in activity.Orders)
            aggregate.Items = quantities.GetValueOrDefault((aggregate.CustomerId, aggregate.StoreId));

        var preferred = PreferredTimes(activity.Habits);

        var ordersByCustomer = activity.Orders.ToLookup(a => a.CustomerId);
        var cartsByCustomer = activity.Carts.ToLookup(c => c.CustomerId);
        var registered = activity.Registered.ToDictionary(r => r.CustomerId, r => r.StoreId);
        var profiles = new List<CustomerProfile>();
        foreach (var customerId in activity.CustomerIds())
        {
            if (!facts.TryGetValue(customerId, out var customer))
                continue;

            var customerOrders = ordersByCustomer[customerId].ToList();
            var customerCarts = cartsByCustomer[customerId].ToList();
            var habit = preferred.GetValueOrDefault(customerId);
            customer.Registered = registered.TryGetValue(customerId, out var registeredIn);
            profiles.Add(ProfileCalculator.Build(customerId, 0, ProfileCalculator.Combine(customerId, customerOrders),
                ProfileCalculator.Combine(customerId, customerCarts), customer, habit, nowUtc, _settings));

            var stores = customerOrders.Select(o => o.StoreId).Concat(customerCarts.Select(c => c.StoreId));
            if (customer.Registered && registeredIn > 0)
                stores = stores.Append(registeredIn);
            foreach (var storeId in stores.Distinct().Order())
                profiles.Add(ProfileCalculator.Build(customerId, storeId, customerOrders.FirstOrDefault(o => o.StoreId == storeId),
                    customerCarts.FirstOrDefault(c => c.StoreId == storeId), customer, habit, nowUtc, _settings));
        }

        return profiles;
    }
}
