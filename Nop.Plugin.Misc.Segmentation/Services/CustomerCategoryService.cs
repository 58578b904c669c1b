using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services;

/// <summary>Keeps each customer's top categories, from their counted orders, for a range of customer ids.</summary>
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
        var orders = _orderRepository.Table.Where(o => o.CustomerId >= fromCustomerId && o.CustomerId < toCustomerId).Counted();
        var totals = await (from item in _orderItemRepository.Table
                            join order in orders on item.OrderId equals order.Id
                            join customer in _customerRepository.Table on order.CustomerId equals customer.Id
                            join mapping in _productCategoryRepository.Table on item.ProductId equals mapping.ProductId
                            where !customer.Deleted && !customer.IsSystemAccount
                            group new { item.Quantity, item.OrderId, order.CreatedOnUtc } by new { order.CustomerId, mapping.CategoryId } into g
                            select new
                            {
                                g.Key.CustomerId,
                                g.Key.CategoryId,
                                Quantity = g.Sum(x => x.Quantity),
                                Orders = g.Select(x => x.OrderId).Distinct().Count(),
                                Last = g.Max(x => x.CreatedOnUtc)
                            })
            .ToListAsync();

        return totals.GroupBy(t => t.CustomerId)
            .SelectMany(customer => customer
                .OrderByDescending(t => t.Quantity).ThenByDescending(t => t.Last).ThenBy(t => t.CategoryId)
                .Take(TopCategories)
                .Select((t, index) => new CustomerCategory
                {
                    CustomerId = t.CustomerId,
                    CategoryId = t.CategoryId,
                    Rank = index + 1,
                    Quantity = t.Quantity,
                    OrdersCount = t.Orders,
                    LastPurchasedUtc = t.Last
                }))
            .ToList();
    }

    /// <summary>Recomputes the range and writes only what changed; returns the rows written or deleted.</summary>
    public async Task<int> RefreshRangeAsync(int fromCustomerId, int toCustomerId)
    {
        var computed = await ComputeRangeAsync(fromCustomerId, toCustomerId);
        var stored = await _customerCategoryRepository.Table
            .Where(c => c.CustomerId >= fromCustomerId && c.CustomerId < toCustomerId)
            .ToListAsync();

        return await RowDifferences.WriteAsync(_customerCategoryRepository, stored, computed, c => (c.CustomerId, c.CategoryId),
            (a, b) => (a.Rank, a.Quantity, a.OrdersCount, a.LastPurchasedUtc.Ticks) == (b.Rank, b.Quantity, b.OrdersCount, b.LastPurchasedUtc.Ticks));
    }

    /// <summary>What an order event calls.</summary>
    public Task RefreshCustomerAsync(int customerId) => ConcurrentWrites.RetryAsync(() => RefreshRangeAsync(customerId, customerId + 1));

    public Task<int> DeleteCustomerAsync(int customerId) => _customerCategoryRepository.DeleteAsync(c => c.CustomerId == customerId);
}
