using System.Diagnostics;
using LinqToDB;
using LinqToDB.Data;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Misc.Segmentation;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services;
using Nop.Plugin.Misc.Segmentation.Services.Events;
using Nop.Plugin.Misc.Segmentation.Services.Profiles;
using Nop.Plugin.Misc.Segmentation.Services.Analytics;
using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;

// Usage: --customers 100000,1000000 --engines sqlite,postgres --naive-sample 2000 --events 1000 --batch 2000
var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--")).ToDictionary(x => x.a[2..], x => args.ElementAtOrDefault(x.i + 1));
var sizes = (options.GetValueOrDefault("customers") ?? "100000,1000000").Split(',').Select(int.Parse).ToArray();
var engines = (options.GetValueOrDefault("engines") ?? "sqlite,postgres").Split(',')
    .Select(e => e.Trim().ToLowerInvariant() switch { "sqlite" => DatabaseKind.Sqlite, "postgres" or "postgresql" => DatabaseKind.PostgreSql, "mariadb" => DatabaseKind.MariaDb, _ => throw new ArgumentException($"unknown engine {e}") })
    .ToArray();
var naiveSample = int.Parse(options.GetValueOrDefault("naive-sample") ?? "2000");
var eventCount = int.Parse(options.GetValueOrDefault("events") ?? "1000");
var batchSize = int.Parse(options.GetValueOrDefault("batch") ?? "2000");

var rows = new List<string>();
Console.WriteLine($"Benchmark on {Environment.ProcessorCount} cores; batch size {batchSize}; naive baseline timed on {naiveSample} customers and extrapolated.");
foreach (var engine in engines)
    foreach (var customers in sizes)
    {
        var row = await Bench.RunAsync(engine, customers, naiveSample, eventCount, batchSize);
        rows.Add(row);
        Console.WriteLine(row);
    }

