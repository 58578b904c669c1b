using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Gdpr;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Core.Events;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Events;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Profiles;

/// <summary>Events as nopCommerce publishes them, including repeated and late ones.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class ProfileEventTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private ProfileEventConsumer _consumer;
    private Product _product;

    public ProfileEventTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public async Task SetUp()
    {
        _store = StoreDatabase.Create(_kind);
        _consumer = _store.AdminMenuEventConsumer(new ManualClock(Now));
        _product = await _store.AddProductAsync(20m);
    }

    [TearDown]
    public void TearDown() => _store?.Dispose();

    private async Task<CustomerProfile> AllStoresAsync(Customer customer) =>
        (await _store.ProfilesAsync()).SingleOrDefault(p => p.CustomerId == customer.Id && p.StoreId == 0);

    [Test]
    public async Task Repeated_and_out_of_order_order_events_end_in_the_state_of_the_orders()
    {
        var customer = await _store.AddCustomerAsync();
        var order = await _store.AddOrderAsync(customer, 1, Now.AddDays(-1), 80m, o => o.PaymentStatus = PaymentStatus.Pending, (_product, 4));

        await _consumer.HandleEventAsync(new OrderPlacedEvent(order));
        await _consumer.HandleEventAsync(new OrderPlacedEvent(order));
        Assert.That((await AllStoresAsync(customer)).OrdersCount, Is.EqualTo(1), "the same order counted once");

        // the cancellation lands before the payment event of the same order
        order.OrderStatus = OrderStatus.Cancelled;
        await _store.Repository<Order>().UpdateAsync(order);
        await _consumer.HandleEventAsync(new OrderStatusChangedEvent(order, OrderStatus.Pending));
        await _consumer.HandleEventAsync(new OrderPaidEvent(order));

        Assert.That(await AllStoresAsync(customer), Is.Null, "only a cancelled order and no cart: no profile");
    }

    [Test]
    public async Task A_refund_lowers_what_the_customer_spent()
    {
        var customer = await _store.AddCustomerAsync();
        var order = await _store.AddOrderAsync(customer, 1, Now.AddDays(-3), 100m, (_product, 5));
        await _consumer.HandleEventAsync(new OrderPlacedEvent(order));

        order.RefundedAmount = 40m;
        order.PaymentStatus = PaymentStatus.PartiallyRefunded;
        await _store.Repository<Order>().UpdateAsync(order);
        await _consumer.HandleEventAsync(new OrderRefundedEvent(order, 40m));

        Assert.That((await AllStoresAsync(customer)).AmountSpent, Is.EqualTo(60m));
    }

    [Test]
    public async Task Cart_changes_update_the_cart_and_wishlist_changes_cost_nothing()
    {
        var customer = await _store.AddCustomerAsync();
        var wish = await _store.AddCartItemAsync(customer, 1, _product, 3, Now, ShoppingCartType.Wishlist);
        await _consumer.HandleEventAsync(new EntityInsertedEvent<ShoppingCartItem>(wish));
        Assert.That(await _store.ProfilesAsync(), Is.Empty);

        var item = await _store.AddCartItemAsync(customer, 1, _product, 1, Now.AddHours(-2));
        await _consumer.HandleEventAsync(new EntityInsertedEvent<ShoppingCartItem>(item));
        item.Quantity = 3;
        item.UpdatedOnUtc = Now.AddHours(-1);
        await _store.Repository<ShoppingCartItem>().UpdateAsync(item);
        await _consumer.HandleEventAsync(new EntityUpdatedEvent<ShoppingCartItem>(item));

        var profile = await AllStoresAsync(customer);
        Assert.That((profile.CartItems, profile.CartValue, profile.LastCartActivityUtc), Is.EqualTo((3, 60m, (DateTime?)Now.AddHours(-1))));

        await _store.Repository<ShoppingCartItem>().DeleteAsync(item);
        await _consumer.HandleEventAsync(new EntityDeletedEvent<ShoppingCartItem>(item));
        Assert.That(await _store.ProfilesAsync(), Is.Empty);
    }

    [Test]
    public async Task Placing_an_order_moves_the_cart_into_the_order()
    {
        var customer = await _store.AddCustomerAsync();
        var item = await _store.AddCartItemAsync(customer, 1, _product, 2, Now.AddMinutes(-30));
        await _consumer.HandleEventAsync(new EntityInsertedEvent<ShoppingCartItem>(item));

        // what PlaceOrderAsync does: the order, then the cart cleared without entity events
        var order = await _store.AddOrderAsync(customer, 1, Now, 40m, (_product, 2));
        await _store.Repository<ShoppingCartItem>().DeleteAsync(i => i.CustomerId == customer.Id);
        await _consumer.HandleEventAsync(new OrderPlacedEvent(order));
        await _consumer.HandleEventAsync(new ClearShoppingCartEvent([item]));

        var profile = await AllStoresAsync(customer);
        Assert.That((profile.OrdersCount, profile.ItemsBought, profile.CartItems, profile.CartValue), Is.EqualTo((1, 2, 0, 0m)));
    }

    [Test]
    public async Task A_guest_who_signs_in_brings_the_cart_to_the_account()
    {
        var guest = await _store.AddCustomerAsync();
        var account = await _store.AddCustomerAsync(c => c.CountryId = 3);
        var item = await _store.AddCartItemAsync(guest, 1, _product, 1, Now.AddMinutes(-5));
        await _consumer.HandleEventAsync(new EntityInsertedEvent<ShoppingCartItem>(item));

        // MigrateShoppingCartAsync moves the lines to the account
        item.CustomerId = account.Id;
        await _store.Repository<ShoppingCartItem>().UpdateAsync(item);
        await _consumer.HandleEventAsync(new CustomerLoggedinEvent(account, guest));

        var profiles = await _store.ProfilesAsync();
        Assert.That(profiles.Where(p => p.CustomerId == guest.Id), Is.Empty);
        var profile = profiles.Single(p => p.CustomerId == account.Id && p.StoreId == 0);
        Assert.That((profile.CartItems, profile.CountryId), Is.EqualTo((1, 3)));
    }

    [Test]
    public async Task Deleting_a_customer_either_way_removes_the_profiles()
    {
        var first = await _store.AddCustomerAsync();
        var second = await _store.AddCustomerAsync();
        foreach (var customer in new[] { first, second })
            await _consumer.HandleEventAsync(new OrderPlacedEvent(await _store.AddOrderAsync(customer, 1, Now.AddDays(-1), 10m, (_product, 1))));
        Assume.That(await _store.ProfilesAsync(), Has.Count.EqualTo(4));

        await _consumer.HandleEventAsync(new EntityDeletedEvent<Customer>(first));
        await _consumer.HandleEventAsync(new CustomerPermanentlyDeleted(second.Id, "gone@example.com"));

        Assert.That(await _store.ProfilesAsync(), Is.Empty);
    }

    [Test]
    public async Task After_any_sequence_of_events_the_profiles_equal_a_rebuild()
    {
        var customers = new List<Customer>();
        for (var i = 0; i < 6; i++)
            customers.Add(await _store.AddCustomerAsync());
        var random = new Random(3);
        for (var step = 0; step < 40; step++)
        {
            var customer = customers[random.Next(customers.Count)];
            if (random.Next(2) == 0)
            {
                var order = await _store.AddOrderAsync(customer, 1 + random.Next(2), Now.AddDays(-random.Next(400)), 5m + random.Next(100), (_product, 1 + random.Next(3)));
                await _consumer.HandleEventAsync(new OrderPlacedEvent(order));
                if (random.Next(4) == 0)
                {
                    order.OrderStatus = OrderStatus.Cancelled;
                    await _store.Repository<Order>().UpdateAsync(order);
                    await _consumer.HandleEventAsync(new OrderStatusChangedEvent(order, OrderStatus.Pending));
                }
            }
            else
                await _consumer.HandleEventAsync(new EntityInsertedEvent<ShoppingCartItem>(
                    await _store.AddCartItemAsync(customer, 1 + random.Next(2), _product, 1, Now.AddHours(-random.Next(100)))));
        }

        string Describe(CustomerProfile p) => $"{p.CustomerId}/{p.StoreId}/{p.OrdersCount}/{p.AmountSpent:0.00}/{p.ItemsBought}/{p.CartItems}/{p.CartValue:0.00}/{p.LifecycleStageId}/{p.Orders365Days}";
        var incremental = (await _store.ProfilesAsync()).Select(Describe).ToList();

        await _store.Repository<CustomerProfile>().DeleteAsync(p => true);
        await _store.RebuildService(Now).RebuildAsync("node");

        Assert.That((await _store.ProfilesAsync()).Select(Describe), Is.EqualTo(incremental));
    }
}
