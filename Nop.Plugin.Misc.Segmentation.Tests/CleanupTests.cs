using LinqToDB.Data;
using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services;
using Nop.Plugin.Misc.Segmentation.Tasks;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests;

[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class CleanupTests
{
    private readonly DatabaseKind _kind;
    private TestDatabase _database;
    private DataConnection _connection;
    private int _live, _softDeleted, _gone;

    public CleanupTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public async Task SetUp()
    {
        _database = TestDatabase.Create(_kind);
        using (var host = new NopMigrationHost(_database, typeof(SegmentationPlugin).Assembly))
        {
            host.Up(new CoreTablesMigration());
            host.Install();
        }

        _connection = _database.OpenDataConnection();
        var customers = new Linq2DbRepository<Customer>(_connection);
        var live = new Customer { CustomerGuid = Guid.NewGuid(), CreatedOnUtc = DateTime.UtcNow };
        var softDeleted = new Customer { CustomerGuid = Guid.NewGuid(), Deleted = true, CreatedOnUtc = DateTime.UtcNow };
        var guest = new Customer { CustomerGuid = Guid.NewGuid(), CreatedOnUtc = DateTime.UtcNow };
        await customers.InsertAsync(live);
        await customers.InsertAsync(softDeleted);
        await customers.InsertAsync(guest);
        (_live, _softDeleted, _gone) = (live.Id, softDeleted.Id, guest.Id);

        var segment = new Segment { Name = "s", CreatedOnUtc = DateTime.UtcNow, UpdatedOnUtc = DateTime.UtcNow };
        await new Linq2DbRepository<Segment>(_connection).InsertAsync(segment);
        foreach (var id in new[] { _live, _softDeleted, _gone })
        {
            await new Linq2DbRepository<CustomerProfile>(_connection).InsertAsync(new CustomerProfile { CustomerId = id, StoreId = 0, ComputedOnUtc = DateTime.UtcNow });
            await new Linq2DbRepository<CustomerProfile>(_connection).InsertAsync(new CustomerProfile { CustomerId = id, StoreId = 1, ComputedOnUtc = DateTime.UtcNow });
            await new Linq2DbRepository<SegmentMember>(_connection).InsertAsync(new SegmentMember { SegmentId = segment.Id, CustomerId = id, MemberSinceUtc = DateTime.UtcNow });
            await new Linq2DbRepository<SegmentMovement>(_connection).InsertAsync(new SegmentMovement { SegmentId = segment.Id, CustomerId = id, CreatedOnUtc = DateTime.UtcNow });
        }

        // nopCommerce's "Delete guests" task: a bulk delete that raises no events
        await customers.DeleteAsync(c => c.Id == _gone);
    }

    [TearDown]
    public void TearDown()
    {
        _connection?.Dispose();
        _database?.Dispose();
    }

    private CustomerDataCleanupService Service() => new(new Linq2DbRepository<Customer>(_connection),
        new Linq2DbRepository<CustomerProfile>(_connection), new Linq2DbRepository<SegmentMember>(_connection),
        new Linq2DbRepository<SegmentMovement>(_connection), new Linq2DbRepository<CustomerCategory>(_connection));

    private async Task<int[]> CustomersIn<T>() where T : Nop.Core.BaseEntity, ICustomerRow =>
        (await new Linq2DbRepository<T>(_connection).Table.ToListAsync()).Select(r => r.CustomerId).Distinct().OrderBy(id => id).ToArray();

    [TestCase(1)]
    [TestCase(1000)]
    public async Task Rows_of_deleted_and_vanished_customers_go_and_the_rest_stay(int batchSize)
    {
        var deleted = await Service().DeleteRowsOfRemovedCustomersAsync(batchSize);

        Assert.That(deleted, Is.EqualTo(2 * (2 + 1 + 1)), "two customers, each with two profiles, a membership and a movement");
        Assert.That(await CustomersIn<CustomerProfile>(), Is.EqualTo(new[] { _live }));
        Assert.That(await CustomersIn<SegmentMember>(), Is.EqualTo(new[] { _live }));
        Assert.That(await CustomersIn<SegmentMovement>(), Is.EqualTo(new[] { _live }));
        Assert.That(await Service().DeleteRowsOfRemovedCustomersAsync(batchSize), Is.Zero, "a second run finds nothing");
    }

    [TestCase(0)]
    [TestCase(-5)]
    public async Task A_bad_batch_size_is_refused_and_deletes_nothing(int batchSize)
    {
        Assert.That(async () => await Service().DeleteRowsOfRemovedCustomersAsync(batchSize), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(await CustomersIn<CustomerProfile>(), Has.Length.EqualTo(3));
    }

    [Test]
    public async Task The_scheduled_task_runs_the_cleanup()
    {
        var settings = new SegmentationSettings { BatchSize = 100 };
        var profiles = new CustomerProfileService(new Linq2DbRepository<Customer>(_connection), new Linq2DbRepository<Nop.Core.Domain.Orders.Order>(_connection),
            new Linq2DbRepository<Nop.Core.Domain.Orders.OrderItem>(_connection), new Linq2DbRepository<Nop.Core.Domain.Catalog.Product>(_connection),
            new Linq2DbRepository<Nop.Core.Domain.Orders.ShoppingCartItem>(_connection), new Linq2DbRepository<CustomerProfile>(_connection),
            new Linq2DbRepository<StoreStatistics>(_connection), settings);
        var categories = new CustomerCategoryService(new Linq2DbRepository<Customer>(_connection), new Linq2DbRepository<Nop.Core.Domain.Orders.Order>(_connection),
            new Linq2DbRepository<Nop.Core.Domain.Orders.OrderItem>(_connection), new Linq2DbRepository<Nop.Core.Domain.Catalog.ProductCategory>(_connection),
            new Linq2DbRepository<CustomerCategory>(_connection));
        var rebuild = new ProfileRebuildService(profiles, categories, new TaskLeaseService(new Linq2DbRepository<TaskLease>(_connection)),
            new Linq2DbRepository<Nop.Core.Domain.Orders.Order>(_connection), new Linq2DbRepository<Nop.Core.Domain.Orders.ShoppingCartItem>(_connection),
            new Linq2DbRepository<CustomerProfile>(_connection),
            new StoreStatisticsService(new Linq2DbRepository<Customer>(_connection), new Linq2DbRepository<Nop.Core.Domain.Orders.Order>(_connection), new Linq2DbRepository<StoreStatistics>(_connection)),
            settings, TimeProvider.System);

        await new UpdateSegmentsTask(Service(), rebuild, settings).ExecuteAsync();

        Assert.That(await CustomersIn<SegmentMember>(), Is.EqualTo(new[] { _live }));
        Assert.That(await CustomersIn<CustomerProfile>(), Is.Empty, "the rebuild drops profiles of customers without orders or carts");
    }
}
