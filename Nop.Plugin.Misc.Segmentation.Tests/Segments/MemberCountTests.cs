using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Events;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Events;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Plugin.Misc.Segmentation.Tests.Fakes;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Segments;

/// <summary>
/// The stored member count is what lists show without counting: after every path that moves members it must equal
/// the member rows, the per-customer events, the owner's lists and the sweep of removed customers included.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class MemberCountTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private ProfileEventConsumer _consumer;
    private Product _product;

    public MemberCountTests(DatabaseKind kind)
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

    private async Task<Segment> AddSegmentAsync(string name, SegmentType type, string rule = null)
    {
        var segment = new Segment { Name = name, SegmentType = type, Rule = rule, Active = true, CreatedOnUtc = Now, UpdatedOnUtc = Now };
        await _store.Repository<Segment>().InsertAsync(segment);
        return segment;
    }

    private async Task<int> StoredAsync(Segment segment) =>
        (await _store.Repository<Segment>().Table.FirstOrDefaultAsync(s => s.Id == segment.Id)).MemberCount;

    private async Task<int> RowsAsync(Segment segment) =>
        await _store.Repository<SegmentMember>().Table.CountAsync(m => m.SegmentId == segment.Id);

    /// <summary>The stored count equals both the rows and what the test expects (so an empty table cannot pass for a full one).</summary>
    private async Task AssertCountAsync(Segment segment, int expected, string when)
    {
        Assert.That(await RowsAsync(segment), Is.EqualTo(expected), $"member rows of '{segment.Name}' {when}");
        Assert.That(await StoredAsync(segment), Is.EqualTo(expected), $"stored MemberCount of '{segment.Name}' {when}");
    }

    /// <summary>An evaluation service of its own, as a second request would have: own connections, own cache.</summary>
    private SegmentEvaluationService RequestScopedSegmentService() => new(_store.Repository<CustomerProfile>(), _store.Repository<Segment>(),
        _store.Repository<SegmentMember>(), _store.Repository<SegmentMovement>(),
        new SegmentMembershipService(new FakeStaticCacheManager(), _store.Repository<Segment>(), _store.Repository<SegmentMember>()),
        _store.RuleSources());

    [Test]
    public async Task An_order_event_that_moves_a_customer_in_and_then_out_keeps_the_count_true()
    {
        var twice = await AddSegmentAsync("Ordered twice", SegmentType.Dynamic, "orders >= 2");
        var anna = await _store.AddCustomerAsync();
        var boris = await _store.AddCustomerAsync();

        await _consumer.HandleEventAsync(new OrderPlacedEvent(await _store.AddOrderAsync(anna, 1, Now.AddDays(-5), 30m, (_product, 1))));
        await AssertCountAsync(twice, 0, "after one order");

        var second = await _store.AddOrderAsync(anna, 1, Now.AddDays(-1), 40m, (_product, 2));
        await _consumer.HandleEventAsync(new OrderPlacedEvent(second));
        await AssertCountAsync(twice, 1, "after Anna's second order");

        await _store.AddOrderAsync(boris, 1, Now.AddDays(-3), 20m, (_product, 1));
        await _consumer.HandleEventAsync(new OrderPlacedEvent(await _store.AddOrderAsync(boris, 1, Now.AddDays(-2), 20m, (_product, 1))));
        await AssertCountAsync(twice, 2, "after Boris's second order");

        // the cancellation takes Anna below the bar at once, not at the next task run
        second.OrderStatus = OrderStatus.Cancelled;
        await _store.Repository<Order>().UpdateAsync(second);
        await _consumer.HandleEventAsync(new OrderStatusChangedEvent(second, OrderStatus.Complete));
        await AssertCountAsync(twice, 1, "after Anna's order was cancelled");
    }

    [Test]
    public async Task A_cart_emptied_again_leaves_its_segment_with_no_member_counted()
    {
        var carts = await AddSegmentAsync("Something in the cart", SegmentType.Dynamic, "cart_items >= 1");
        var customer = await _store.AddCustomerAsync();

        var item = await _store.AddCartItemAsync(customer, 1, _product, 2, Now.AddMinutes(-10));
        await _consumer.HandleEventAsync(new EntityInsertedEvent<ShoppingCartItem>(item));
        await AssertCountAsync(carts, 1, "after the cart line was added");

        await _store.Repository<ShoppingCartItem>().DeleteAsync(item);
        await _consumer.HandleEventAsync(new EntityDeletedEvent<ShoppingCartItem>(item));
        await AssertCountAsync(carts, 0, "after the cart line was removed");
    }

    [Test]
    public async Task Adding_removing_and_importing_by_hand_keep_the_count_true()
    {
        var list = await AddSegmentAsync("Trade fair visitors", SegmentType.Static);
        var customers = new List<Customer>();
        for (var i = 0; i < 5; i++)
        {
            var n = i;
            customers.Add(await _store.AddCustomerAsync(c => c.Email = $"visitor{n}@example.com"));
        }

        var ids = customers.Select(c => c.Id).ToList();
        await _store.StaticSegments().AddAsync(list, [ids[0], ids[1], ids[0]], "added by owner", Now);
        await AssertCountAsync(list, 2, "after two were added");
        Assert.That(list.MemberCount, Is.EqualTo(2), "the caller's segment shows it too");

        await _store.StaticSegments().AddAsync(list, [ids[1]], "added by owner", Now);
        await AssertCountAsync(list, 2, "after adding one already there");

        await _store.StaticSegments().RemoveAsync(list, [ids[0], ids[4]], "removed by owner", Now);
        await AssertCountAsync(list, 1, "after one member and one stranger were removed");

        var file = $"email\nvisitor2@example.com\n{ids[3]}\nvisitor1@example.com\n";
        var import = await _store.StaticSegments().ImportAsync(list, new StringReader(file), Now);
        Assume.That((import.Succeeded, import.Added), Is.EqualTo((true, 2)));
        await AssertCountAsync(list, 3, "after an import of two new and one present");

        await _store.StaticSegments().RemoveAsync(list, ids, "removed by owner", Now);
        await AssertCountAsync(list, 0, "after everyone was removed");
    }

    [Test]
    public async Task Deleting_customers_keeps_the_counts_of_rule_segments_and_of_lists_true()
    {
        var buyers = await AddSegmentAsync("Buyers", SegmentType.Dynamic, "orders >= 1");
        var list = await AddSegmentAsync("Newsletter list", SegmentType.Static);
        var stays = await _store.AddCustomerAsync();
        var deleted = await _store.AddCustomerAsync();
        var guest = await _store.AddCustomerAsync();
        foreach (var customer in new[] { stays, deleted, guest })
            await _consumer.HandleEventAsync(new OrderPlacedEvent(await _store.AddOrderAsync(customer, 1, Now.AddDays(-1), 10m, (_product, 1))));

        // rows and counts that agree to begin with, written as the task run writes them
        await _store.SegmentService().EvaluateAsync(buyers, Now);
        foreach (var customer in new[] { stays, deleted, guest })
            await _store.Repository<SegmentMember>().InsertAsync(new SegmentMember { SegmentId = list.Id, CustomerId = customer.Id, MemberSinceUtc = Now });
        list.MemberCount = 3;
        await _store.Repository<Segment>().UpdateAsync(list);
        await AssertCountAsync(buyers, 3, "before any deletion");
        await AssertCountAsync(list, 3, "before any deletion");

        // deleted in admin (soft delete, with its event); the guest is removed by nopCommerce's bulk "Delete guests", without one
        deleted.Deleted = true;
        await _store.Repository<Customer>().UpdateAsync(deleted);
        await _consumer.HandleEventAsync(new EntityDeletedEvent<Customer>(deleted));
        await AssertCountAsync(buyers, 2, "after the deletion event");

        await _store.Repository<Customer>().DeleteAsync(c => c.Id == guest.Id);
        await _store.CleanupService().DeleteRowsOfRemovedCustomersAsync(1);
        await AssertCountAsync(list, 1, "after the sweep of removed customers");
        await AssertCountAsync(buyers, 1, "after the sweep of removed customers");
    }

    [Test]
    public async Task Events_of_many_customers_at_once_end_on_the_exact_counts()
    {
        var frequent = await AddSegmentAsync("Frequent", SegmentType.Dynamic, "orders >= 3");
        var buyers = await AddSegmentAsync("Buyers", SegmentType.Dynamic, "orders >= 1");
        var profiles = _store.Repository<CustomerProfile>();
        async Task SetOrdersAsync(int customerId, int orders)
        {
            var profile = await profiles.Table.FirstOrDefaultAsync(p => p.CustomerId == customerId && p.StoreId == 0);
            if (profile == null)
            {
                await profiles.InsertAsync(new CustomerProfile { CustomerId = customerId, StoreId = 0, OrdersCount = orders, ComputedOnUtc = Now });
                return;
            }

            profile.OrdersCount = orders;
            await profiles.UpdateAsync(profile);
        }

        // each customer's evaluation in a request of its own, all at once: every one of them writes both segments' counts
        async Task EvaluateAtOnceAsync(IEnumerable<int> customerIds) =>
            await Task.WhenAll(customerIds.Select(id => Task.Run(() => RequestScopedSegmentService().EvaluateCustomerAsync(id, Now))));

        var first = Enumerable.Range(1, 40).ToList();
        foreach (var id in first)
            await SetOrdersAsync(id, 3);
        await EvaluateAtOnceAsync(first);
        await AssertCountAsync(frequent, 40, "after 40 customers entered at once");
        await AssertCountAsync(buyers, 40, "after 40 customers entered at once");

        // half of them leave one segment while 20 others enter both, all at once
        foreach (var id in first.Where(id => id % 2 == 1))
            await SetOrdersAsync(id, 1);
        var newcomers = Enumerable.Range(41, 20).ToList();
        foreach (var id in newcomers)
            await SetOrdersAsync(id, 4);
        await EvaluateAtOnceAsync(first.Concat(newcomers));
        await AssertCountAsync(frequent, 40, "after 20 left and 20 entered at once");
        await AssertCountAsync(buyers, 60, "after 20 entered at once");
    }
}
