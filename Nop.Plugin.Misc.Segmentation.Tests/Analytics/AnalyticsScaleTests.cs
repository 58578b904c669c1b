using System.Diagnostics;
using LinqToDB.Data;
using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Analytics;
using Nop.Plugin.Misc.Segmentation.Tests.Fakes;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Analytics;

/// <summary>
/// The report services on a large generated store in PostgreSQL, each timed from a cold cache (median of three). Run by
/// name: <c>bash build/test.sh --filter FullyQualifiedName~AnalyticsScaleTests</c>; SEGMENTATION_SCALE_CUSTOMERS sets the
/// size (default one million customers: two million profiles, three million members and movements, 50,000 carts);
/// SEGMENTATION_SCALE_EXPLAIN=1 prints PostgreSQL's plan, as run, of the flow and prediction queries. The movements are
/// a worst case: three a customer a year at random, so a quarter of the customers moved in a 90-day period.
/// </summary>
[Explicit("a benchmark: minutes to fill")]
public class AnalyticsScaleTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);
    private const int Segments = 17;

    [Test]
    public async Task The_reports_answer_within_a_second_at_a_million_customers()
    {
        var customers = int.TryParse(Environment.GetEnvironmentVariable("SEGMENTATION_SCALE_CUSTOMERS"), out var n) ? n : 1_000_000;
        using var store = StoreDatabase.Create(DatabaseKind.PostgreSql);
        var fill = Stopwatch.StartNew();
        await FillAsync(store, customers);
        TestContext.Out.WriteLine($"filled {customers:N0} customers in {fill.Elapsed.TotalSeconds:0} s");

        var segmentIds = await store.Repository<Segment>().Table.OrderBy(s => s.Id).Select(s => s.Id).ToListAsync();
        var timings = new List<(string Name, double Ms)>
        {
            ("flows, 3 segments, 30 days", await MedianMsAsync(c => Flows(store, c).GetFlowsAsync(segmentIds.Take(3).ToList(), Now.AddDays(-30), Now))),
            ("flows, 6 segments, 90 days", await MedianMsAsync(c => Flows(store, c).GetFlowsAsync(segmentIds.Skip(3).Take(6).ToList(), Now.AddDays(-90), Now))),
            ("cart funnel, all stores, 30 days", await MedianMsAsync(c => Carts(store, c).GetFunnelAsync(0, Now.AddDays(-30), Now))),
            ("open offers, first page", await MedianMsAsync(c => Carts(store, c).GetOpenOffersAsync(0, Now, 0, 15))),
            ("prediction summary, all stores", await MedianMsAsync(c => Predictions(store, c).GetSummaryAsync(0))),
            ("prediction summary, store 1", await MedianMsAsync(c => Predictions(store, c).GetSummaryAsync(1))),
            ("valuable at risk, first page", await MedianMsAsync(c => Predictions(store, c).GetValuableAtRiskAsync(0, 0, 15))),
            ("customer panel", await MedianMsAsync(c => Insights(store, c).GetAsync(customers / 2)))
        };
        foreach (var (name, ms) in timings)
            TestContext.Out.WriteLine($"{name}: {ms:0} ms");

        if (Environment.GetEnvironmentVariable("SEGMENTATION_SCALE_EXPLAIN") == "1")
            await ExplainAsync(store, segmentIds);

        Assert.That(timings.Where(t => t.Ms > 1000).Select(t => $"{t.Name}: {t.Ms:0} ms"), Is.Empty);
    }

    /// <summary>Prints PostgreSQL's plan, as run, of every query the reports send.</summary>
    private static async Task ExplainAsync(StoreDatabase store, List<int> segmentIds)
    {
        var commands = new List<(string Sql, List<DataParameter> Parameters)>();
        var options = store.Database.Options(t =>
        {
            if (t.TraceInfoStep == TraceInfoStep.BeforeExecute && t.Command != null)
                commands.Add((t.Command.CommandText, t.Command.Parameters.Cast<System.Data.Common.DbParameter>()
                    .Select(p => new DataParameter(p.ParameterName, p.Value)).ToList()));
        });
        Linq2DbRepository<T> Traced<T>() where T : Nop.Core.BaseEntity => new(options);
        var cache = new FakeStaticCacheManager();
        await new SegmentFlowService(Traced<SegmentMember>(), Traced<SegmentMovement>(), cache).GetFlowsAsync(segmentIds.Skip(3).Take(6).ToList(), Now.AddDays(-90), Now);
        await new PredictionReportService(Traced<Customer>(), Traced<CustomerProfile>(), cache).GetValuableAtRiskAsync(0, 0, 15);
        await new PredictionReportService(Traced<Customer>(), Traced<CustomerProfile>(), cache).GetSummaryAsync(0);
        foreach (var (sql, parameters) in commands)
        {
            TestContext.Out.WriteLine("----\n" + sql);
            using var reader = await store.Connection.ExecuteReaderAsync("EXPLAIN (ANALYZE, BUFFERS) " + sql, parameters.ToArray());
            while (await reader.Reader!.ReadAsync())
                TestContext.Out.WriteLine(reader.Reader.GetString(0));
        }
    }

    private static SegmentFlowService Flows(StoreDatabase store, FakeStaticCacheManager cache) =>
        new(store.Repository<SegmentMember>(), store.Repository<SegmentMovement>(), cache);

    private static AbandonedCartReportService Carts(StoreDatabase store, FakeStaticCacheManager cache) =>
        new(store.Repository<AbandonedCart>(), store.Repository<CartReminder>(), store.Repository<Customer>(), cache, new SegmentationSettings());

    private static PredictionReportService Predictions(StoreDatabase store, FakeStaticCacheManager cache) =>
        new(store.Repository<Customer>(), store.Repository<CustomerProfile>(), cache);

    private static CustomerInsightService Insights(StoreDatabase store, FakeStaticCacheManager cache) =>
        new(store.Repository<AbandonedCart>(), store.Repository<CartReminder>(), store.Repository<CustomerProfile>(), store.Repository<Segment>(),
            store.Repository<SegmentMember>(), store.Repository<SegmentMovement>(), cache);

    /// <summary>The median of three runs, each on an empty cache.</summary>
    private static async Task<double> MedianMsAsync<T>(Func<FakeStaticCacheManager, Task<T>> run)
    {
        var times = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            await run(new FakeStaticCacheManager());
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return times.Order().ElementAt(1);
    }

    private static async Task FillAsync(StoreDatabase store, int customers)
    {
        var connection = store.Connection;
        var random = new Random(17);
        await connection.BulkCopyAsync(new BulkCopyOptions(), Enumerable.Range(1, customers).Select(i => new Customer
        {
            CustomerGuid = Guid.NewGuid(), Email = $"c{i}@example.com", FirstName = "Customer", LastName = i.ToString(),
            CreatedOnUtc = Now.AddDays(-800), LastActivityDateUtc = Now.AddDays(-1)
        }));

        // every customer an all-stores row; three in five a row in store 1, two in five in store 2
        await connection.BulkCopyAsync(new BulkCopyOptions(), Enumerable.Range(1, customers).SelectMany(id =>
        {
            var orders = random.Next(5) == 0 ? 0 : 1 + (int)(-Math.Log(1 - random.NextDouble()) * 3);
            var spent = orders * (decimal)(20 + random.Next(200));
            CustomerProfile Row(int storeId) => new()
            {
                CustomerId = id, StoreId = storeId, OrdersCount = orders, AmountSpent = spent, MonetaryScore = orders == 0 ? 0 : 1 + random.Next(5),
                RecencyScore = orders == 0 ? 0 : 1 + random.Next(5), FrequencyScore = orders == 0 ? 0 : 1 + random.Next(5),
                LastOrderDateUtc = orders == 0 ? null : Now.AddDays(-random.Next(700)), FirstOrderDateUtc = orders == 0 ? null : Now.AddDays(-700),
                ChurnProbability = orders == 0 ? 0 : Math.Round((decimal)random.NextDouble(), 2),
                PredictedLifetimeValue = orders == 0 ? 0 : random.Next(500), ExpectedNextOrderUtc = orders == 0 ? null : Now.AddDays(random.Next(200)),
                ComputedOnUtc = Now
            };
            var rows = new List<CustomerProfile> { Row(0) };
            if (random.Next(5) < 3)
                rows.Add(Row(1));
            else
                rows.Add(Row(2));
            return rows;
        }));

        for (var i = 0; i < Segments; i++)
            await store.Repository<Segment>().InsertAsync(new Segment
            {
                Name = $"Segment {i}", SegmentType = SegmentType.Dynamic, Rule = "orders > 0", Active = true, CreatedOnUtc = Now.AddYears(-1), UpdatedOnUtc = Now
            });
        var segmentIds = await store.Repository<Segment>().Table.OrderBy(s => s.Id).Select(s => s.Id).ToListAsync();

        // three segments a customer, and a year of movements: three a customer
        await connection.BulkCopyAsync(new BulkCopyOptions(), Enumerable.Range(1, customers).SelectMany(id =>
            Enumerable.Range(0, Segments).OrderBy(_ => random.Next()).Take(3).Select(s => new SegmentMember
            {
                SegmentId = segmentIds[s], CustomerId = id, MemberSinceUtc = Now.AddDays(-random.Next(365))
            })));
        await connection.BulkCopyAsync(new BulkCopyOptions(), Enumerable.Range(1, customers).SelectMany(id => Enumerable.Range(0, 3).Select(_ => new SegmentMovement
        {
            SegmentId = segmentIds[random.Next(Segments)], CustomerId = id, MovementTypeId = random.Next(2) == 0 ? 10 : 20, Reason = MovementReasons.Rule,
            CreatedOnUtc = Now.AddMinutes(-random.Next(60 * 24 * 365))
        })));

        // one customer in twenty an abandoned cart of the last four months, with one or two reminders
        var carts = Enumerable.Range(1, customers).Where(_ => random.Next(20) == 0).Select(id =>
        {
            var detected = Now.AddMinutes(-random.Next(60 * 24 * 120));
            var status = random.Next(10) switch { < 2 => AbandonedCartStatus.Open, < 4 => AbandonedCartStatus.Recovered, < 7 => AbandonedCartStatus.Expired, _ => AbandonedCartStatus.Emptied };
            return new AbandonedCart
            {
                CustomerId = id, StoreId = 1 + random.Next(2), CartValue = 50, CartItems = 2, LastCartActivityUtc = detected.AddHours(-2), DetectedOnUtc = detected,
                OfferExpiresOnUtc = detected.AddDays(7), Status = status, RecoveredAmount = status == AbandonedCartStatus.Recovered ? 60 : 0
            };
        }).ToList();
        await connection.BulkCopyAsync(new BulkCopyOptions(), carts);
        var cartIds = await store.Repository<AbandonedCart>().Table.Select(a => new { a.Id, a.CustomerId, a.DetectedOnUtc }).ToListAsync();
        await connection.BulkCopyAsync(new BulkCopyOptions(), cartIds.SelectMany(c => Enumerable.Range(1, 1 + random.Next(2)).Select(number => new CartReminder
        {
            AbandonedCartId = c.Id, CustomerId = c.CustomerId, ReminderNumber = number, SentOnUtc = c.DetectedOnUtc.AddDays(number), QueuedEmailId = 1
        })));

        await connection.ExecuteAsync("VACUUM ANALYZE");
    }
}
