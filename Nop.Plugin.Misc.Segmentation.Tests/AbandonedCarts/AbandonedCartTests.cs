using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Events;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.AbandonedCarts;
using Nop.Plugin.Misc.Segmentation.Services.Events;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.AbandonedCarts;

/// <summary>
/// Abandoned carts: detection after the owner's idle time, the personal offer and its segment, and how a record
/// ends (recovered by an order, which is attributed; emptied; offer expired), through the task and the events.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class AbandonedCartTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private readonly SegmentationSettings _settings = new() { AbandonedCartIdleHours = 4, CartOfferValidDays = 3 };
    private StoreDatabase _store;
    private Product _product;
    private Segment _offerSegment;

    public AbandonedCartTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public async Task SetUp()
    {
        _store = StoreDatabase.Create(_kind);
        _product = await _store.AddProductAsync(25m);
        await new BuiltInSegmentService(_store.Repository<Segment>()).EnsureAsync(_settings, Now);
        _offerSegment = await _store.Repository<Segment>().Table.FirstOrDefaultAsync(s => s.SystemName == BuiltInSegmentService.AbandonedCartSystemName);
    }

    [TearDown]
    public void TearDown() => _store?.Dispose();

    /// <summary>A customer whose cart (two of the product in store 1) was last touched at <paramref name="touched"/>, as the cart event leaves it.</summary>
    private async Task<Customer> ShopperAsync(DateTime touched, Action<Customer> set = null)
    {
        var customer = await _store.AddCustomerAsync(set);
        var item = await _store.AddCartItemAsync(customer, 1, _product, 2, touched);
        await _store.AdminMenuEventConsumer(new ManualClock(touched)).HandleEventAsync(new EntityInsertedEvent<ShoppingCartItem>(item));
        return customer;
    }

    private static (int Detected, int Updated, int Recovered, int Emptied, int Expired) Counts(AbandonedCartRun run) =>
        (run.Detected, run.Updated, run.Recovered, run.Emptied, run.Expired);

    private async Task<AbandonedCart[]> RecordsAsync() => (await _store.Repository<AbandonedCart>().Table.ToListAsync()).OrderBy(a => a.Id).ToArray();

    private async Task<int[]> OfferHoldersAsync() =>
        (await _store.Repository<SegmentMember>().Table.Where(m => m.SegmentId == _offerSegment.Id).Select(m => m.CustomerId).ToListAsync()).Order().ToArray();

    [Test]
    public async Task A_cart_idle_past_the_threshold_is_recorded_once_with_an_offer_and_its_customer_enters_the_segment()
    {
        var idle = await ShopperAsync(Now.AddHours(-5));
        var recent = await ShopperAsync(Now.AddHours(-2));
        var deleted = await ShopperAsync(Now.AddHours(-9), c => c.Deleted = true);

        await _store.AbandonedCartTask(Now, _settings).ExecuteAsync();

        var record = (await RecordsAsync()).Single();
        Assert.That((record.CustomerId, record.StoreId, record.CartItems, record.CartValue, record.Status),
            Is.EqualTo((idle.Id, 1, 2, 50m, AbandonedCartStatus.Open)));
        Assert.That((record.LastCartActivityUtc, record.DetectedOnUtc, record.OfferExpiresOnUtc), Is.EqualTo((Now.AddHours(-5), Now, Now.AddDays(3))));
        Assert.That(await OfferHoldersAsync(), Is.EqualTo(new[] { idle.Id }), $"not {recent.Id} (2 hours) nor {deleted.Id} (deleted)");

        // the next run finds nothing new
        var again = await _store.AbandonedCarts().DetectAsync(_settings, Now.AddMinutes(10));
        Assert.That(Counts(again), Is.EqualTo((0, 0, 0, 0, 0)));
        Assert.That(await RecordsAsync(), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task The_order_that_recovers_the_cart_is_attributed_and_uses_up_the_offer_at_once()
    {
        var customer = await ShopperAsync(Now.AddHours(-5));
        await _store.AbandonedCartTask(Now, _settings).ExecuteAsync();
        Assume.That(await OfferHoldersAsync(), Is.EqualTo(new[] { customer.Id }));

        var ordered = Now.AddHours(1);
        var order = await _store.AddOrderAsync(customer, 1, ordered, 47.5m, (_product, 2));
        await _store.AdminMenuEventConsumer(new ManualClock(ordered)).HandleEventAsync(new OrderPlacedEvent(order));

        var record = (await RecordsAsync()).Single();
        Assert.That((record.Status, record.RecoveredOrderId, record.RecoveredAmount, record.ClosedOnUtc),
            Is.EqualTo((AbandonedCartStatus.Recovered, order.Id, 47.5m, (DateTime?)ordered)));
        Assert.That(await OfferHoldersAsync(), Is.Empty, "used once: the discount's segment is left with the order");
        Assert.That(await _store.AbandonedCarts().GetActiveOfferAsync(customer.Id, 1, ordered), Is.Null);
    }

    [Test]
    public async Task An_order_placed_without_the_event_is_still_attributed_by_the_next_run()
    {
        var customer = await ShopperAsync(Now.AddHours(-5));
        await _store.AbandonedCarts().DetectAsync(_settings, Now);
        var order = await _store.AddOrderAsync(customer, 1, Now.AddHours(2), 50m, (_product, 2));
        await _store.Repository<ShoppingCartItem>().DeleteAsync(i => i.CustomerId == customer.Id);
        await _store.ProfileService().RefreshCustomerAsync(customer.Id, Now.AddHours(2));

        var run = await _store.AbandonedCarts().DetectAsync(_settings, Now.AddHours(3));

        Assert.That(Counts(run), Is.EqualTo((0, 0, 1, 0, 0)));
        Assert.That(run.CustomerIds, Is.EqualTo(new[] { customer.Id }));
        Assert.That((await RecordsAsync()).Single().RecoveredOrderId, Is.EqualTo(order.Id));
    }

    [Test]
    public async Task An_emptied_cart_closes_the_record_and_an_expired_offer_leaves_the_segment()
    {
        var emptying = await ShopperAsync(Now.AddHours(-6));
        var waiting = await ShopperAsync(Now.AddHours(-6));
        await _store.AbandonedCartTask(Now, _settings).ExecuteAsync();
        Assume.That(await OfferHoldersAsync(), Is.EqualTo(new[] { emptying.Id, waiting.Id }));

        var item = await _store.Repository<ShoppingCartItem>().Table.FirstOrDefaultAsync(i => i.CustomerId == emptying.Id);
        await _store.Repository<ShoppingCartItem>().DeleteAsync(item);
        await _store.AdminMenuEventConsumer(new ManualClock(Now.AddHours(1))).HandleEventAsync(new EntityDeletedEvent<ShoppingCartItem>(item));
        await _store.AbandonedCartTask(Now.AddHours(1), _settings).ExecuteAsync();

        var records = await RecordsAsync();
        Assert.That(records.Select(r => (r.CustomerId, r.Status)), Is.EqualTo(new[]
        {
            (emptying.Id, AbandonedCartStatus.Emptied), (waiting.Id, AbandonedCartStatus.Open)
        }));
        Assert.That(await OfferHoldersAsync(), Is.EqualTo(new[] { waiting.Id }));

        // three days later the offer is over; the cart stays recorded, still open for attribution
        await _store.AbandonedCartTask(Now.AddDays(3).AddMinutes(1), _settings).ExecuteAsync();
        Assert.That(await OfferHoldersAsync(), Is.Empty);
        Assert.That((await RecordsAsync())[1].Status, Is.EqualTo(AbandonedCartStatus.Open));
        Assert.That(await _store.AbandonedCarts().GetActiveOfferAsync(waiting.Id, 1, Now.AddDays(3).AddMinutes(1)), Is.Null);

        // a month on, the cart left for good is no longer followed: the record closes and no new offer starts
        var run = await _store.AbandonedCarts().DetectAsync(_settings, Now.AddDays(AbandonedCartService.KeepOpenDays + 1));
        Assert.That(Counts(run), Is.EqualTo((0, 0, 0, 0, 1)));
        Assert.That((await RecordsAsync())[1].Status, Is.EqualTo(AbandonedCartStatus.Expired));
        Assert.That(Counts(await _store.AbandonedCarts().DetectAsync(_settings, Now.AddDays(AbandonedCartService.KeepOpenDays + 2))),
            Is.EqualTo((0, 0, 0, 0, 0)));
        Assert.That(await RecordsAsync(), Has.Length.EqualTo(2));
    }

    [Test]
    public async Task A_cart_touched_again_keeps_its_offer_and_gets_the_new_figures()
    {
        var customer = await ShopperAsync(Now.AddHours(-5));
        await _store.AbandonedCarts().DetectAsync(_settings, Now);
        var more = await _store.AddCartItemAsync(customer, 1, _product, 1, Now.AddHours(1));
        await _store.AdminMenuEventConsumer(new ManualClock(Now.AddHours(1))).HandleEventAsync(new EntityInsertedEvent<ShoppingCartItem>(more));

        var whileShopping = await _store.AbandonedCarts().DetectAsync(_settings, Now.AddHours(2));
        var idleAgain = await _store.AbandonedCarts().DetectAsync(_settings, Now.AddHours(6));

        Assert.That(Counts(whileShopping), Is.EqualTo((0, 0, 0, 0, 0)), "shopping again: the record waits");
        Assert.That(Counts(idleAgain), Is.EqualTo((0, 1, 0, 0, 0)));
        var record = (await RecordsAsync()).Single();
        Assert.That((record.CartItems, record.CartValue, record.OfferExpiresOnUtc), Is.EqualTo((3, 75m, Now.AddDays(3))));
    }

    [Test]
    public async Task A_run_reads_the_orders_and_carts_of_all_open_records_at_once_however_many_there_are()
    {
        var shoppers = new List<Customer>();
        for (var i = 0; i < 12; i++)
            shoppers.Add(await ShopperAsync(Now.AddHours(-5)));
        await _store.AbandonedCarts().DetectAsync(_settings, Now);
        var (ordering, emptying) = (shoppers[0], shoppers[1]);
        // ordered and emptied without events the plugin hears; the other ten are shopping again
        var order = await _store.AddOrderAsync(ordering, 1, Now.AddHours(1), 30m, (_product, 1));
        foreach (var customer in new[] { ordering, emptying })
        {
            await _store.Repository<ShoppingCartItem>().DeleteAsync(i => i.CustomerId == customer.Id);
            await _store.ProfileService().RefreshCustomerAsync(customer.Id, Now.AddHours(1));
        }
        foreach (var shopper in shoppers.Skip(2))
        {
            var more = await _store.AddCartItemAsync(shopper, 1, _product, 1, Now.AddHours(1));
            await _store.AdminMenuEventConsumer(new ManualClock(Now.AddHours(1))).HandleEventAsync(new EntityInsertedEvent<ShoppingCartItem>(more));
        }

        var statements = new List<string>();
        var traced = _store.Database.Options(info =>
        {
            if (info.TraceInfoStep == LinqToDB.Data.TraceInfoStep.BeforeExecute)
                statements.Add(info.SqlText);
        });
        var run = await new AbandonedCartService(_store.Messages, new Linq2DbRepository<AbandonedCart>(traced), new Linq2DbRepository<CartReminder>(traced),
            new Linq2DbRepository<Customer>(traced), new Linq2DbRepository<CustomerProfile>(traced), new Linq2DbRepository<Order>(traced))
            .DetectAsync(_settings, Now.AddHours(2));

        Assert.That(Counts(run), Is.EqualTo((0, 0, 1, 1, 0)));
        var records = await RecordsAsync();
        Assert.That(records.Single(r => r.CustomerId == ordering.Id).RecoveredOrderId, Is.EqualTo(order.Id));
        Assert.That(records.Count(r => r.Status == AbandonedCartStatus.Open), Is.EqualTo(10));
        // idle carts, open records, the slice's orders, the slice's carts, one write per closed record, and their reminders to withdraw
        Assert.That(statements, Has.Count.EqualTo(4 + 2 + 1), string.Join("\n", statements));
    }

    [Test]
    public async Task Deleting_the_customer_removes_their_records()
    {
        var customer = await ShopperAsync(Now.AddHours(-5));
        var other = await ShopperAsync(Now.AddHours(-6));
        await _store.AbandonedCarts().DetectAsync(_settings, Now);
        Assume.That(await RecordsAsync(), Has.Length.EqualTo(2));

        await _store.AdminMenuEventConsumer(new ManualClock(Now)).HandleEventAsync(new Nop.Core.Domain.Gdpr.CustomerPermanentlyDeleted(customer.Id, customer.Email));

        Assert.That((await RecordsAsync()).Select(r => r.CustomerId), Is.EqualTo(new[] { other.Id }));
    }
}
