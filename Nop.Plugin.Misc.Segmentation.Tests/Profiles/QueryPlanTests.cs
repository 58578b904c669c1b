using System.Data.Common;
using System.Text.RegularExpressions;
using LinqToDB;
using LinqToDB.Data;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Profiles;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using Npgsql;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Profiles;

/// <summary>
/// The event path must not scan tables: every statement it sends is put through PostgreSQL's EXPLAIN on a store
/// big enough for the planner to prefer indexes where they exist, and the plans are printed.
/// </summary>
public class QueryPlanTests
{
    private const int Customers = 20_000;

    private StoreDatabase _store;

    [OneTimeSetUp]
    public async Task FillStore()
    {
        _store = StoreDatabase.Create(DatabaseKind.PostgreSql);
        var random = new Random(11);
        var now = DateTime.UtcNow;
        var customers = Enumerable.Range(1, Customers).Select(id => new Customer
        {
            Id = id, CustomerGuid = Guid.NewGuid(), CreatedOnUtc = now, LastActivityDateUtc = now
        }).ToList();
        var products = Enumerable.Range(1, 2_000).Select(id => new Product { Id = id, Price = id % 97 + 1 }).ToList();
        var orders = new List<Order>();
        var items = new List<OrderItem>();
        var carts = new List<ShoppingCartItem>();
        foreach (var customer in customers)
        {
            for (var i = random.Next(6); i > 0; i--)
            {
                var order = new Order
                {
                    Id = orders.Count + 1, CustomerId = customer.Id, StoreId = 1 + random.Next(2), OrderTotal = random.Next(10, 500),
                    OrderStatusId = 30, PaymentStatusId = 30, CreatedOnUtc = now.AddDays(-random.Next(700))
                };
                orders.Add(order);
                for (var j = 1 + random.Next(3); j > 0; j--)
                    items.Add(new OrderItem { Id = items.Count + 1, OrderId = order.Id, ProductId = 1 + random.Next(products.Count), Quantity = 1 + random.Next(3) });
            }

            if (random.Next(5) == 0)
                carts.Add(new ShoppingCartItem
                {
                    Id = carts.Count + 1, CustomerId = customer.Id, StoreId = 1, ProductId = 1 + random.Next(products.Count), Quantity = 1,
                    ShoppingCartTypeId = 1, CreatedOnUtc = now, UpdatedOnUtc = now
                });
        }

        // every customer a guest or registered, as nopCommerce maps them
        var roles = new List<CustomerRole>
        {
            new() { Id = 1, Name = "Registered", SystemName = NopCustomerDefaults.RegisteredRoleName, Active = true, IsSystemRole = true },
            new() { Id = 2, Name = "Guests", SystemName = NopCustomerDefaults.GuestsRoleName, Active = true, IsSystemRole = true }
        };
        var mappings = customers.Select(c => new CustomerCustomerRoleMapping { Id = c.Id, CustomerId = c.Id, CustomerRoleId = 1 + random.Next(2) }).ToList();

        // fresh tables number rows 1, 2, … in copy order, which is how the ids above were chosen
        var keep = new BulkCopyOptions();
        await _store.Connection.BulkCopyAsync(keep, customers);
        await _store.Connection.BulkCopyAsync(keep, roles);
        await _store.Connection.BulkCopyAsync(keep, mappings);
        await _store.Connection.BulkCopyAsync(keep, products);
        await _store.Connection.BulkCopyAsync(keep, orders);
        await _store.Connection.BulkCopyAsync(keep, items);
        await _store.Connection.BulkCopyAsync(keep, carts);
        // a store already running the plugin: every customer has their profiles
        Assume.That((await _store.RebuildService(now).RebuildAsync("node")).Outcome, Is.EqualTo(RebuildOutcome.Completed));
        await _store.Connection.ExecuteAsync("ANALYZE");
        var last = orders.Last();
        Assume.That(await _store.Repository<Order>().Table.Where(o => o.Id == last.Id).Select(o => o.CustomerId).FirstOrDefaultAsync(),
            Is.EqualTo(last.CustomerId));
    }

    [OneTimeTearDown]
    public void DropStore() => _store?.Dispose();

    [Test]
    public async Task The_event_path_reads_through_indexes_only()
    {
        var statements = new List<DbCommand>();
        using var traced = _store.Database.OpenDataConnection(info =>
        {
            if (info.TraceInfoStep == TraceInfoStep.BeforeExecute && info.Command != null)
                statements.Add(((ICloneable)info.Command).Clone() as DbCommand);
        });
        await _store.ProfileService(connection: traced).RefreshCustomerAsync(Customers / 2, DateTime.UtcNow);

        Assert.That(statements, Has.Count.GreaterThanOrEqualTo(6));
        await using var connection = new NpgsqlConnection(_store.Database.ConnectionString);
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var explain = new NpgsqlCommand("EXPLAIN " + statement.CommandText, connection);
            foreach (NpgsqlParameter parameter in statement.Parameters)
                explain.Parameters.Add(parameter.Clone());
            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
                while (await reader.ReadAsync())
                    plan.Add(reader.GetString(0));

            var text = string.Join(Environment.NewLine, plan);
            TestContext.Out.WriteLine(statement.CommandText);
            TestContext.Out.WriteLine(text);
            TestContext.Out.WriteLine();
            // the RFM quintiles table holds one row per store, the role table a handful: reading them whole is the cheapest plan
            var scans = Regex.Matches(text, "Seq Scan on \"?(\\w+)\"?").Select(m => m.Groups[1].Value)
                .Where(table => table != NameCompatibilityManagerTable<StoreStatistics>() && table != nameof(CustomerRole));
            Assert.That(scans, Is.Empty, statement.CommandText + Environment.NewLine + text);
        }
    }

    private static string NameCompatibilityManagerTable<T>() => Nop.Data.Mapping.NameCompatibilityManager.GetTableName(typeof(T));
}
