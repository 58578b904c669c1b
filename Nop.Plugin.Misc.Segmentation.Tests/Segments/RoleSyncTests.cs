using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Segments;

[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class RoleSyncTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private Segment _segment;
    private List<Customer> _customers;

    public RoleSyncTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public async Task SetUp()
    {
        _store = StoreDatabase.Create(_kind);
        _customers = [];
        for (var i = 0; i < 5; i++)
            _customers.Add(await _store.AddCustomerAsync());
        _segment = new Segment { Name = "Loyal", SegmentType = SegmentType.Static, Active = true, CreatedOnUtc = Now, UpdatedOnUtc = Now };
        await _store.Repository<Segment>().InsertAsync(_segment);
    }

    [TearDown]
    public void TearDown() => _store?.Dispose();

    [Test]
    public async Task The_role_follows_the_segment_both_ways()
    {
        var role = await _store.RoleSync().CreateRoleAsync(_segment, "Loyal customers (free shipping)", freeShipping: true);
        Assert.That((role.Active, role.FreeShipping, role.IsSystemRole, _segment.CustomerRoleId), Is.EqualTo((true, true, false, role.Id)));

        await _store.StaticSegments().AddAsync(_segment, _customers.Take(3).Select(c => c.Id), "test", Now);
        Assert.That(await _store.RoleSync().SyncAsync(_segment), Is.EqualTo((3, 0)));
        Assert.That(await _store.RoleHoldersAsync(role.Id), Is.EqualTo(_customers.Take(3).Select(c => c.Id).ToArray()));
        Assert.That(await _store.RoleSync().SyncAsync(_segment), Is.EqualTo((0, 0)), "in line already");

        await _store.StaticSegments().RemoveAsync(_segment, [_customers[0].Id], "test", Now);
        await _store.StaticSegments().AddAsync(_segment, [_customers[4].Id], "test", Now);
        Assert.That(await _store.RoleSync().SyncAllAsync(), Is.EqualTo(2));
        Assert.That(await _store.RoleHoldersAsync(role.Id), Is.EqualTo(new[] { _customers[1].Id, _customers[2].Id, _customers[4].Id }));
    }

    [Test]
    public async Task Other_roles_of_the_members_are_left_alone()
    {
        var role = await _store.RoleSync().CreateRoleAsync(_segment, "Segment role");
        var other = new CustomerRole { Name = "Wholesale", Active = true };
        await _store.Repository<CustomerRole>().InsertAsync(other);
        // customer 0 is a member holding another role; customer 1 holds both roles but is no member
        await _store.StaticSegments().AddAsync(_segment, [_customers[0].Id], "test", Now);
        foreach (var (customer, roleId) in new[] { (_customers[0], other.Id), (_customers[1], other.Id), (_customers[1], role.Id) })
            await _store.Repository<CustomerCustomerRoleMapping>().InsertAsync(new CustomerCustomerRoleMapping { CustomerId = customer.Id, CustomerRoleId = roleId });

        Assert.That(await _store.RoleSync().SyncAsync(_segment), Is.EqualTo((1, 1)));

        Assert.That(await _store.RoleHoldersAsync(other.Id), Is.EqualTo(new[] { _customers[0].Id, _customers[1].Id }));
        Assert.That(await _store.RoleHoldersAsync(role.Id), Is.EqualTo(new[] { _customers[0].Id }));
    }

    [Test]
    public async Task A_system_role_is_never_taken_over_and_changes_nothing()
    {
        var registered = new CustomerRole { Name = "Registered", SystemName = "Registered", IsSystemRole = true, Active = true };
        await _store.Repository<CustomerRole>().InsertAsync(registered);
        await _store.Repository<CustomerCustomerRoleMapping>().InsertAsync(new CustomerCustomerRoleMapping { CustomerId = _customers[3].Id, CustomerRoleId = registered.Id });
        _segment.CustomerRoleId = registered.Id;
        await _store.Repository<Segment>().UpdateAsync(_segment);

        Assert.That(async () => await _store.RoleSync().SyncAsync(_segment), Throws.InvalidOperationException.With.Message.Contains("system role"));
        Assert.That(await _store.RoleSync().SyncAllAsync(), Is.Zero);
        Assert.That(await _store.RoleHoldersAsync(registered.Id), Is.EqualTo(new[] { _customers[3].Id }));
    }

    [Test]
    public void A_role_needs_a_name()
    {
        Assert.That(async () => await _store.RoleSync().CreateRoleAsync(_segment, "  "), Throws.ArgumentException);
    }
}
