using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Profiles;

/// <summary>What a customer bought of a category; rows of the same customer and category add up.</summary>
public class CategoryTotal
{
    public int CustomerId { get; set; }
    public int CategoryId { get; set; }
    public int Quantity { get; set; }
    public int Orders { get; set; }
    public DateTime LastUtc { get; set; }
}

/// <summary>Keeps each customer's top categories, from their counted orders: per customer on events, from one stream in the rebuild.</summary>
public class CustomerCategoryService
{
    /// <summary>How many categories are kept per customer.</summary>
    public const int TopCategories = 5;

    private readonly IRepository<Customer> _customerRepository;
    private readonly IRepository<Order> _orderRepository;
    private readonly IRepository<OrderItem> _orderItemRepository;
    private readonly IRepository<ProductCategory> _productCategoryRepository;
    private readonly IRepository<CustomerCategory> _customerCategoryRepository;

    public CustomerCategoryService(IRepository<Customer> customerRepository,
        IRepository<Order> orderRepository,
        IRepository<OrderItem> orderItemRepository,
        IRepository<ProductCategory> productCategoryRepository,
        IRepository<CustomerCategory> customerCategoryRepository)
    {
        _customerRepository = customerRepository;
        _orderRepository = orderRepository;
        _orderItemRepository = orderItemRepository;
        _productCategoryRepository = productCategoryRepository;
        _customerCategoryRepository = customerCategoryRepository;
    }

    /// <summary>The top categories of the customers in [from, to), ranked by quantity, then recency, then id.</summary>
    public async Task<List<CustomerCategory>> ComputeRangeAsync(int fromCustomerId, int toCustomerId)
    {
        var orders = _orderRepository.Table.Where(o => o.CustomerId >= fromCustomerId && o.CustomerId < toCustomerId).Counted()
            .Where(o => _customerRepository.Table.Any(c => c.Id == o.CustomerId && !c.Deleted && !c.IsSystemAccount));
        return Rank(await CategoryTotals(orders).ToListAsync());
    }

    /// <summary>
    /// Per customer, category and order: what the lines of the given counted orders bought of the category's products.
    /// <see cref="Rank"/> adds up a customer's orders per category. Summed per order rather than counting distinct
    /// orders in SQL: PostgreSQL sorts each group of a COUNT(DISTINCT) apart, which made this the rebuild's slowest query.
    /// </summary>
    public IQueryable<CategoryTotal> CategoryTotals(IQueryable<Order> countedOrders) =>
        from item in _orderItemRepository.Table
        join order in countedOrders on item.OrderId equals order.Id
        join mapping in _productCategoryRepository.Table on item.ProductId equals mapping.ProductId
        group new { item.Quantity, order.CreatedOnUtc } by new { order.CustomerId, mapping.CategoryId, item.OrderId } into g
        select new CategoryTotal
        {
            CustomerId = g.Key.CustomerId,
            CategoryId = g.Key.CategoryId,
            Quantity = g.Sum(x => x.Quantity),
            Orders = 1,
            LastUtc = g.Max(x => x.CreatedOnUtc)
        };

    /// <summary>Each customer's top <see cref="TopCategories"/> of the totals: by quantity, then recency, then category id.</summary>
    public static List<CustomerCategory> Rank(IEnumerable<CategoryTotal> totals)
    {
        // one sort for all customers rather than one per customer: the rebuild ranks millions of totals
        var byCategory = totals.ToArray();
        Array.Sort(byCategory, (x, y) => x.CustomerId != y.CustomerId ? x.CustomerId.CompareTo(y.CustomerId) : x.CategoryId.CompareTo(y.CategoryId));
        var sums = new List<CategoryTotal>(byCategory.Length);
        foreach (var total in byCategory)
        {
            var sum = sums.Count > 0 ? sums[^1] : null;
            if (sum?.CustomerId == total.CustomerId && sum.CategoryId == total.CategoryId)
            {
                sum.Quantity += total.Quantity;
                sum.Orders += total.Orders;
                sum.LastUtc = total.LastUtc > sum.LastUtc ? total.LastUtc : sum.LastUtc;
            }
            else
                sums.Add(new CategoryTotal
                {
                    CustomerId = total.CustomerId, CategoryId = total.CategoryId, Quantity = total.Quantity, Orders = total.Orders, LastUtc = total.LastUtc
                });
        }

        var sorted = sums.ToArray();
        Array.Sort(sorted, (x, y) =>
            x.CustomerId != y.CustomerId ? x.CustomerId.CompareTo(y.CustomerId)
            : x.Quantity != y.Quantity ? y.Quantity.CompareTo(x.Quantity)
            : x.LastUtc != y.LastUtc ? y.LastUtc.CompareTo(x.LastUtc)
            : x.CategoryId.CompareTo(y.CategoryId));

        var ranked = new List<CustomerCategory>();
        for (var (i, rank) = (0, 0); i < sorted.Length; i++)
        {
            var total = sorted[i];
            rank = i > 0 && sorted[i - 1].CustomerId == total.CustomerId ? rank + 1 : 1;
            if (rank <= TopCategories)
                ranked.Add(new CustomerCategory
                {
                    CustomerId = total.CustomerId,
                    CategoryId = total.CategoryId,
                    Rank = rank,
                    Quantity = total.Quantity,
                    OrdersCount = total.Orders,
                    LastPurchasedUtc = total.LastUtc
                });
        }

        return ranked;
    }

    /// <summary>Recomputes the range and writes only what changed; returns the rows written or deleted.</summary>
    public async Task<int> RefreshRangeAsync(int fromCustomerId, int toCustomerId)
    {
        var computed = await ComputeRangeAsync(fromCustomerId, toCustomerId);
        var stored = await StoredRangeAsync(fromCustomerId, toCustomerId);

        return await WriteDifferencesAsync(stored, computed);
    }

    public Task<int> WriteDifferencesAsync(IList<CustomerCategory> stored, IList<CustomerCategory> computed) =>
        RowDifferences.WriteAsync(_customerCategoryRepository, stored, computed, c => (c.CustomerId, c.CategoryId),
            (a, b) => (a.Rank, a.Quantity, a.OrdersCount, a.LastPurchasedUtc.Ticks) == (b.Rank, b.Quantity, b.OrdersCount, b.LastPurchasedUtc.Ticks));

    /// <summary>The stored rows of the customers in [from, to).</summary>
    public Task<List<CustomerCategory>> StoredRangeAsync(int fromCustomerId, int toCustomerId) =>
        _customerCategoryRepository.Table.Where(c => c.CustomerId >= fromCustomerId && c.CustomerId < toCustomerId).ToListAsync();

    /// <summary>What an order event calls.</summary>
    public Task RefreshCustomerAsync(int customerId) => ConcurrentWrites.RetryAsync(() => RefreshRangeAsync(customerId, customerId + 1));

    public Task<int> DeleteCustomerAsync(int customerId) => _customerCategoryRepository.DeleteAsync(c => c.CustomerId == customerId);
}
