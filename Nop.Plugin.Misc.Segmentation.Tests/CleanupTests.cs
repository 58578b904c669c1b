using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Profiles;
using Nop.Plugin.Misc.Segmentation.Tasks;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests;

[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class CleanupTests
{
    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private int _live, _softDeleted, _gone;

    public CleanupTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public async Task SetUp()
    {
        _store = StoreDatabase.Create(_kind);
        var live = await _store.AddCustomerAsync();
        var softDeleted = await _store.AddCustomerAsync(c => c.Deleted = true);
        var guest = await _store.AddCustomerAsync();
        (_live, _softDeleted, _gone) = (live.Id, softDeleted.Id, guest.Id);

        var segment = new Segment { Name = "s", CreatedOnUtc = DateTime.UtcNow, UpdatedOnUtc = DateTime.UtcNow };
        await _store.Repository<Segment>().InsertAsync(segment);
        foreach (var id in new[] { _live, _softDeleted, _gone })
        {
            await _store.Repository<CustomerProfile>().InsertAsync(new CustomerProfile { CustomerId = id, StoreId = 0, ComputedOnUtc = DateTime.UtcNow });
            await _store.Repository<CustomerProfile>().InsertAsync(new CustomerProfile { CustomerId = id, StoreId = 1, ComputedOnUtc = DateTime.UtcNow });
            await _store.Repository<SegmentMember>().InsertAsync(new SegmentMember { SegmentId = segment.Id, CustomerId = id, MemberSinceUtc = DateTime.UtcNow });
            await _store.Repository<SegmentMovement>().InsertAsync(new SegmentMovement { SegmentId = segment.Id, CustomerId = id, CreatedOnUtc = DateTime.UtcNow });
            await _store.Repository<CustomerCategory>().InsertAsync(new CustomerCategory { CustomerId = id, CategoryId = 3, Rank = 1, LastPurchasedUtc = DateTime.UtcNow });
            await _store.Repository<CartReminder>().InsertAsync(new CartReminder { AbandonedCartId = id, ReminderNumber = 1, CustomerId = id, SentOnUtc = DateTime.UtcNow });
        }

        // nopCommerce's "Delete guests" task: a bulk delete that raises no events
        await _store.Repository<Customer>().DeleteAsync(c => c.Id == _gone);
    }

    [TearDown]
    public void TearDown() => _store?.Dispose();

    private async Task<int[]> CustomersIn<T>() where T : Nop.Core.BaseEntity, ICustomerRow =>
        (await _store.Repository<T>().Table.ToListAsync()).Select(r => r.CustomerId).Distinct().OrderBy(id => id).ToArray();

    [TestCase(1)]
    [TestCase(1000)]
    public async Task Rows_of_deleted_and_vanished_customers_go_and_the_rest_stay(int batchSize)
    {
        var deleted = await _store.CleanupService().DeleteRowsOfRemovedCustomersAsync(batchSize);

        Assert.That(deleted, Is.EqualTo(2 * (2 + 1 + 1 + 1 + 1)), "two customers, each with two profiles, a membership, a movement, a category and a reminder");
        Assert.That(await CustomersIn<CustomerProfile>(), Is.EqualTo(new[] { _live }));
        Assert.That(await CustomersIn<SegmentMember>(), Is.EqualTo(new[] { _live }));
        Assert.That(await CustomersIn<SegmentMovement>(), Is.EqualTo(new[] { _live }));
        Assert.That(await CustomersIn<CustomerCategory>(), Is.EqualTo(new[] { _live }));
        Assert.That(await CustomersIn<CartReminder>(), Is.EqualTo(new[] { _live }));
        Assert.That(await _store.CleanupService().DeleteRowsOfRemovedCustomersAsync(batchSize), Is.Zero, "a second run finds nothing");
    }

    [TestCase(0)]
    [TestCase(-5)]
    public async Task A_bad_batch_size_is_refused_and_deletes_nothing(int batchSize)
    {
        Assert.That(async () => await _store.CleanupService().DeleteRowsOfRemovedCustomersAsync(batchSize), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(await CustomersIn<CustomerProfile>(), Has.Length.EqualTo(3));
    }

    [Test]
    public async Task The_scheduled_task_runs_the_cleanup_and_the_rebuild()
    {
        var settings = new SegmentationSettings { BatchSize = 100 };

        await _store.Task(DateTime.UtcNow, settings).ExecuteAsync();

        Assert.That(await CustomersIn<SegmentMember>(), Is.EqualTo(new[] { _live }));
        Assert.That(await CustomersIn<CustomerProfile>(), Is.Empty, "the rebuild drops profiles of customers without orders or carts");
        Assert.That(await _store.Repository<TaskLease>().Table.CountAsync(l => l.Name == Services.Profiles.ProfileRebuildService.LeaseName && l.Phase == 0), Is.EqualTo(1));
    }
}
