using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Profiles;

/// <summary>Profile values of a small hand-built store, checked against figures worked out by hand.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class ProfileTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private Customer _anna, _cartGuest, _idleGuest, _deleted, _cancelledOnly;
    private Product _product;

    public ProfileTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public async Task SetUp()
    {
        _store = StoreDatabase.Create(_kind);
        _product = await _store.AddProductAsync(25m);
        var other = await _store.AddProductAsync(10m);

        _anna = await _store.AddCustomerAsync(c =>
        {
            c.DateOfBirth = new DateTime(1990, 7, 15);
            c.CountryId = 5;
            c.StateProvinceId = 7;
            c.LanguageId = 2;
            c.LastActivityDateUtc = Now.AddDays(-1);
        });
        // store 1: two counted orders (one partly refunded), one cancelled, one refunded, one deleted
        await _store.AddOrderAsync(_anna, 1, new DateTime(2025, 7, 10, 10, 15, 0), 100m, (_product, 2), (other, 1));
        await _store.AddOrderAsync(_anna, 1, new DateTime(2026, 6, 10, 10, 40, 0), 50m, o => { o.RefundedAmount = 20m; o.PaymentStatus = PaymentStatus.PartiallyRefunded; }, (other, 1));
        await _store.AddOrderAsync(_anna, 1, new DateTime(2026, 6, 20, 18, 0, 0), 500m, o => o.OrderStatus = OrderStatus.Cancelled, (_product, 20));
        await _store.AddOrderAsync(_anna, 1, new DateTime(2026, 5, 1, 10, 5, 0), 80m, o => o.PaymentStatus = PaymentStatus.Refunded, (_product, 3));
        await _store.AddOrderAsync(_anna, 1, new DateTime(2026, 6, 25, 10, 0, 0), 999m, o => o.Deleted = true, (_product, 9));
        // store 2: one order
        await _store.AddOrderAsync(_anna, 2, new DateTime(2026, 4, 15, 21, 0, 0), 200m, (other, 3));
        await _store.AddCartItemAsync(_anna, 1, _product, 2, new DateTime(2026, 6, 29, 8, 0, 0));
        await _store.AddCartItemAsync(_anna, 1, other, 5, new DateTime(2026, 6, 29, 9, 0, 0), ShoppingCartType.Wishlist);

        _cartGuest = await _store.AddCustomerAsync();
        await _store.AddCartItemAsync(_cartGuest, 1, _product, 1, new DateTime(2026, 6, 28, 8, 0, 0));

        _idleGuest = await _store.AddCustomerAsync();

        _deleted = await _store.AddCustomerAsync(c => c.Deleted = true);
        await _store.AddOrderAsync(_deleted, 1, new DateTime(2026, 6, 1), 70m, (_product, 1));

        _cancelledOnly = await _store.AddCustomerAsync();
        await _store.AddOrderAsync(_cancelledOnly, 1, new DateTime(2026, 6, 1), 70m, o => o.OrderStatus = OrderStatus.Cancelled, (_product, 1));
    }

    [TearDown]
    public void TearDown() => _store?.Dispose();

    private async Task RefreshEveryoneAsync()
    {
        var service = _store.ProfileService();
        foreach (var customer in new[] { _anna, _cartGuest, _idleGuest, _deleted, _cancelledOnly })
            await service.RefreshCustomerAsync(customer.Id, Now);
    }

    [Test]
    public async Task Only_customers_with_counted_orders_or_a_cart_get_profiles()
    {
        await RefreshEveryoneAsync();

        var profiles = await _store.ProfilesAsync();
        Assert.That(profiles.Select(p => (p.CustomerId, p.StoreId)), Is.EqualTo(new[]
        {
            (_anna.Id, 0), (_anna.Id, 1), (_anna.Id, 2), (_cartGuest.Id, 0), (_cartGuest.Id, 1)
        }));
    }

    [Test]
    public async Task Store_profile_counts_orders_net_of_refunds_and_without_cancelled_refunded_or_deleted_ones()
    {
        await RefreshEveryoneAsync();

        var p = (await _store.ProfilesAsync()).Single(x => x.CustomerId == _anna.Id && x.StoreId == 1);
        Assert.That(p.OrdersCount, Is.EqualTo(2));
        Assert.That(p.AmountSpent, Is.EqualTo(130m));
        Assert.That(p.AverageOrderValue, Is.EqualTo(65m));
        Assert.That(p.ItemsBought, Is.EqualTo(4));
        Assert.That(p.FirstOrderDateUtc, Is.EqualTo(new DateTime(2025, 7, 10, 10, 15, 0)));
        Assert.That(p.LastOrderDateUtc, Is.EqualTo(new DateTime(2026, 6, 10, 10, 40, 0)));
        Assert.That((p.Orders30Days, p.Spent30Days), Is.EqualTo((1, 30m)));
        Assert.That((p.Orders90Days, p.Spent90Days), Is.EqualTo((1, 30m)));
        Assert.That((p.Orders365Days, p.Spent365Days), Is.EqualTo((2, 130m)));
        Assert.That((p.CartItems, p.CartValue), Is.EqualTo((2, 50m)), "the wishlist is not the cart");
        Assert.That(p.LastCartActivityUtc, Is.EqualTo(new DateTime(2026, 6, 29, 8, 0, 0)));
        Assert.That(p.LifecycleStage, Is.EqualTo(LifecycleStage.Active));
        Assert.That(p.UsageTier, Is.EqualTo(UsageTier.Light));
    }

    [Test]
    public async Task Other_store_and_all_stores_views()
    {
        await RefreshEveryoneAsync();
        var profiles = (await _store.ProfilesAsync()).Where(x => x.CustomerId == _anna.Id).ToDictionary(x => x.StoreId);

        var store2 = profiles[2];
        Assert.That((store2.OrdersCount, store2.AmountSpent, store2.ItemsBought), Is.EqualTo((1, 200m, 3)));
        Assert.That((store2.Orders30Days, store2.Orders90Days, store2.Spent90Days), Is.EqualTo((0, 1, 200m)));
        Assert.That((store2.CartItems, store2.LastCartActivityUtc), Is.EqualTo((0, (DateTime?)null)));

        var all = profiles[0];
        Assert.That((all.OrdersCount, all.AmountSpent, all.AverageOrderValue, all.ItemsBought), Is.EqualTo((3, 330m, 110m, 7)));
        Assert.That((all.Orders90Days, all.Spent90Days, all.Orders365Days, all.Spent365Days), Is.EqualTo((2, 230m, 3, 330m)));
        Assert.That(all.FirstOrderDateUtc, Is.EqualTo(new DateTime(2025, 7, 10, 10, 15, 0)));
        Assert.That(all.LastOrderDateUtc, Is.EqualTo(new DateTime(2026, 6, 10, 10, 40, 0)));
        Assert.That((all.CartItems, all.CartValue), Is.EqualTo((2, 50m)));
    }

    [Test]
    public async Task Customer_facts_and_habits_are_on_every_row()
    {
        await RefreshEveryoneAsync();

        foreach (var p in (await _store.ProfilesAsync()).Where(x => x.CustomerId == _anna.Id))
        {
            Assert.That((p.CountryId, p.StateProvinceId, p.LanguageId), Is.EqualTo((5, 7, 2)));
            Assert.That(p.AgeBand, Is.EqualTo(AgeBand.From35To44), "35 until the birthday on 15 July");
            Assert.That(p.BirthdayMonth, Is.EqualTo(7));
            Assert.That(p.LastVisitUtc, Is.EqualTo(Now.AddDays(-1)));
            Assert.That(p.PreferredHour, Is.EqualTo(10), "two of three counted orders were placed at 10:xx");
            Assert.That(p.PreferredWeekday, Is.EqualTo((int)DayOfWeek.Wednesday));
        }
    }

    [Test]
    public async Task A_guest_with_only_a_cart_is_a_prospect()
    {
        await RefreshEveryoneAsync();

        var p = (await _store.ProfilesAsync()).Single(x => x.CustomerId == _cartGuest.Id && x.StoreId == 0);
        Assert.That((p.OrdersCount, p.AmountSpent, p.CartItems, p.CartValue), Is.EqualTo((0, 0m, 1, 25m)));
        Assert.That(p.LifecycleStage, Is.EqualTo(LifecycleStage.Prospect));
        Assert.That(p.UsageTier, Is.EqualTo(UsageTier.None));
        Assert.That(p.FirstOrderDateUtc, Is.Null);
        Assert.That(p.RfmGroup, Is.EqualTo(RfmGroup.None));
    }

    [Test]
    public async Task Refreshing_twice_writes_nothing_the_second_time()
    {
        await RefreshEveryoneAsync();
        var first = await _store.ProfilesAsync();

        var writes = await _store.ProfileService().RefreshRangeAsync(0, int.MaxValue, Now, await _store.ProfileService().LoadStoreStatisticsAsync());

        Assert.That(writes, Is.Zero);
        Assert.That((await _store.ProfilesAsync()).Select(p => p.Id), Is.EqualTo(first.Select(p => p.Id)));
    }

    [Test]
    public async Task A_cancellation_takes_the_order_out_and_an_emptied_cart_drops_the_store_row()
    {
        await RefreshEveryoneAsync();
        var order = await _store.Repository<Order>().Table.FirstOrDefaultAsync(o => o.CustomerId == _anna.Id && o.StoreId == 2);
        order.OrderStatus = OrderStatus.Cancelled;
        await _store.Repository<Order>().UpdateAsync(order);
        await _store.Repository<ShoppingCartItem>().DeleteAsync(i => i.CustomerId == _cartGuest.Id);

        await RefreshEveryoneAsync();

        var profiles = await _store.ProfilesAsync();
        Assert.That(profiles.Select(p => (p.CustomerId, p.StoreId)), Is.EqualTo(new[] { (_anna.Id, 0), (_anna.Id, 1) }));
        Assert.That(profiles[0].AmountSpent, Is.EqualTo(130m));
    }

    [Test]
    public async Task Events_read_the_store_statistics_once_until_a_rebuild_replaces_them()
    {
        var statisticsReads = 0;
        var table = Nop.Data.Mapping.NameCompatibilityManager.GetTableName(typeof(StoreStatistics));
        using var traced = _store.Database.OpenDataConnection(info =>
        {
            if (info.TraceInfoStep == LinqToDB.Data.TraceInfoStep.BeforeExecute && info.SqlText?.Contains(table) == true)
                statisticsReads++;
        });
        var events = _store.ProfileService(connection: traced);
        await _store.RebuildService(Now).RebuildAsync("node");

        await events.RefreshCustomerAsync(_anna.Id, Now);
        await events.RefreshCustomerAsync(_cartGuest.Id, Now);
        Assert.That(statisticsReads, Is.EqualTo(1), "the second event uses the cached statistics");

        // new orders move the quintiles; the rebuild stores them and drops the cached ones, so events score as it does
        for (var i = 0; i < 3; i++)
            await _store.AddOrderAsync(_cartGuest, 1, Now.AddDays(-i - 1), 900m, (_product, 1));
        await _store.RebuildService(Now).RebuildAsync("node");
        var rebuilt = (await _store.ProfilesAsync()).Single(p => p.CustomerId == _anna.Id && p.StoreId == 0);

        var written = await events.RefreshCustomerAsync(_anna.Id, Now);

        Assert.That(statisticsReads, Is.EqualTo(2));
        var afterEvent = written.Single(p => p.StoreId == 0);
        Assert.That((afterEvent.RecencyScore, afterEvent.FrequencyScore, afterEvent.MonetaryScore, afterEvent.RfmGroup),
            Is.EqualTo((rebuilt.RecencyScore, rebuilt.FrequencyScore, rebuilt.MonetaryScore, rebuilt.RfmGroup)));
    }
}
