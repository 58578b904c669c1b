using Microsoft.AspNetCore.Mvc;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Models.Admin;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Analytics;

/// <summary>The dashboard's recency × frequency grid and the members of its cells, against hand-computed stores.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
[SetCulture("en-US")]
public class RfmGridTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private DashboardHost _host;

    public RfmGridTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public void SetUp()
    {
        _store = StoreDatabase.Create(_kind);
        _host = new DashboardHost(_store, new ManualClock(Now));
    }

    [TearDown]
    public void TearDown()
    {
        _store?.Dispose();
    }

    private async Task<Customer> ProfileAsync(string email, int storeId, int recency, int frequency, int monetary, int orders, decimal spent,
        Customer customer = null)
    {
        customer ??= await _store.AddCustomerAsync(c => c.Email = email);
        await _store.Repository<CustomerProfile>().InsertAsync(new CustomerProfile
        {
            CustomerId = customer.Id, StoreId = storeId, RecencyScore = recency, FrequencyScore = frequency, MonetaryScore = monetary,
            OrdersCount = orders, AmountSpent = spent, LastOrderDateUtc = orders == 0 ? null : Now.AddDays(-orders),
            FirstOrderDateUtc = orders == 0 ? null : Now.AddDays(-100), ComputedOnUtc = Now
        });
        return customer;
    }

    /// <summary>
    /// Store 1: three customers in R5 F5 (M 5, 3, 4), one in R1 F1 (M 1), one in R3 F2 (M 2) and a prospect without
    /// orders or scores. Store 2: the first customer in R4 F1 (M 2). All stores: the first in R5 F5 (M 5), the fourth in R1 F1.
    /// </summary>
    private async Task<Customer[]> GivenTwoStoresAsync()
    {
        var c1 = await ProfileAsync("c1@example.com", 1, 5, 5, 5, 10, 1000m);
        var c2 = await ProfileAsync("c2@example.com", 1, 5, 5, 3, 8, 500m);
        var c3 = await ProfileAsync("c3@example.com", 1, 5, 5, 4, 9, 700m);
        var c4 = await ProfileAsync("c4@example.com", 1, 1, 1, 1, 1, 10m);
        var c5 = await ProfileAsync("c5@example.com", 1, 3, 2, 2, 2, 40m);
        var c6 = await ProfileAsync("c6@example.com", 1, 0, 0, 0, 0, 0m);
        await ProfileAsync(null, 2, 4, 1, 2, 1, 30m, c1);
        await ProfileAsync(null, 0, 5, 5, 5, 11, 1030m, c1);
        await ProfileAsync(null, 0, 1, 1, 1, 1, 10m, c4);
        await _store.Repository<StoreStatistics>().InsertAsync(new StoreStatistics
        {
            StoreId = 1, RecencyDays = "10;30;60;120", Frequency = "1;1;2;4", Monetary = "20;40;400;800", ComputedOnUtc = Now
        });
        return [c1, c2, c3, c4, c5, c6];
    }

    private static DashboardRfmCellModel Cell(DashboardRfmModel grid, int recency, int frequency) =>
        grid.Cells.Single(c => c.Recency == recency && c.Frequency == frequency);

    [Test]
    public async Task An_empty_store_has_25_empty_cells()
    {
        var grid = await _host.Factory().PrepareRfmModelAsync(1, true);

        Assert.That(grid.Cells, Has.Count.EqualTo(25));
        Assert.That(grid.Cells.Select(c => (c.Recency, c.Frequency)), Is.EqualTo(
            Enumerable.Range(1, 5).Reverse().SelectMany(r => Enumerable.Range(1, 5).Select(f => (r, f)))), "rows R5 to R1, columns F1 to F5");
        Assert.That(grid.Cells.Select(c => (c.Customers, c.Share, c.AverageMonetary)), Is.All.EqualTo((0, 0m, (decimal?)null)));
        Assert.That(grid.Customers, Is.Zero);
        Assert.That(grid.Note, Does.Contain("no RFM cut points yet"));
        Assert.That(Cell(grid, 5, 5).Description, Is.EqualTo("R 5 · F 5 · 0 customers (0%)"));
    }

    [Test]
    public async Task Cells_count_the_customers_of_the_chosen_store_with_their_share_and_average_monetary_score()
    {
        await GivenTwoStoresAsync();
        var factory = _host.Factory();

        var store1 = await factory.PrepareRfmModelAsync(1, true);
        Assert.That(store1.Customers, Is.EqualTo(5), "the prospect without orders is not in the grid");
        Assert.That(store1.Cells.Where(c => c.Customers > 0).Select(c => (c.Recency, c.Frequency, c.Customers, c.Share, c.AverageMonetary)),
            Is.EquivalentTo(new[] { (5, 5, 3, 0.6m, (decimal?)4m), (3, 2, 1, 0.2m, (decimal?)2m), (1, 1, 1, 0.2m, (decimal?)1m) }));
        Assert.That(Cell(store1, 5, 5).ShareText, Is.EqualTo("60%"));
        Assert.That(Cell(store1, 5, 5).AverageMonetaryText, Is.EqualTo("4.0"));
        Assert.That(Cell(store1, 5, 5).Group, Is.EqualTo("Champions"));
        Assert.That(Cell(store1, 1, 1).Group, Is.EqualTo("Lost"));
        Assert.That(store1.Cells.Select(c => c.GroupId), Is.EqualTo(store1.Cells.Select(c => (int)Services.Profiles.ProfileCalculator.GroupOf(c.Recency, c.Frequency))));

        // one customer: store 2 has the first customer only
        var store2 = await factory.PrepareRfmModelAsync(2, true);
        Assert.That(store2.Cells.Where(c => c.Customers > 0).Select(c => (c.Recency, c.Frequency, c.Customers, c.Share, c.AverageMonetary)),
            Is.EqualTo(new[] { (4, 1, 1, 1m, (decimal?)2m) }));
        Assert.That(Cell(store2, 4, 1).Description, Is.EqualTo("R 4 · F 1 · 1 customer (100%)"), "no cut points: the scores only");

        var allStores = await factory.PrepareRfmModelAsync(0, true);
        Assert.That(allStores.Cells.Where(c => c.Customers > 0).Select(c => (c.Recency, c.Frequency, c.Customers, c.Share, c.AverageMonetary)),
            Is.EquivalentTo(new[] { (5, 5, 1, 0.5m, (decimal?)5m), (1, 1, 1, 0.5m, (decimal?)1m) }));
    }

    [Test]
    public async Task Each_cell_says_what_it_means_with_the_stores_cut_points()
    {
        await GivenTwoStoresAsync();

        // recency cut points 10;30;60;120 days, frequency 1;1;2;4 orders
        var grid = await _host.Factory().PrepareRfmModelAsync(1, true);

        Assert.That(grid.Note, Is.Null);
        Assert.That(Cell(grid, 5, 5).Description, Is.EqualTo("R 5: last order 0–10 days ago · F 5: 5 or more orders · 3 customers (60%)"));
        Assert.That(Cell(grid, 3, 2).Description, Does.StartWith("R 3: last order 31–60 days ago · F 2: no number of orders gets this score"));
        Assert.That(Cell(grid, 3, 2).Possible, Is.False);
        Assert.That(Cell(grid, 3, 2).Description, Does.EndWith("1 customer (20%)"), "customers scored by older cut points are still counted");
        Assert.That(Cell(grid, 4, 2).Description, Is.EqualTo("R 4: last order 11–30 days ago · F 2: no number of orders gets this score · no customer can be in this cell with the store's cut points"));
        Assert.That(Cell(grid, 1, 1).Description, Is.EqualTo("R 1: last order 121 or more days ago · F 1: 1 order · 1 customer (20%)"));
        Assert.That(Cell(grid, 2, 3).Description, Is.EqualTo("R 2: last order 61–120 days ago · F 3: 2 orders · 0 customers (0%)"));
        Assert.That(Cell(grid, 2, 4).Description, Does.StartWith("R 2: last order 61–120 days ago · F 4: 3–4 orders"));
        Assert.That(grid.Cells.Where(c => !c.Possible).Select(c => c.Frequency).Distinct(), Is.EqualTo(new[] { 2 }));
    }

    [Test]
    public async Task The_cell_ranges_follow_the_scoring_rules()
    {
        decimal[] recency = [0, 0, 7, 7];
        // every day count scored by the rule lands in the range the dashboard gives for that score, and no other
        for (var days = 0; days <= 30; days++)
        {
            var score = Services.Profiles.ProfileCalculator.ScoreLowerIsBetter(days, recency);
            for (var s = 1; s <= 5; s++)
            {
                var range = Factories.SegmentDashboardModelFactory.RecencyRange(s, recency);
                var inside = range is var (low, high) && days >= low && (high == null || days <= high);
                Assert.That(inside, Is.EqualTo(s == score), $"{days} days, R {s}");
            }
        }

        decimal[] frequency = [1, 2, 2, 5];
        for (var orders = 1; orders <= 12; orders++)
        {
            var score = Services.Profiles.ProfileCalculator.ScoreHigherIsBetter(orders, frequency);
            for (var s = 1; s <= 5; s++)
            {
                var range = Factories.SegmentDashboardModelFactory.FrequencyRange(s, frequency);
                var inside = range is var (low, high) && orders >= low && (high == null || orders <= high);
                Assert.That(inside, Is.EqualTo(s == score), $"{orders} orders, F {s}");
            }
        }
    }

    [Test]
    public async Task A_grid_from_orders_counts_neither_cancelled_nor_refunded_orders()
    {
        // store 1: A 3 × 100 (last 2 days ago; a cancelled order yesterday), E 4 × 10 (last 5 days ago), B 50 ten days ago,
        // C 2 × 80 (last 40 days ago; a fully refunded order yesterday), D 50 with 30 refunded 100 days ago; A also 30 in store 2
        Customer a = await _store.AddCustomerAsync(c => c.Email = "a@example.com"), b = await _store.AddCustomerAsync(c => c.Email = "b@example.com"),
            c = await _store.AddCustomerAsync(c => c.Email = "c@example.com"), d = await _store.AddCustomerAsync(c => c.Email = "d@example.com"),
            e = await _store.AddCustomerAsync(c => c.Email = "e@example.com");
        foreach (var days in new[] { 2, 20, 50 })
            await _store.AddOrderAsync(a, 1, Now.AddDays(-days), 100m);
        await _store.AddOrderAsync(a, 1, Now.AddDays(-1), 100m, o => o.OrderStatus = OrderStatus.Cancelled);
        await _store.AddOrderAsync(a, 2, Now.AddDays(-3), 30m);
        foreach (var days in new[] { 5, 6, 7, 8 })
            await _store.AddOrderAsync(e, 1, Now.AddDays(-days), 10m);
        await _store.AddOrderAsync(b, 1, Now.AddDays(-10), 50m);
        await _store.AddOrderAsync(c, 1, Now.AddDays(-40), 80m);
        await _store.AddOrderAsync(c, 1, Now.AddDays(-60), 80m);
        await _store.AddOrderAsync(c, 1, Now.AddDays(-1), 80m, o => { o.PaymentStatus = PaymentStatus.Refunded; o.RefundedAmount = 80m; });
        await _store.AddOrderAsync(d, 1, Now.AddDays(-100), 50m, o => { o.PaymentStatus = PaymentStatus.PartiallyRefunded; o.RefundedAmount = 30m; });
        await _store.RebuildService(Now).RebuildAsync("node-a");
        var factory = _host.Factory();

        // store 1: days 2,5,10,40,100 → cuts 2;5;10;40; orders 3,4,1,2,1 → 1;1;2;3; spent 300,40,50,160,20 → 20;40;50;160
        var store1 = await factory.PrepareRfmModelAsync(1, true);
        Assert.That(store1.Cells.Where(x => x.Customers > 0).Select(x => (x.Recency, x.Frequency, x.AverageMonetary)),
            Is.EquivalentTo(new[] { (5, 4, (decimal?)5m), (4, 5, (decimal?)2m), (3, 1, (decimal?)3m), (2, 3, (decimal?)4m), (1, 1, (decimal?)1m) }));
        Assert.That(store1.Cells.Where(x => x.Customers > 0).Select(x => x.ShareText), Is.All.EqualTo("20%"));
        Assert.That(Cell(store1, 5, 4).Description, Is.EqualTo("R 5: last order 0–2 days ago · F 4: 3 orders · 1 customer (20%)"));
        Assert.That(Cell(store1, 2, 2).Description, Is.EqualTo("R 2: last order 11–40 days ago · F 2: no number of orders gets this score · no customer can be in this cell with the store's cut points"));

        // store 2: one customer, so every cut point is their own figure
        var store2 = await factory.PrepareRfmModelAsync(2, true);
        Assert.That(store2.Cells.Where(x => x.Customers > 0).Select(x => (x.Recency, x.Frequency, x.Customers, x.AverageMonetary)),
            Is.EqualTo(new[] { (5, 1, 1, (decimal?)1m) }));
        Assert.That(Cell(store2, 5, 1).Description, Is.EqualTo("R 5: last order 0–3 days ago · F 1: 1 order · 1 customer (100%)"));
        Assert.That(Cell(store2, 4, 1).Possible, Is.False);

        // all stores: A has 4 orders and 330; orders 1,1,2,4,4 are three values, so 1 scores 1, 4 scores 5 and 2 (middle
        // rank 50 %) 3: cuts 1;1;2;2; spent cuts 20;40;50;160
        var allStores = await factory.PrepareRfmModelAsync(0, true);
        Assert.That(allStores.Cells.Where(x => x.Customers > 0).Select(x => (x.Recency, x.Frequency, x.AverageMonetary)),
            Is.EquivalentTo(new[] { (5, 5, (decimal?)5m), (4, 5, (decimal?)2m), (3, 1, (decimal?)3m), (2, 3, (decimal?)4m), (1, 1, (decimal?)1m) }));
    }

    [Test]
    public async Task The_members_of_a_cell_are_exactly_that_cells_customers_who_spent_most_first()
    {
        var customers = await GivenTwoStoresAsync();
        var controller = _host.Controller();

        var result = await controller.RfmCellMembers(new RfmCellSearchModel { StoreId = 1, Recency = 5, Frequency = 5, Start = 0, Length = 2 });
        var page = (RfmCellMemberListModel)((JsonResult)result).Value;
        Assert.That(page.RecordsTotal, Is.EqualTo(3));
        Assert.That(page.Data.Select(m => m.CustomerId), Is.EqualTo(new[] { customers[0].Id, customers[2].Id }));
        var first = page.Data.First();
        Assert.That((first.Email, first.Recency, first.Frequency, first.Monetary, first.Orders, first.Spent, first.LastOrderOn),
            Is.EqualTo(("c1@example.com", 5, 5, 5, 10, "1000.00", (DateTime?)Now.AddDays(-10))));

        var second = (RfmCellMemberListModel)((JsonResult)await controller.RfmCellMembers(
            new RfmCellSearchModel { StoreId = 1, Recency = 5, Frequency = 5, Start = 2, Length = 2 })).Value;
        Assert.That(second.Data.Select(m => m.CustomerId), Is.EqualTo(new[] { customers[1].Id }));

        // every cell of every store lists as many members as it counts, all with its scores
        foreach (var storeId in new[] { 0, 1, 2 })
        {
            var grid = await _host.Factory().PrepareRfmModelAsync(storeId, true);
            foreach (var cell in grid.Cells)
            {
                var members = (RfmCellMemberListModel)((JsonResult)await controller.RfmCellMembers(
                    new RfmCellSearchModel { StoreId = storeId, Recency = cell.Recency, Frequency = cell.Frequency, Start = 0, Length = 100 })).Value;
                Assert.That(members.RecordsTotal, Is.EqualTo(cell.Customers), $"store {storeId} R{cell.Recency} F{cell.Frequency}");
                Assert.That(members.Data.Select(m => (m.Recency, m.Frequency)), Is.All.EqualTo((cell.Recency, cell.Frequency)));
            }
        }

        Assert.That(Cell(await _host.Factory().PrepareRfmModelAsync(1, true), 5, 5).Url,
            Is.EqualTo("~/Admin/SegmentDashboard/RfmCell?storeId=1&recency=5&frequency=5"));
    }

    [Test]
    public async Task The_grid_is_cached_per_store_until_the_tasks_drop_the_analytics()
    {
        await GivenTwoStoresAsync();
        var factory = _host.Factory();
        Assert.That((await factory.PrepareRfmModelAsync(1, true)).Customers, Is.EqualTo(5));

        await ProfileAsync("late@example.com", 1, 2, 2, 2, 1, 5m);
        Assert.That((await factory.PrepareRfmModelAsync(1, true)).Customers, Is.EqualTo(5), "read from the cache");
        Assert.That(_store.Cache.Entries.Keys, Has.Some.StartsWith(SegmentationDefaults.AnalyticsPrefix + "dashboard.rfm."));

        await _store.Cache.RemoveByPrefixAsync(SegmentationDefaults.AnalyticsPrefix);
        Assert.That((await factory.PrepareRfmModelAsync(1, true)).Customers, Is.EqualTo(6));
    }
}