Console.WriteLine();
if (Environment.GetEnvironmentVariable("SEGMENTATION_BENCH_ANALYTICS") == "1")
    Console.WriteLine("| engine | customers | orders | baseline count ms | dashboard ms | dashboard ÷ baseline | RFM cell page ms | segment details ms | details ÷ baseline | customer panel ms | home block ms | task warm-up s | dashboard after warm-up, slowest offered period ms | details after warm-up, slowest offered period ms | dashboard, other days ms | ÷ baseline | details, other days ms | ÷ baseline |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
else if (Environment.GetEnvironmentVariable("SEGMENTATION_BENCH_ADMIN") == "1")
    Console.WriteLine("| engine | customers | orders | members | baseline count ms | list ms | preview ms | preview ÷ baseline | members page 1 ms | page 1000 by spent ms | search ms | slowest members page ÷ baseline |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
else
{
    Console.WriteLine("| engine | customers | orders | generate s | floor s | rebuild s | rebuild ÷ floor | naive s (est.) | naive ÷ rebuild | event median ms | event p99 ms | profile update median ms | profile update p99 ms | 50 segments re-evaluated s | C# baseline ÷ SQL | one customer × 50 rules µs |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
}
foreach (var row in rows)
    Console.WriteLine(row);

static class Bench
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    public static async Task<string> RunAsync(DatabaseKind engine, int customerCount, int naiveSample, int eventCount, int batchSize)
    {
        Console.WriteLine($"== {engine}, {customerCount:N0} customers");
        using var store = StoreDatabase.Create(engine);
        var clock = Stopwatch.StartNew();
        var orderCount = await GenerateAsync(store, customerCount, seed: 1);
        var generate = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"   generated {orderCount:N0} orders in {generate:F1} s");

        var settings = new SegmentationSettings { BatchSize = batchSize };

        // the floor: the one plain aggregate over the orders table that any rebuild must at least run
        clock.Restart();
        var floorRows = await store.Repository<Order>().Table.Counted()
            .GroupBy(o => new { o.CustomerId, o.StoreId })
            .Select(g => new { g.Key.CustomerId, g.Key.StoreId, Orders = g.Count(), Spent = g.Sum(o => o.OrderTotal - o.RefundedAmount),
                First = g.Min(o => o.CreatedOnUtc), Last = g.Max(o => o.CreatedOnUtc) })
            .ToListAsync();
        var floor = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"   floor: {floorRows.Count:N0} rows in {floor:F2} s");

        clock.Restart();
        await new StoreStatisticsService(store.Repository<Customer>(), store.Repository<Order>(), store.Repository<StoreStatistics>(), store.Cache).ComputeAsync(Now);
        Console.WriteLine($"   of which store statistics (aggregate and model fits): {clock.Elapsed.TotalSeconds:F1} s");

        clock.Restart();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (jit0, jitTime0, gc0, alloc0) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime(), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
        var result = await store.RebuildService(new ManualClock(Now), settings).RebuildAsync("bench");
        Console.WriteLine($"   jit {System.Runtime.JitInfo.GetCompiledMethodCount() - jit0} methods {(System.Runtime.JitInfo.GetCompilationTime() - jitTime0).TotalSeconds:F1} s, gc pause {(GC.GetTotalPauseDuration() - gc0).TotalSeconds:F1} s, allocated {(GC.GetTotalAllocatedBytes() - alloc0) / 1e9:F1} GB");
        if (Environment.GetEnvironmentVariable("SEGMENTATION_BENCH_REBUILD_TWICE") == "1")
        {
            var again = Stopwatch.StartNew();
            var c2 = Process.GetCurrentProcess().TotalProcessorTime;
            var (j2, jt2) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
            await store.RebuildService(new ManualClock(Now), settings).RebuildAsync("bench");
            Console.WriteLine($"   second rebuild (nothing to write) {again.Elapsed.TotalSeconds:F1} s, application CPU {(Process.GetCurrentProcess().TotalProcessorTime - c2).TotalSeconds:F1} s, jit {System.Runtime.JitInfo.GetCompiledMethodCount() - j2} methods {(System.Runtime.JitInfo.GetCompilationTime() - jt2).TotalSeconds:F1} s");
        }
        var rebuild = clock.Elapsed.TotalSeconds;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine($"   rebuild: {result.Outcome}, {result.Batches} batches, {result.RowsWritten:N0} rows in {rebuild:F1} s (application CPU {cpu.TotalSeconds:F1} s)");

        if (Environment.GetEnvironmentVariable("SEGMENTATION_BENCH_ANALYTICS") == "1")
            return $"| {engine} | {customerCount:N0} | {orderCount:N0} | {await AnalyticsPagesAsync(store, settings)} |";

        if (Environment.GetEnvironmentVariable("SEGMENTATION_BENCH_ADMIN") == "1")
        {
            var pages = await AdminPagesAsync(store);
            return $"| {engine} | {customerCount:N0} | {orderCount:N0} | {pages} |";
        }

        if (Environment.GetEnvironmentVariable("SEGMENTATION_BENCH_REBUILD_ONLY") == "1")
            return $"| {engine} | {customerCount:N0} | {orderCount:N0} | {generate:F1} | {floor:F2} | {rebuild:F1} | {rebuild / floor:F1} |";

        var naivePerCustomer = await NaivePerCustomerAsync(store, customerCount, naiveSample, settings);
        var naive = naivePerCustomer * customerCount;
        Console.WriteLine($"   naive: {naivePerCustomer * 1000:F2} ms per customer, {naive:F0} s for all (extrapolated)");

        var (median, p99) = await EventPathAsync(store, customerCount, eventCount);
        Console.WriteLine($"   event path: median {median:F2} ms, p99 {p99:F2} ms");
        var (profileMedian, profileP99) = await ProfileUpdateAsync(store, customerCount, eventCount);
        Console.WriteLine($"   of which the profile update alone: median {profileMedian:F2} ms, p99 {profileP99:F2} ms");

        var (segments, segmentsBaseline, oneCustomer) = await SegmentsAsync(store);
        Console.WriteLine($"   50 segments re-evaluated: {segments:F1} s in SQL, {segmentsBaseline:F1} s loading every profile and testing in C#; one customer against all 50: {oneCustomer:F1} µs");

        return $"| {engine} | {customerCount:N0} | {orderCount:N0} | {generate:F1} | {floor:F2} | {rebuild:F1} | {rebuild / floor:F1} | {naive:F0} | {naive / rebuild:F0} | {median:F2} | {p99:F2} | {profileMedian:F2} | {profileP99:F2} | {segments:F1} | {segmentsBaseline / segments:F1} | {oneCustomer:F1} |";
    }

    /// <summary>
    /// The admin segment pages as the owner opens them after the first evaluation (every member's movement is within
    /// the list's seven days): the list, the editor's preview of a changed rule against a large segment, and member
    /// pages sorted, paged and searched. Each is timed five times (median), beside the baseline of the same run: one
    /// plain count over the store's profiles, the least any of them reads. Returns the table cells.
    /// </summary>
    private static async Task<string> AdminPagesAsync(StoreDatabase store)
    {
        var host = new SegmentAdminHost(store, new ManualClock(Now));
        var big = new Segment { Name = "repeat buyers", SegmentType = SegmentType.Dynamic, Rule = "orders >= 2", Active = true, CreatedOnUtc = Now, UpdatedOnUtc = Now };
        await store.Repository<Segment>().InsertAsync(big);
        foreach (var (rule, index) in FiftyRules().Take(19).Select((r, i) => (r, i)))
            await store.Repository<Segment>().InsertAsync(new Segment { Name = $"bench {index}", SegmentType = SegmentType.Dynamic, Rule = rule, Active = false, CreatedOnUtc = Now, UpdatedOnUtc = Now });
        var clock = Stopwatch.StartNew();
        await store.SegmentService().EvaluateAsync(big, Now);
        Console.WriteLine($"   admin: segment of {big.MemberCount:N0} members evaluated in {clock.Elapsed.TotalSeconds:F1} s");

        // a store's tables at rest, as autovacuum leaves them, not straight after writing millions of rows
        await store.Connection.ExecuteAsync(store.Database.Kind switch
        {
            DatabaseKind.PostgreSql => "VACUUM ANALYZE",
            DatabaseKind.MariaDb => "ANALYZE TABLE SegmentationCustomerProfile, SegmentationSegmentMember, SegmentationSegmentMovement",
            _ => "ANALYZE"
        });

        async Task<double> MedianMsAsync(Func<Task> page)
        {
            await page(); // the first call compiles the query
            var times = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var watch = Stopwatch.StartNew();
                await page();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            return times.Order().ElementAt(2);
        }

        var baseline = await MedianMsAsync(() => store.Repository<CustomerProfile>().Table.Where(p => p.StoreId == 0).CountAsync());
        var list = await MedianMsAsync(() => host.Factory().PrepareSegmentListModelAsync(new Nop.Plugin.Misc.Segmentation.Models.Admin.SegmentSearchModel { Length = 15 }));
        var preview = await MedianMsAsync(() => host.Preview().PreviewAsync("orders >= 3 and spent > 200", 0, big.Id, Now));
        // the grid's first request sorts by its first column, the e-mail
        var firstPage = await MedianMsAsync(() => host.Factory().PrepareMemberListModelAsync(new Nop.Plugin.Misc.Segmentation.Models.Admin.SegmentMemberSearchModel
            { SegmentId = big.Id, Length = 15, SortBy = "Email", SortDescending = false }, big));
        var bySpent = await MedianMsAsync(() => host.Factory().PrepareMemberListModelAsync(new Nop.Plugin.Misc.Segmentation.Models.Admin.SegmentMemberSearchModel
            { SegmentId = big.Id, Length = 15, Start = 15 * 1000, SortBy = "Spent", SortDescending = true }, big));
        var search = await MedianMsAsync(() => host.Factory().PrepareMemberListModelAsync(new Nop.Plugin.Misc.Segmentation.Models.Admin.SegmentMemberSearchModel
            { SegmentId = big.Id, Length = 15, SearchText = "c12345" }, big));
        Console.WriteLine($"   admin pages ms (median of 5): baseline count {baseline:F0}, list {list:F0}, preview {preview:F0}, members first page {firstPage:F0}, page 1000 by spent {bySpent:F0}, search {search:F0}");
        return $"{big.MemberCount:N0} | {baseline:F0} | {list:F0} | {preview:F0} | {preview / baseline:F1} | {firstPage:F0} | {bySpent:F0} | {search:F0} | {Math.Max(firstPage, Math.Max(bySpent, search)) / baseline:F1}";
    }

    /// <summary>
    /// The analytics pages as the owner opens them straight after a task run, when their cache is empty: the
    /// dashboard (every section, all stores, the last 30 days), a cell of the RFM grid, the details of a segment of
    /// most buyers, a customer's panel and the admin home block. The store is set up as the task leaves it: built-in
    /// segments evaluated (every member entered today, the worst case for flows and movements), snapshots taken,
    /// abandoned carts detected. Each page is timed three times with the cache emptied first (median), beside the
    /// baseline of the admin pages' benchmark. Returns the table cells.
    /// </summary>
    private static async Task<string> AnalyticsPagesAsync(StoreDatabase store, SegmentationSettings settings)
    {
        var clock = Stopwatch.StartNew();
        var builtIns = new Nop.Plugin.Misc.Segmentation.Services.Segments.BuiltInSegmentService(store.Repository<Segment>());
        await builtIns.EnsureAsync(settings, Now);
        await store.SegmentService().EvaluateAllAsync(Now);
        var big = new Segment { Name = "repeat buyers", SegmentType = SegmentType.Dynamic, Rule = "orders >= 2", Active = true, CreatedOnUtc = Now, UpdatedOnUtc = Now };
        await store.Repository<Segment>().InsertAsync(big);
        await store.SegmentService().EvaluateAsync(big, Now);
        await store.SnapshotService().TakeAsync(Now);
        var carts = await store.AbandonedCarts().DetectAsync(settings, Now);
        Console.WriteLine($"   analytics: built-in segments and 'repeat buyers' ({big.MemberCount:N0}) evaluated, snapshots taken, {carts.CustomerIds.Count:N0} carts detected in {clock.Elapsed.TotalSeconds:F1} s");

        await store.Connection.ExecuteAsync(store.Database.Kind switch
        {
            DatabaseKind.PostgreSql => "VACUUM ANALYZE",
            DatabaseKind.MariaDb => "ANALYZE TABLE SegmentationCustomerProfile, SegmentationSegmentMember, SegmentationSegmentMovement, SegmentationAbandonedCart",
            _ => "ANALYZE"
        });

        async Task<double> ColdMsAsync(Func<Task> page)
        {
            await page(); // the first call compiles the queries
            var times = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                store.Cache.Entries.Clear();
                var watch = Stopwatch.StartNew();
                await page();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            return times.Order().ElementAt(1);
        }

        var dashboard = new Nop.Plugin.Misc.Segmentation.Tests.Analytics.DashboardHost(store, new ManualClock(Now));
        var admin = new SegmentAdminHost(store, new ManualClock(Now));
        var widgets = new Nop.Plugin.Misc.Segmentation.Tests.Analytics.AnalyticsWidgetHost(store, Now);
        var customerId = (await store.Repository<CustomerProfile>().Table.Where(p => p.StoreId == 0 && p.OrdersCount > 3).Select(p => p.CustomerId).Take(1).ToListAsync()).Single();
        var (from, to) = (Now.AddDays(-29).ToString("yyyy-MM-dd"), Now.ToString("yyyy-MM-dd"));

        var baseline = await ColdMsAsync(() => store.Repository<CustomerProfile>().Table.Where(p => p.StoreId == 0).CountAsync());
        var page = await ColdMsAsync(() => dashboard.Factory().PrepareDashboardModelAsync(0, null, from, to, null, true));
        var cell = await ColdMsAsync(() => dashboard.Dashboard().GetCellMembersAsync(0, 5, 1, 0, 15));
        var details = await ColdMsAsync(() => admin.Factory().PrepareSegmentDetailsModelAsync(big, null, from, to));
        var panel = await ColdMsAsync(() => widgets.Factory().PrepareCustomerPanelModelAsync(customerId));
        var block = await ColdMsAsync(() => widgets.Factory().PrepareDashboardBlockModelAsync());
        // what the hourly task does after dropping the cache, then the default pages as the owner opens them
        store.Cache.Entries.Clear();
        var watch = Stopwatch.StartNew();
        await store.Warmup(settings).WarmAsync(Now);
        var warmup = watch.Elapsed.TotalSeconds;
        // every offered period as the owner opens it (the slowest of them), read from what the warm-up counted
        var (cached, cachedDetails) = (0d, 0d);
        foreach (var days in AnalyticsPeriodService.OfferedDays)
        {
            watch.Restart();
            await dashboard.Factory().PrepareDashboardModelAsync(0, days, null, null, null, true);
            cached = Math.Max(cached, watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            await admin.Factory().PrepareSegmentDetailsModelAsync(big, days, null, null);
            cachedDetails = Math.Max(cachedDetails, watch.Elapsed.TotalMilliseconds);
        }

        // other days of the owner's own, which the warm-up did not count: only the period's own figures are computed
        var otherFrom = Now.AddDays(-59).ToString("yyyy-MM-dd");
        watch.Restart();
        await dashboard.Factory().PrepareDashboardModelAsync(0, AnalyticsPeriodService.OtherDays, otherFrom, to, null, true);
        var otherDashboard = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        await admin.Factory().PrepareSegmentDetailsModelAsync(big, AnalyticsPeriodService.OtherDays, otherFrom, to);
        var otherDetails = watch.Elapsed.TotalMilliseconds;
        Console.WriteLine($"   analytics pages ms (cache emptied, median of 3): baseline count {baseline:F0}, dashboard {page:F0}, RFM cell {cell:F0}, segment details {details:F0}, customer panel {panel:F0}, home block {block:F0}");
        Console.WriteLine($"   task warm-up of {await store.Repository<Segment>().Table.CountAsync(x => x.Active)} segments' details and every store's dashboard for {AnalyticsPeriodService.OfferedDays.Count} periods: {warmup:F1} s; then the slowest offered period: dashboard {cached:F1} ms, segment details {cachedDetails:F1} ms; other days (60, counted when asked): dashboard {otherDashboard:F0} ms, segment details {otherDetails:F0} ms");
        return $"{baseline:F0} | {page:F0} | {page / baseline:F1} | {cell:F0} | {details:F0} | {details / baseline:F1} | {panel:F0} | {block:F0} | {warmup:F1} | {cached:F1} | {cachedDetails:F1} | {otherDashboard:F0} | {otherDashboard / baseline:F1} | {otherDetails:F0} | {otherDetails / baseline:F1}";
    }

    /// <summary>Fifty rule segments of the kinds owners write, evaluated over the store.</summary>
    private static IReadOnlyList<string> FiftyRules()
    {
        string[] templates =
        [
            "orders >= {0}", "spent > {1}", "spent_90d > {2} and orders_90d >= 1", "last_order > {3} days ago", "last_order < {3} days ago and orders >= 2",
            "lifecycle in (active, new) and spent > {1}", "rfm_group in (Champions, LoyalCustomers) or monetary_score = 5", "cart_items > 0 and last_cart_activity > {3} hours ago",
            "churn > 0.{4} and clv > {2}", "not (country_id in (1, 2, 3)) and orders between 2 and {0}"
        ];
        return Enumerable.Range(0, 50).Select(i => string.Format(System.Globalization.CultureInfo.InvariantCulture, templates[i % templates.Length],
            2 + i % 5, 100 + 50 * i, 20 + 10 * i, 10 + 7 * i, 1 + i % 9)).ToList();
    }

    private static async Task<(double Sql, double Baseline, double OneCustomerMicroseconds)> SegmentsAsync(StoreDatabase store)
    {
        var rules = FiftyRules();
        foreach (var (rule, index) in rules.Select((r, i) => (r, i)))
            await store.Repository<Segment>().InsertAsync(new Segment
            {
                Name = $"bench {index}", SegmentType = SegmentType.Dynamic, Rule = rule, Active = true, CreatedOnUtc = Now, UpdatedOnUtc = Now
            });

        // the first evaluation writes every member and movement; afterwards only changes are written
        var clock = Stopwatch.StartNew();
        await store.SegmentService().EvaluateAllAsync(Now);
        Console.WriteLine($"   50 segments, first evaluation (writes all members): {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();
        await store.SegmentService().EvaluateAllAsync(Now);
        var sql = clock.Elapsed.TotalSeconds;

        // baseline: every profile of the all-stores view loaded into C# and each rule tested there
        clock.Restart();
        var profiles = await store.Repository<CustomerProfile>().Table.Where(p => p.StoreId == 0).ToListAsync();
        var predicates = rules.Select(r => Nop.Plugin.Misc.Segmentation.Services.Segments.Rules.RuleCompiler.ForMemory(Nop.Plugin.Misc.Segmentation.Services.Segments.Rules.RuleCompiler.Compile(r, Now))).ToList();
        var none = Nop.Plugin.Misc.Segmentation.Services.Segments.Rules.RuleSources.None;
        var matches = predicates.Sum(predicate => profiles.Count(p => predicate(p, none)));
        var baseline = clock.Elapsed.TotalSeconds;

        // one customer against all fifty, as the event path and the widgets do (rules compiled once)
        var sample = profiles.Take(2000).ToList();
        clock.Restart();
        var hits = 0;
        foreach (var profile in sample)
            foreach (var predicate in predicates)
                hits += predicate(profile, none) ? 1 : 0;
        var one = clock.Elapsed.TotalMilliseconds * 1000 / sample.Count;
        GC.KeepAlive(matches + hits);
        return (sql, baseline, one);
    }

    /// <summary>
    /// A store with skewed buying: orders per customer follow a geometric distribution with mean 5 (many one- and
    /// two-time buyers, a long tail of regulars), 1–3 lines per order, two stores, a tenth of orders cancelled or
    /// refunded, a fifth of customers with a cart. Rows stream into bulk copies; ids are the copy order.
    /// </summary>
    private static async Task<long> GenerateAsync(StoreDatabase store, int customerCount, int seed)
    {
        var connection = store.Connection;
        var random = new Random(seed);
        const int products = 5000;
        await connection.BulkCopyAsync(new BulkCopyOptions(), Enumerable.Range(1, products).Select(i => new Product { Price = 1 + i % 200 }));
        await connection.BulkCopyAsync(new BulkCopyOptions(), Enumerable.Range(1, products).Select(i => new ProductCategory { ProductId = i, CategoryId = 1 + i % 60 }));
        await connection.BulkCopyAsync(new BulkCopyOptions(), Enumerable.Range(1, customerCount).Select(i => new Customer
        {
            CustomerGuid = Guid.NewGuid(), Email = $"c{i}@example.com", CreatedOnUtc = Now.AddDays(-800), LastActivityDateUtc = Now.AddMinutes(-random.Next(500_000)),
            CountryId = random.Next(20), DateOfBirth = random.Next(3) == 0 ? null : new DateTime(1950 + random.Next(55), 1 + random.Next(12), 1 + random.Next(28))
        }));

        var plan = new List<(int Customer, int Lines)>();
        for (var customer = 1; customer <= customerCount; customer++)
        {
            var orders = 0;
            while (random.NextDouble() > 0.2)
                orders++;
            for (var i = 0; i < orders; i++)
                plan.Add((customer, 1 + random.Next(3)));
        }

        var orderRandom = new Random(seed + 1);
        await connection.BulkCopyAsync(new BulkCopyOptions(), plan.Select(p =>
        {
            var roll = orderRandom.Next(20);
            return new Order
            {
                CustomerId = p.Customer, StoreId = 1 + orderRandom.Next(2), OrderTotal = 5 + orderRandom.Next(300),
                OrderStatusId = roll == 0 ? 40 : 30, PaymentStatusId = roll == 1 ? 40 : 30,
                CreatedOnUtc = Now.AddMinutes(-orderRandom.Next(60 * 24 * 730))
            };
        }));
        var itemRandom = new Random(seed + 2);
        await connection.BulkCopyAsync(new BulkCopyOptions(), plan.SelectMany((p, index) => Enumerable.Range(0, p.Lines).Select(_ => new OrderItem
        {
            OrderId = index + 1, ProductId = 1 + itemRandom.Next(products), Quantity = 1 + itemRandom.Next(3), PriceInclTax = 10
        })));
        var cartRandom = new Random(seed + 3);
        await connection.BulkCopyAsync(new BulkCopyOptions(), Enumerable.Range(1, customerCount).Where(_ => cartRandom.Next(5) == 0).Select(c => new ShoppingCartItem
        {
            CustomerId = c, StoreId = 1, ProductId = 1 + cartRandom.Next(products), Quantity = 1, ShoppingCartTypeId = 1,
            CreatedOnUtc = Now.AddHours(-cartRandom.Next(500)), UpdatedOnUtc = Now.AddHours(-cartRandom.Next(500))
        }));

        var last = await store.Repository<Order>().Table.Where(o => o.Id == plan.Count).Select(o => o.CustomerId).FirstOrDefaultAsync();
        if (last != plan[^1].Customer)
            throw new InvalidOperationException("order ids do not follow the copy order; the generated items would point at the wrong orders");

        await connection.ExecuteAsync(store.Database.Kind == DatabaseKind.MariaDb ? "ANALYZE TABLE `Order`, OrderItem, Customer" : "ANALYZE");
        return plan.Count;
    }

    /// <summary>
    /// The naive baseline: each customer loaded through the repository, their orders, lines and cart summed in C#,
    /// and the profile written on its own. Timed on a sample of customers spread over the id range.
    /// </summary>
    private static async Task<double> NaivePerCustomerAsync(StoreDatabase store, int customerCount, int sample, SegmentationSettings settings)
    {
        var orders = store.Repository<Order>();
        var items = store.Repository<OrderItem>();
        var carts = store.Repository<ShoppingCartItem>();
        var products = store.Repository<Product>();
        var customers = store.Repository<Customer>();
        var profiles = store.Repository<CustomerProfile>();
        var step = Math.Max(1, customerCount / sample);
        var clock = Stopwatch.StartNew();
        var done = 0;
        for (var id = 1; id <= customerCount && done < sample; id += step, done++)
        {
            var customer = await customers.Table.FirstOrDefaultAsync(c => c.Id == id);
            var own = (await orders.Table.Where(o => o.CustomerId == id).ToListAsync()).Where(o => !o.Deleted && o.OrderStatusId != 40 && o.PaymentStatusId != 40 && o.PaymentStatusId != 50).ToList();
            var ids = own.Select(o => o.Id).ToList();
            var lines = await items.Table.Where(i => ids.Contains(i.OrderId)).ToListAsync();
            var cart = await carts.Table.Where(c => c.CustomerId == id && c.ShoppingCartTypeId == 1).ToListAsync();
            var productIds = cart.Select(c => c.ProductId).ToList();
            var prices = (await products.Table.Where(p => productIds.Contains(p.Id)).ToListAsync()).ToDictionary(p => p.Id, p => p.Price);
            var aggregate = own.Count == 0 ? null : new OrderAggregate
            {
                CustomerId = id, Orders = own.Count, Spent = own.Sum(o => o.OrderTotal - o.RefundedAmount),
                FirstOrderUtc = own.Min(o => o.CreatedOnUtc), LastOrderUtc = own.Max(o => o.CreatedOnUtc), Items = lines.Sum(l => l.Quantity)
            };
            var cartAggregate = cart.Count == 0 ? null : new CartAggregate
            {
                CustomerId = id, Items = cart.Sum(c => c.Quantity), Value = cart.Sum(c => c.Quantity * prices.GetValueOrDefault(c.ProductId)),
                LastActivityUtc = cart.Max(c => c.UpdatedOnUtc)
            };
            var profile = ProfileCalculator.Build(id, 0, aggregate, cartAggregate, new CustomerFacts { CustomerId = id, CountryId = customer.CountryId },
                (null, null), Now, settings);
            var stored = await profiles.Table.FirstOrDefaultAsync(p => p.CustomerId == id && p.StoreId == 0);
            if (stored == null)
                await profiles.InsertAsync(profile);
            else
            {
                profile.Id = stored.Id;
                await profiles.UpdateAsync(profile);
            }
        }

        return clock.Elapsed.TotalSeconds / done;
    }

    /// <summary>An order placed by a random customer, then the consumer's work for it, timed alone.</summary>
    private static Task<(double Median, double P99)> EventPathAsync(StoreDatabase store, int customerCount, int events)
    {
        var consumer = store.AdminMenuEventConsumer(new ManualClock(Now));
        return TimedOrdersAsync(store, customerCount, events, seed: 9, order => consumer.HandleEventAsync(new OrderPlacedEvent(order)));
    }

    /// <summary>
    /// The same, but only the recomputation of the customer's profile rows (what the issue calls the event path's one
    /// small write), without the cart recovery, segments and categories the consumer also does.
    /// </summary>
    private static Task<(double Median, double P99)> ProfileUpdateAsync(StoreDatabase store, int customerCount, int events)
    {
        var profiles = store.ProfileService();
        return TimedOrdersAsync(store, customerCount, events, seed: 11, order => profiles.RefreshCustomerAsync(order.CustomerId, Now));
    }

    private static async Task<(double Median, double P99)> TimedOrdersAsync(StoreDatabase store, int customerCount, int events, int seed,
        Func<Order, Task> handle)
    {
        var random = new Random(seed);
        var timings = new List<double>();
        var product = await store.Repository<Product>().Table.FirstOrDefaultAsync(p => p.Id == 1);
        for (var i = 0; i < events; i++)
        {
            var customer = new Customer { Id = 1 + random.Next(customerCount) };
            var order = await store.AddOrderAsync(customer, 1, Now.AddMinutes(-random.Next(1000)), 42m, (product, 1));
            var clock = Stopwatch.StartNew();
            await handle(order);
            timings.Add(clock.Elapsed.TotalMilliseconds);
        }

        timings.Sort();
        return (timings[timings.Count / 2], timings[(int)Math.Ceiling(timings.Count * 0.99) - 1]);
    }
}
