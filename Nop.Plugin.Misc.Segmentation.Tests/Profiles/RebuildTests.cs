using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services;
using Nop.Plugin.Misc.Segmentation.Services.Profiles;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Profiles;

[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class RebuildTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private List<Customer> _customers;
    private SegmentationSettings _settings;

    public RebuildTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [OneTimeSetUp]
    public async Task FillStore()
    {
        _store = StoreDatabase.Create(_kind);
        _customers = await StoreGenerator.FillAsync(_store, seed: 7, customers: 150, Now);
    }

    [OneTimeTearDown]
    public void DropStore() => _store?.Dispose();

    [SetUp]
    public async Task ClearPluginRows()
    {
        _settings = new SegmentationSettings { BatchSize = 16 };
        await _store.Repository<CustomerProfile>().DeleteAsync(p => true);
        await _store.Repository<StoreStatistics>().DeleteAsync(q => true);
        await _store.Repository<TaskLease>().DeleteAsync(l => true);
    }

    private static string Describe(CustomerProfile p) => string.Join("|", typeof(CustomerProfile).GetProperties()
        .Where(x => x.CanWrite && x.Name is not nameof(CustomerProfile.Id) and not nameof(CustomerProfile.ComputedOnUtc))
        .Select(x => x.GetValue(p) switch { DateTime d => d.Ticks.ToString(), decimal m => m.ToString("0.0000"), var v => v?.ToString() }));

    private async Task<List<string>> SnapshotAsync() => (await _store.ProfilesAsync()).Select(Describe).ToList();

    /// <summary>The customers a batch counts, in id order: those with counted orders or a shopping cart, and the registered ones.</summary>
    private async Task<List<int>> CustomersWithActivityAsync()
    {
        var buyers = await _store.Repository<Order>().Table.Counted().Select(o => o.CustomerId).Distinct().ToListAsync();
        var carts = await _store.Repository<ShoppingCartItem>().Table
            .Where(i => i.ShoppingCartTypeId == (int)ShoppingCartType.ShoppingCart).Select(i => i.CustomerId).Distinct().ToListAsync();
        var deleted = _customers.Where(c => c.Deleted).Select(c => c.Id).ToHashSet();
        var registered = (await _store.Repository<CustomerCustomerRoleMapping>().Table.Select(m => m.CustomerId).ToListAsync()).Where(id => !deleted.Contains(id));
        return buyers.Union(carts).Union(registered).Order().ToList();
    }

    [Test]
    public async Task The_rebuild_equals_the_event_path_for_every_customer()
    {
        var result = await _store.RebuildService(Now, _settings).RebuildAsync("node-a");
        Assert.That(result.Outcome, Is.EqualTo(RebuildOutcome.Completed));
        var rebuilt = await SnapshotAsync();
        Assert.That(rebuilt, Has.Count.GreaterThan(100), "the generated store has profiles");
        Assert.That((await _store.ProfilesAsync()).Count(p => p.RfmGroup != RfmGroup.None), Is.GreaterThan(50));

        // the same customers, one event at a time, with the quintiles the rebuild saved
        await _store.Repository<CustomerProfile>().DeleteAsync(p => true);
        var service = _store.ProfileService(_settings);
        foreach (var customer in _customers)
            await service.RefreshCustomerAsync(customer.Id, Now);

        Assert.That(await SnapshotAsync(), Is.EqualTo(rebuilt));
    }

    [Test]
    public async Task Batches_of_one_customer_and_one_batch_for_all_give_the_same_profiles()
    {
        await _store.RebuildService(Now, new SegmentationSettings { BatchSize = 100_000 }).RebuildAsync("node-a");
        var oneBatch = await SnapshotAsync();
        await _store.Repository<CustomerProfile>().DeleteAsync(p => true);

        var result = await _store.RebuildService(Now, new SegmentationSettings { BatchSize = 1 }).RebuildAsync("node-a");

        Assert.That(result.Batches, Is.EqualTo((await CustomersWithActivityAsync()).Count));
        Assert.That(await SnapshotAsync(), Is.EqualTo(oneBatch));
    }

    [Test]
    public async Task The_rebuild_ranks_the_same_categories_as_the_event_path()
    {
        await _store.Repository<CustomerCategory>().DeleteAsync(c => true);
        await _store.RebuildService(Now, _settings).RebuildAsync("node-a");
        static string Describe(CustomerCategory c) => $"{c.CustomerId}|{c.CategoryId}|{c.Rank}|{c.Quantity}|{c.OrdersCount}|{c.LastPurchasedUtc.Ticks}";
        var rebuilt = (await _store.Repository<CustomerCategory>().Table.ToListAsync()).Select(Describe).Order().ToList();
        Assert.That(rebuilt, Has.Count.GreaterThan(100), "the generated store has categories bought");

        await _store.Repository<CustomerCategory>().DeleteAsync(c => true);
        foreach (var customer in _customers)
            await _store.CategoryService().RefreshCustomerAsync(customer.Id);

        Assert.That((await _store.Repository<CustomerCategory>().Table.ToListAsync()).Select(Describe).Order().ToList(), Is.EqualTo(rebuilt));
    }

    [Test]
    public async Task A_customer_an_event_recomputed_after_the_run_began_keeps_what_the_event_wrote()
    {
        await _store.RebuildService(Now, _settings).RebuildAsync("node-a");
        var buyer = (await _store.ProfilesAsync()).First(p => p.StoreId == 0 && p.OrdersCount > 0);
        var categories = _store.Repository<CustomerCategory>();
        var category = await categories.Table.FirstOrDefaultAsync(c => c.CustomerId == buyer.CustomerId);
        Assume.That(category, Is.Not.Null);

        // as an event writes it while a run that began at Now is still going
        var realOrders = buyer.OrdersCount;
        var realQuantity = category.Quantity;
        buyer.OrdersCount = realOrders + 7;
        buyer.ComputedOnUtc = Now.AddMinutes(1);
        await _store.Repository<CustomerProfile>().UpdateAsync(buyer);
        category.Quantity = realQuantity + 7;
        await categories.UpdateAsync(category);

        await _store.RebuildService(Now, _settings).RebuildAsync("node-a");
        var kept = (await _store.ProfilesAsync()).Single(p => p.CustomerId == buyer.CustomerId && p.StoreId == 0);
        Assert.That(kept.OrdersCount, Is.EqualTo(realOrders + 7), "the run's streams are older than the event");
        Assert.That((await categories.Table.FirstOrDefaultAsync(c => c.Id == category.Id)).Quantity, Is.EqualTo(realQuantity + 7));

        // a run that began after the event recomputes the customer
        await _store.RebuildService(Now.AddMinutes(2), _settings).RebuildAsync("node-a");
        var later = (await _store.ProfilesAsync()).Single(p => p.CustomerId == buyer.CustomerId && p.StoreId == 0);
        Assert.That(later.OrdersCount, Is.EqualTo(realOrders));
        Assert.That((await categories.Table.FirstOrDefaultAsync(c => c.CustomerId == category.CustomerId && c.CategoryId == category.CategoryId)).Quantity,
            Is.EqualTo(realQuantity));
    }

    [Test]
    public async Task A_second_rebuild_writes_nothing()
    {
        await _store.RebuildService(Now, _settings).RebuildAsync("node-a");

        var again = await _store.RebuildService(Now, _settings).RebuildAsync("node-a");

        Assert.That(again.Outcome, Is.EqualTo(RebuildOutcome.Completed));
        Assert.That(again.RowsWritten, Is.Zero);
    }

    [Test]
    public async Task An_interrupted_rebuild_resumes_where_it_stopped_and_ends_where_a_full_one_would()
    {
        var first = await _store.RebuildService(Now, _settings).RebuildAsync("node-a", maxBatches: 3);
        Assert.That(first.Outcome, Is.EqualTo(RebuildOutcome.Interrupted));
        var lease = await _store.Repository<TaskLease>().Table.FirstOrDefaultAsync(l => l.Name == ProfileRebuildService.LeaseName);
        var active = await CustomersWithActivityAsync();
        Assert.That((lease.Phase, lease.Cursor), Is.EqualTo((2, active[3 * _settings.BatchSize - 1])), "statistics done, three batches of customers done");
        Assert.That((await _store.ProfilesAsync()).Max(p => p.CustomerId), Is.LessThanOrEqualTo(lease.Cursor), "nothing written past the cursor");

        var second = await _store.RebuildService(Now, _settings).RebuildAsync("node-b");
        Assert.That(second.Outcome, Is.EqualTo(RebuildOutcome.Completed));
        var resumed = await SnapshotAsync();

        await _store.Repository<CustomerProfile>().DeleteAsync(p => true);
        await _store.Repository<StoreStatistics>().DeleteAsync(q => true);
        await _store.RebuildService(Now, _settings).RebuildAsync("node-a");
        Assert.That(await SnapshotAsync(), Is.EqualTo(resumed));
    }

    [Test]
    public async Task A_second_node_skips_while_the_lease_is_held_and_takes_over_after_it_expires()
    {
        // node-a learns the statistics, writes two batches of profiles, and still holds the lease when it dies
        var partial = await _store.RebuildService(Now, _settings).RebuildAsync("node-a", maxBatches: 2);
        Assume.That(partial.Outcome, Is.EqualTo(RebuildOutcome.Interrupted));
        var leases = new TaskLeaseService(_store.Repository<TaskLease>());
        Assert.That(await leases.TryAcquireAsync(ProfileRebuildService.LeaseName, "node-a", TimeSpan.FromMinutes(10), Now), Is.Not.Null);
        var before = await _store.Repository<CustomerProfile>().Table.CountAsync();

        var skipped = await _store.RebuildService(Now.AddMinutes(5), _settings).RebuildAsync("node-b");
        Assert.That(skipped.Outcome, Is.EqualTo(RebuildOutcome.Skipped));
        Assert.That(await _store.Repository<CustomerProfile>().Table.CountAsync(), Is.EqualTo(before), "node-b wrote nothing");

        // once node-a's lease has run out node-b goes on from node-a's cursor, not from the start
        var takenOver = await _store.RebuildService(Now.AddMinutes(11), _settings).RebuildAsync("node-b");
        Assert.That(takenOver.Outcome, Is.EqualTo(RebuildOutcome.Completed));
        var allBatches = ((await CustomersWithActivityAsync()).Count + _settings.BatchSize - 1) / _settings.BatchSize;
        Assert.That(takenOver.Batches, Is.EqualTo(allBatches - 2));
        var lease = await _store.Repository<TaskLease>().Table.FirstOrDefaultAsync(l => l.Name == ProfileRebuildService.LeaseName);
        Assert.That((lease.LeasedBy, lease.Phase, lease.Cursor), Is.EqualTo(("node-b", 0, 0)), "finished and released");
    }

    [Test]
    public async Task Of_two_nodes_taking_the_lease_at_once_exactly_one_gets_it()
    {
        for (var round = 0; round < 5; round++)
        {
            await _store.Repository<TaskLease>().DeleteAsync(l => true);
            using var a = _store.Database.OpenDataConnection();
            using var b = _store.Database.OpenDataConnection();
            var attempts = await Task.WhenAll(
                Task.Run(() => new TaskLeaseService(new Linq2DbRepository<TaskLease>(a)).TryAcquireAsync("race", "node-a", TimeSpan.FromMinutes(5), Now)),
                Task.Run(() => new TaskLeaseService(new Linq2DbRepository<TaskLease>(b)).TryAcquireAsync("race", "node-b", TimeSpan.FromMinutes(5), Now)));

            Assert.That(attempts.Count(lease => lease != null), Is.EqualTo(1), $"round {round}");
            Assert.That(await _store.Repository<TaskLease>().Table.CountAsync(l => l.Name == "race"), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Concurrent_refreshes_of_one_customer_leave_one_row_per_store()
    {
        var buyer = _customers.First(c => !c.Deleted && _store.Repository<Nop.Core.Domain.Orders.Order>().Table.Any(o => o.CustomerId == c.Id && !o.Deleted));
        using var a = _store.Database.OpenDataConnection();
        using var b = _store.Database.OpenDataConnection();

        await Task.WhenAll(Task.Run(() => _store.ProfileService(_settings, a).RefreshCustomerAsync(buyer.Id, Now)),
            Task.Run(() => _store.ProfileService(_settings, b).RefreshCustomerAsync(buyer.Id, Now)));

        var rows = (await _store.ProfilesAsync()).Where(p => p.CustomerId == buyer.Id).ToList();
        Assert.That(rows.Select(p => p.StoreId), Is.Unique);
        Assert.That(rows.Select(p => p.StoreId), Does.Contain(0));
    }

    [Test]
    public async Task Rfm_scores_split_each_store_into_quintiles()
    {
        await _store.RebuildService(Now, _settings).RebuildAsync("node-a");

        var quintiles = await _store.Repository<StoreStatistics>().Table.ToListAsync();
        Assert.That(quintiles.Select(q => q.StoreId).Order(), Is.EqualTo(new[] { 0, 1, 2 }));
        foreach (var store in (await _store.ProfilesAsync()).Where(p => p.OrdersCount > 0).GroupBy(p => p.StoreId))
        {
            var byMonetary = store.OrderBy(p => p.AmountSpent).ToList();
            Assert.That(byMonetary.Last().MonetaryScore, Is.EqualTo(5));
            Assert.That(byMonetary.First().MonetaryScore, Is.EqualTo(1));
            // spends are nearly all distinct, so each score holds about a fifth of the store
            foreach (var score in Enumerable.Range(1, 5))
                Assert.That(store.Count(p => p.MonetaryScore == score), Is.InRange(store.Count() / 5 - 2, store.Count() / 5 + 2), $"store {store.Key} score {score}");
            var newest = store.MaxBy(p => p.LastOrderDateUtc);
            Assert.That(newest.RecencyScore, Is.EqualTo(5));
            Assert.That(store.All(p => p.RfmGroup == ProfileCalculator.GroupOf(p.RecencyScore, p.FrequencyScore)));
        }
    }

    [Test]
    public async Task The_quintiles_are_those_of_the_profiles_the_rebuild_writes()
    {
        await _store.RebuildService(Now, _settings).RebuildAsync("node-a");

        // each store's cut points sit at 20, 40, 60 and 80 % of its customers with orders, counted from the profiles
        // how cut points follow from values is ProfileCalculatorTests' concern; here: from exactly the profiles written
        static decimal[] Quintiles(IEnumerable<decimal> values) => ProfileCalculator.CutPoints(values.Order().ToList());

        var statistics = (await _store.Repository<StoreStatistics>().Table.ToListAsync()).ToDictionary(s => s.StoreId);
        var buyers = (await _store.ProfilesAsync()).Where(p => p.OrdersCount > 0).GroupBy(p => p.StoreId).ToList();
        Assert.That(statistics.Keys.Order(), Is.EqualTo(buyers.Select(g => g.Key).Order()));
        foreach (var store in buyers)
        {
            var stored = statistics[store.Key];
            Assert.That(ProfileCalculator.Parse(stored.Monetary), Is.EqualTo(Quintiles(store.Select(p => p.AmountSpent))), $"store {store.Key}");
            Assert.That(ProfileCalculator.Parse(stored.Frequency), Is.EqualTo(Quintiles(store.Select(p => (decimal)p.OrdersCount))), $"store {store.Key}");
            Assert.That(ProfileCalculator.Parse(stored.RecencyDays),
                Is.EqualTo(Quintiles(store.Select(p => (decimal)Math.Floor((Now - p.LastOrderDateUtc!.Value).TotalDays)))), $"store {store.Key}");
        }
    }

    [Test]
    public async Task A_store_without_orders_learns_no_statistics()
    {
        using var empty = StoreDatabase.Create(_kind);
        var service = new StoreStatisticsService(empty.Repository<Customer>(), empty.Repository<Order>(), empty.Repository<StoreStatistics>(), empty.Cache);

        Assert.That(await service.UpdateAsync(Now), Is.Empty);
        Assert.That(await empty.Repository<StoreStatistics>().Table.CountAsync(), Is.Zero);
    }

    [Test]
    public async Task Stores_with_enough_customers_get_predictions_that_follow_recency()
    {
        await _store.RebuildService(Now, _settings).RebuildAsync("node-a");

        var statistics = (await _store.Repository<StoreStatistics>().Table.ToListAsync()).Single(s => s.StoreId == 0);
        Assert.That(ProfileCalculator.ParsePurchaseModel(statistics.PurchaseModel), Is.Not.Null);
        Assert.That(ProfileCalculator.ParseSpendModel(statistics.SpendModel), Is.Not.Null);

        var buyers = (await _store.ProfilesAsync()).Where(p => p.StoreId == 0 && p.OrdersCount > 0).ToList();
        Assert.That(buyers.All(p => p.ChurnProbability is >= 0 and <= 1 && p.ExpectedNextOrderUtc > Now && p.PredictedLifetimeValue >= 0));
        // among customers with the same number of orders, the one gone quiet longest is the likelier to have left
        foreach (var sameOrders in buyers.GroupBy(p => p.OrdersCount).Where(g => g.Count() >= 5))
        {
            var byRecency = sameOrders.OrderBy(p => p.LastOrderDateUtc).ToList();
            Assert.That(byRecency.First().ChurnProbability, Is.GreaterThanOrEqualTo(byRecency.Last().ChurnProbability), $"{sameOrders.Key} orders");
        }
        Assert.That(buyers.Where(p => p.LifecycleStage == LifecycleStage.Churned).Average(p => p.ChurnProbability),
            Is.GreaterThan(buyers.Where(p => p.LifecycleStage == LifecycleStage.Active).Average(p => p.ChurnProbability)));
    }
}
