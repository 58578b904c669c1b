using Nop.Core.Domain.Orders;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Events;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Profiles;

[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class CategoryTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;

    public CategoryTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public void SetUp() => _store = StoreDatabase.Create(_kind);

    [TearDown]
    public void TearDown() => _store?.Dispose();

    private async Task<List<(int Category, int Rank, int Quantity, int Orders, DateTime Last)>> CategoriesOf(int customerId) =>
        (await _store.Repository<CustomerCategory>().Table.Where(c => c.CustomerId == customerId).ToListAsync())
        .OrderBy(c => c.Rank).Select(c => (c.CategoryId, c.Rank, c.Quantity, c.OrdersCount, c.LastPurchasedUtc)).ToList();

    [Test]
    public async Task The_top_five_categories_by_quantity_from_counted_orders()
    {
        var products = new List<Nop.Core.Domain.Catalog.Product>();
        for (var i = 0; i < 7; i++)
            products.Add(await _store.AddProductAsync(10m));
        await _store.MapToCategoryAsync(products[0], 10);
        await _store.MapToCategoryAsync(products[0], 20);
        await _store.MapToCategoryAsync(products[1], 20);
        for (var i = 2; i < 7; i++)
            await _store.MapToCategoryAsync(products[i], 10 * (i + 1));

        var anna = await _store.AddCustomerAsync();
        var placed = new List<Order>
        {
            await _store.AddOrderAsync(anna, 1, new DateTime(2026, 1, 10), 30m, (products[0], 2), (products[1], 1)),
            await _store.AddOrderAsync(anna, 2, new DateTime(2026, 3, 5), 40m, (products[1], 4)),
            await _store.AddOrderAsync(anna, 1, new DateTime(2026, 3, 6), 500m, o => o.OrderStatus = OrderStatus.Cancelled, (products[2], 50)),
            await _store.AddOrderAsync(anna, 1, new DateTime(2026, 2, 1), 50m, products.Skip(2).Select(p => (p, 1)).ToArray())
        };
        var deleted = await _store.AddCustomerAsync(c => c.Deleted = true);
        await _store.AddOrderAsync(deleted, 1, new DateTime(2026, 2, 1), 10m, (products[0], 1));

        var consumer = _store.AdminMenuEventConsumer(new ManualClock(Now));
        foreach (var order in placed)
            await consumer.HandleEventAsync(new OrderPlacedEvent(order));
        await _store.CategoryService().RefreshCustomerAsync(deleted.Id);

        var expected = new[]
        {
            (20, 1, 7, 2, new DateTime(2026, 3, 5)),
            (10, 2, 2, 1, new DateTime(2026, 1, 10)),
            (30, 3, 1, 1, new DateTime(2026, 2, 1)),
            (40, 4, 1, 1, new DateTime(2026, 2, 1)),
            (50, 5, 1, 1, new DateTime(2026, 2, 1))
        };
        Assert.That(await CategoriesOf(anna.Id), Is.EqualTo(expected));
        Assert.That(await CategoriesOf(deleted.Id), Is.Empty);

        // the rebuild arrives at the same rows and so writes nothing
        var writes = await _store.CategoryService().RefreshRangeAsync(0, int.MaxValue);
        Assert.That(writes, Is.Zero);

        // cancelling the second order takes its four items out of category 20
        placed[1].OrderStatus = OrderStatus.Cancelled;
        await _store.Repository<Order>().UpdateAsync(placed[1]);
        await consumer.HandleEventAsync(new OrderStatusChangedEvent(placed[1], OrderStatus.Complete));
        Assert.That((await CategoriesOf(anna.Id)).Take(2).Select(c => (c.Category, c.Rank, c.Quantity, c.Orders)),
            Is.EqualTo(new[] { (20, 1, 3, 1), (10, 2, 2, 1) }));
    }

    [Test]
    public async Task A_segment_on_top_categories_counts_the_order_that_made_the_category_a_favourite()
    {
        var boots = await _store.AddProductAsync(60m);
        await _store.MapToCategoryAsync(boots, 31);
        var segment = new Segment { Name = "Shoe lovers", SegmentType = SegmentType.Dynamic, Rule = "top_category = 31", Active = true, CreatedOnUtc = Now, UpdatedOnUtc = Now };
        await _store.Repository<Segment>().InsertAsync(segment);
        var customer = await _store.AddCustomerAsync();
        var order = await _store.AddOrderAsync(customer, 1, Now.AddHours(-1), 60m, (boots, 1));

        await _store.AdminMenuEventConsumer(new ManualClock(Now)).HandleEventAsync(new OrderPlacedEvent(order));

        var members = await _store.Repository<SegmentMember>().Table.Where(m => m.SegmentId == segment.Id).Select(m => m.CustomerId).ToListAsync();
        Assert.That(members, Is.EqualTo(new[] { customer.Id }));
    }
}
