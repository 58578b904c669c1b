using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using LinqToDB;
using LinqToDB.Data;
using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Analytics;
using Nop.Plugin.Misc.Segmentation.Tests.Fakes;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using Npgsql;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Analytics;

/// <summary>
/// The RFM grid and a cell's members read the profiles through the RFM index, not by scanning them: their statements
/// go through PostgreSQL's EXPLAIN on a store big enough for the planner to prefer indexes where they exist.
/// </summary>
public class DashboardQueryPlanTests
{
    private const int Customers = 30_000;

    private StoreDatabase _store;

    [OneTimeSetUp]
    public async Task FillStore()
    {
        _store = StoreDatabase.Create(DatabaseKind.PostgreSql);
        var random = new Random(5);
        var now = DateTime.UtcNow;
        var customers = Enumerable.Range(1, Customers).Select(id => new Customer
        {
            Id = id, CustomerGuid = Guid.NewGuid(), Email = $"c{id}@example.com", CreatedOnUtc = now, LastActivityDateUtc = now
        }).ToList();
        // every customer in the all-stores view and in one of three stores; one in five never ordered
        var profiles = new List<CustomerProfile>();
        foreach (var customer in customers)
            foreach (var storeId in new[] { 0, 1 + random.Next(3) })
            {
                var ordered = random.Next(5) != 0;
                profiles.Add(new CustomerProfile
                {
                    Id = profiles.Count + 1, CustomerId = customer.Id, StoreId = storeId, OrdersCount = ordered ? 1 + random.Next(9) : 0,
                    AmountSpent = ordered ? random.Next(10, 2000) : 0, RecencyScore = ordered ? 1 + random.Next(5) : 0,
                    FrequencyScore = ordered ? 1 + random.Next(5) : 0, MonetaryScore = ordered ? 1 + random.Next(5) : 0,
                    LastOrderDateUtc = ordered ? now.AddDays(-random.Next(700)) : null, ComputedOnUtc = now
                });
            }

        var keep = new BulkCopyOptions();
        await _store.Connection.BulkCopyAsync(keep, customers);
        await _store.Connection.BulkCopyAsync(keep, profiles);
        await _store.Connection.ExecuteAsync("VACUUM ANALYZE");
    }

    [OneTimeTearDown]
    public void DropStore() => _store?.Dispose();

    private static T NotAsked<T>() where T : class => (T)RuntimeHelpers.GetUninitializedObject(typeof(T));

    [Test]
    public async Task The_grid_and_a_cells_members_read_the_profiles_through_the_rfm_index()
    {
        var statements = new List<DbCommand>();
        using var traced = _store.Database.OpenDataConnection(info =>
        {
            if (info.TraceInfoStep == TraceInfoStep.BeforeExecute && info.Command != null)
                statements.Add(((ICloneable)info.Command).Clone() as DbCommand);
        });
        var dashboard = new SegmentDashboardService(NotAsked<AbandonedCartReportService>(), NotAsked<PredictionReportService>(), NotAsked<SegmentFlowService>(),
            new Linq2DbRepository<Customer>(traced), new Linq2DbRepository<CustomerProfile>(traced), new Linq2DbRepository<Segment>(traced),
            new Linq2DbRepository<SegmentSnapshot>(traced), new Linq2DbRepository<StoreStatistics>(traced), new FakeStaticCacheManager(), _store.ProfileSnapshots());

        var grid = await dashboard.GetRfmGridAsync(1);
        var members = await dashboard.GetCellMembersAsync(1, 3, 2, 0, 15);
        Assume.That(grid.Customers, Is.GreaterThan(Customers / 5));
        Assume.That(members.TotalCount, Is.EqualTo(grid.Cells.Single(c => c.Recency == 3 && c.Frequency == 2).Customers));

        var profileTable = Nop.Data.Mapping.NameCompatibilityManager.GetTableName(typeof(CustomerProfile));
        var profileStatements = statements.Where(s => s.CommandText.Contains(profileTable)).ToList();
        Assert.That(profileStatements, Has.Count.GreaterThanOrEqualTo(2), "the grid, the members' count and page");
        await using var connection = new NpgsqlConnection(_store.Database.ConnectionString);
        await connection.OpenAsync();
        foreach (var statement in profileStatements)
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
            Assert.That(Regex.IsMatch(text, $"Seq Scan on \"?{profileTable}\"?"), Is.False, statement.CommandText + Environment.NewLine + text);
            Assert.That(text, Does.Contain("IX_SegProfile_Store_Rfm"), statement.CommandText + Environment.NewLine + text);
        }
    }
}
