using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;

namespace Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;

/// <summary>
/// Fills a store with a reproducible mix: a few heavy buyers and many light ones, two stores, guests with carts
/// only, idle guests, deleted customers, products in categories, and cancelled, refunded, partly refunded and deleted orders;
/// a third of them registered (in either store), some of those idle.
/// </summary>
public static class StoreGenerator
{
    public static async Task<List<Customer>> FillAsync(StoreDatabase store, int seed, int customers, DateTime nowUtc)
    {
        var random = new Random(seed);
        var products = new List<Product>();
        for (var i = 0; i < 8; i++)
            products.Add(await store.AddProductAsync(5m + 7.5m * i));

        // categories bought: most products in one, some in two (a line then counts in both), the last in none
        for (var i = 0; i < products.Count - 1; i++)
        {
            await store.MapToCategoryAsync(products[i], 1 + i % 4);
            if (i % 3 == 0)
                await store.MapToCategoryAsync(products[i], 10 + i);
        }

        var all = new List<Customer>();
        for (var i = 0; i < customers; i++)
        {
            var kind = random.Next(10);
            var customer = await store.AddCustomerAsync(c =>
            {
                c.Deleted = kind == 0 && random.Next(3) == 0;
                c.DateOfBirth = random.Next(3) == 0 ? null : new DateTime(1950 + random.Next(55), 1 + random.Next(12), 1 + random.Next(28));
                c.CountryId = random.Next(4);
                c.LanguageId = random.Next(3) == 0 ? null : 1 + random.Next(2);
                c.LastActivityDateUtc = nowUtc.AddMinutes(-random.Next(60 * 24 * 400));
            });
            all.Add(customer);

            // skewed: most customers order once or twice, a few order often
            var orders = kind switch { <= 1 => 0, <= 6 => 1 + random.Next(2), <= 8 => 3 + random.Next(5), _ => 10 + random.Next(15) };
            for (var o = 0; o < orders; o++)
            {
                var created = nowUtc.AddMinutes(-random.Next(60 * 24 * 700));
                var total = Math.Round((decimal)(random.NextDouble() * 300 + 5), 2);
                var roll = random.Next(20);
                await store.AddOrderAsync(customer, 1 + random.Next(2), created, total, order =>
                {
                    if (roll == 0) order.OrderStatus = OrderStatus.Cancelled;
                    else if (roll == 1) order.PaymentStatus = PaymentStatus.Refunded;
                    else if (roll == 2) { order.PaymentStatus = PaymentStatus.PartiallyRefunded; order.RefundedAmount = Math.Round(total / 3, 2); }
                    else if (roll == 3) order.Deleted = true;
                    else if (roll == 4) order.OrderStatus = OrderStatus.Pending;
                }, Enumerable.Range(0, 1 + random.Next(3)).Select(_ => (products[random.Next(products.Count)], 1 + random.Next(4))).ToArray());
            }

            if (random.Next(4) == 0)
                for (var c = 0; c < 1 + random.Next(3); c++)
                    await store.AddCartItemAsync(customer, 1 + random.Next(2), products[random.Next(products.Count)], 1 + random.Next(3),
                        nowUtc.AddMinutes(-random.Next(60 * 24 * 30)), random.Next(5) == 0 ? ShoppingCartType.Wishlist : ShoppingCartType.ShoppingCart);
        }

        // drawn apart, so the orders and carts above are those of every earlier version of this store
        var accounts = new Random(seed + 1);
        var registered = new CustomerRole { Name = "Registered", SystemName = NopCustomerDefaults.RegisteredRoleName, IsSystemRole = true, Active = true };
        await store.Repository<CustomerRole>().InsertAsync(registered);
        foreach (var customer in all.Where(_ => accounts.Next(3) == 0))
        {
            (customer.RegisteredInStoreId, customer.CreatedOnUtc) = (1 + accounts.Next(2), nowUtc.AddMinutes(-accounts.Next(60 * 24 * 900)));
            await store.Repository<Customer>().UpdateAsync(customer);
            await store.Repository<CustomerCustomerRoleMapping>().InsertAsync(new CustomerCustomerRoleMapping { CustomerId = customer.Id, CustomerRoleId = registered.Id });
        }

        return all;
    }
}
