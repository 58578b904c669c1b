using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Events;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Analytics;
using Nop.Plugin.Misc.Segmentation.Services.Events;
using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Profiles;

/// <summary>
/// Registered customers who never ordered and have no cart: two profiles each (all stores, and the store they registered
/// in) as prospects, reached by rules such as the welcome segment, on the rebuild and on the registration event alike;
/// guests who did nothing get none, and no buyer figure, score or statistic changes because of them.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class RegisteredCustomerTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private const string WelcomeRule = "registered > 7 days ago and orders = 0";

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private CustomerRole _registered;
    private CustomerRole _guests;
    private Product _product;
    private Segment _welcome;

    public RegisteredCustomerTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public async Task SetUp()
    {
        _store = StoreDatabase.Create(_kind);
        _registered = new CustomerRole { Name = "Registered", SystemName = NopCustomerDefaults.RegisteredRoleName, IsSystemRole = true, Active = true };
        _guests = new CustomerRole { Name = "Guests", SystemName = NopCustomerDefaults.GuestsRoleName, IsSystemRole = true, Active = true };
        await _store.Repository<CustomerRole>().InsertAsync(_registered);
        await _store.Repository<CustomerRole>().InsertAsync(_guests);
        _product = await _store.AddProductAsync(25m);
        _welcome = new Segment
        {
            Name = "Welcome", Rule = WelcomeRule, SegmentType = SegmentType.Dynamic, Active = true, CreatedOnUtc = Now, UpdatedOnUtc = Now
        };
        await _store.Repository<Segment>().InsertAsync(_welcome);
    }

    [TearDown]
    public void TearDown() => _store?.Dispose();

    private async Task<Customer> AddRegisteredAsync(int storeId, DateTime createdOnUtc, Action<Customer> set = null)
    {
        var customer = await _store.AddCustomerAsync(c =>
        {
            (c.RegisteredInStoreId, c.CreatedOnUtc, c.LastActivityDateUtc, c.Active) = (storeId, createdOnUtc, createdOnUtc, true);
            set?.Invoke(c);
        });
        await _store.Repository<CustomerCustomerRoleMapping>().InsertAsync(new CustomerCustomerRoleMapping { CustomerId = customer.Id, CustomerRoleId = _registered.Id });
        return customer;
    }

    private async Task<Customer> AddGuestAsync(Action<Customer> set = null)
    {
        var customer = await _store.AddCustomerAsync(c =>
        {
            (c.RegisteredInStoreId, c.CreatedOnUtc, c.LastActivityDateUtc) = (1, Now.AddDays(-1), Now.AddDays(-1));
            set?.Invoke(c);
        });
        await _store.Repository<CustomerCustomerRoleMapping>().InsertAsync(new CustomerCustomerRoleMapping { CustomerId = customer.Id, CustomerRoleId = _guests.Id });
        return customer;
    }

    /// <summary>Buyers (registered long ago) with one to five orders over the last two years, so the stores have statistics and models.</summary>
    private async Task<List<Customer>> AddBuyersAsync(int count)
    {
        var random = new Random(11);
        var buyers = new List<Customer>();
        for (var i = 0; i < count; i++)
        {
            var buyer = await AddRegisteredAsync(1, Now.AddDays(-800));
            for (var n = 1 + random.Next(5); n > 0; n--)
                await _store.AddOrderAsync(buyer, 1, Now.AddDays(-random.Next(700)), 10m + random.Next(200), (_product, 1));
            buyers.Add(buyer);
        }

        return buyers;
    }

    private async Task<List<CustomerProfile>> ProfilesOfAsync(Customer customer) =>
        (await _store.ProfilesAsync()).Where(p => p.CustomerId == customer.Id).ToList();

    private async Task<List<(int SegmentId, int CustomerId)>> MembershipsAsync() =>
        (await _store.Repository<SegmentMember>().Table.ToListAsync()).Select(m => (m.SegmentId, m.CustomerId)).Order().ToList();

    private static string Describe(CustomerProfile p) => string.Join("|", typeof(CustomerProfile).GetProperties()
        .Where(x => x.CanWrite && x.Name is not nameof(CustomerProfile.Id) and not nameof(CustomerProfile.ComputedOnUtc))
        .Select(x => x.GetValue(p) switch { DateTime d => d.Ticks.ToString(), decimal m => m.ToString("0.0000"), var v => v?.ToString() }));

    private Task RunTaskAsync(SegmentationSettings settings = null) => _store.Task(Now, settings ?? new SegmentationSettings()).ExecuteAsync();

    [Test]
    public async Task A_registered_customer_who_did_nothing_has_two_prospect_profiles_and_a_guest_none()
    {
        await AddBuyersAsync(5);
        var guest = await AddGuestAsync();
        var created = Now.AddDays(-3).AddMinutes(-17);
        var fresh = await AddRegisteredAsync(2, created, c => (c.LastActivityDateUtc, c.DateOfBirth, c.CountryId) = (Now.AddDays(-40), new DateTime(1990, 7, 3), 4));

        await RunTaskAsync();

        Assert.That(await ProfilesOfAsync(guest), Is.Empty, "a guest who did nothing");
        var profiles = await ProfilesOfAsync(fresh);
        Assert.That(profiles.Select(p => p.StoreId), Is.EqualTo(new[] { 0, 2 }), "all stores and the store of registration");
        foreach (var p in profiles)
        {
            Assert.That((p.OrdersCount, p.AmountSpent, p.ItemsBought, p.Orders365Days, p.FirstOrderDateUtc, p.LastOrderDateUtc, p.CartItems),
                Is.EqualTo((0, 0m, 0, 0, (DateTime?)null, (DateTime?)null, 0)), $"store {p.StoreId}");
            Assert.That((p.LifecycleStage, p.UsageTier, p.RfmGroup, p.RecencyScore, p.FrequencyScore, p.MonetaryScore),
                Is.EqualTo((LifecycleStage.Prospect, UsageTier.None, RfmGroup.None, 0, 0, 0)), $"store {p.StoreId}");
            Assert.That((p.ChurnProbability, p.ExpectedNextOrderUtc, p.PredictedLifetimeValue), Is.EqualTo((0m, (DateTime?)null, 0m)), $"store {p.StoreId}");
            Assert.That((p.LastVisitUtc?.Ticks, p.RegisteredOnUtc?.Ticks), Is.EqualTo((Now.AddDays(-40).Ticks, created.Ticks)), $"store {p.StoreId}");
            Assert.That((p.BirthdayMonth, p.BirthdayDay, p.CountryId), Is.EqualTo(((int?)7, (int?)3, 4)), $"store {p.StoreId}");
        }

        // the buyers' profiles say when they registered too, and a guest's would not
        Assert.That((await _store.ProfilesAsync()).Where(p => p.OrdersCount > 0).Select(p => p.RegisteredOnUtc?.Ticks).Distinct(),
            Is.EqualTo(new long?[] { Now.AddDays(-800).Ticks }));

        // the welcome segment takes them in; no built-in segment does
        var members = await MembershipsAsync();
        Assert.That(members.Where(m => m.SegmentId == _welcome.Id).Select(m => m.CustomerId), Is.EqualTo(new[] { fresh.Id }));
        Assert.That(members.Where(m => m.CustomerId == fresh.Id).Select(m => m.SegmentId), Is.EqualTo(new[] { _welcome.Id }));

        // and their last visit reads as a relative date
        var stale = RuleCompiler.ForQuery(RuleCompiler.Compile("last_visit < 30 days ago and lifecycle = prospect", Now), RuleSources.None);
        Assert.That(await _store.Repository<CustomerProfile>().Table.Where(p => p.StoreId == 0).Where(stale).Select(p => p.CustomerId).ToListAsync(),
            Is.EqualTo(new[] { fresh.Id }));
    }

    [Test]
    public async Task The_registration_event_decides_as_the_rebuild()
    {
        var buyers = await AddBuyersAsync(3);
        var fresh = await AddRegisteredAsync(1, Now.AddDays(-2));
        var older = await AddRegisteredAsync(2, Now.AddDays(-30));
        var buying = await AddRegisteredAsync(1, Now.AddDays(-1));
        var order = await _store.AddOrderAsync(buying, 1, Now.AddHours(-5), 40m, (_product, 2));
        var guest = await AddGuestAsync();
        var cart = await _store.AddCartItemAsync(guest, 1, _product, 1, Now.AddHours(-3));
        var idle = await AddGuestAsync();

        await RunTaskAsync();
        var rebuilt = (await _store.ProfilesAsync()).Select(Describe).ToList();
        var members = await MembershipsAsync();
        Assert.That(members.Where(m => m.SegmentId == _welcome.Id).Select(m => m.CustomerId), Is.EqualTo(new[] { fresh.Id }));

        // the same store, reached one event at a time (the statistics the run learned stay)
        await _store.Repository<CustomerProfile>().DeleteAsync(p => true);
        await _store.Repository<SegmentMember>().DeleteAsync(m => true);
        var consumer = _store.AdminMenuEventConsumer(new ManualClock(Now));
        foreach (var customer in buyers.Append(fresh).Append(older).Append(buying))
            await consumer.HandleEventAsync(new CustomerRegisteredEvent(customer));
        await consumer.HandleEventAsync(new OrderPlacedEvent(order));
        await consumer.HandleEventAsync(new EntityInsertedEvent<ShoppingCartItem>(cart));
        await consumer.HandleEventAsync(new CustomerLoggedinEvent(idle, null));

        Assert.That((await _store.ProfilesAsync()).Select(Describe), Is.EqualTo(rebuilt));
        Assert.That(await MembershipsAsync(), Is.EqualTo(members));
        Assert.That(await ProfilesOfAsync(idle), Is.Empty);
    }

    [Test]
    public async Task Ending_activity_keeps_the_profile_and_leaving_the_role_or_the_store_takes_it()
    {
        await AddBuyersAsync(3);
        var customer = await AddRegisteredAsync(2, Now.AddDays(-60));
        var order = await _store.AddOrderAsync(customer, 1, Now.AddDays(-10), 80m, (_product, 1));
        var leaving = await AddRegisteredAsync(1, Now.AddDays(-60));

        await RunTaskAsync();
        Assert.That((await ProfilesOfAsync(customer)).Select(p => (p.StoreId, p.OrdersCount)), Is.EqualTo(new[] { (0, 1), (1, 1), (2, 0) }));
        Assert.That((await ProfilesOfAsync(leaving)).Select(p => p.StoreId), Is.EqualTo(new[] { 0, 1 }));

        // the only order cancelled: the buyer figures go, the profiles of a registered customer stay
        order.OrderStatus = OrderStatus.Cancelled;
        await _store.Repository<Order>().UpdateAsync(order);
        leaving.Deleted = true;
        await _store.Repository<Customer>().UpdateAsync(leaving);
        await RunTaskAsync();
        var profiles = await ProfilesOfAsync(customer);
        Assert.That(profiles.Select(p => (p.StoreId, p.OrdersCount, p.LifecycleStage, p.LastOrderDateUtc)),
            Is.EqualTo(new[] { (0, 0, LifecycleStage.Prospect, (DateTime?)null), (2, 0, LifecycleStage.Prospect, (DateTime?)null) }));
        Assert.That(await ProfilesOfAsync(leaving), Is.Empty, "deleted");
        Assert.That((await MembershipsAsync()).Where(m => m.CustomerId == customer.Id).Select(m => m.SegmentId), Is.Empty,
            "registered 60 days ago: not in the welcome segment, and in no buyer's segment any more");

        // no longer registered (the role taken away) and nothing else: no profile
        await _store.Repository<CustomerCustomerRoleMapping>().DeleteAsync(m => m.CustomerId == customer.Id);
        await RunTaskAsync();
        Assert.That(await ProfilesOfAsync(customer), Is.Empty, "rebuild");

        // and the event path agrees
        await _store.Repository<CustomerCustomerRoleMapping>().InsertAsync(new CustomerCustomerRoleMapping { CustomerId = customer.Id, CustomerRoleId = _registered.Id });
        var consumer = _store.AdminMenuEventConsumer(new ManualClock(Now));
        await consumer.HandleEventAsync(new CustomerLoggedinEvent(customer, null));
        Assert.That((await ProfilesOfAsync(customer)).Select(p => p.StoreId), Is.EqualTo(new[] { 0, 2 }));
        await _store.Repository<CustomerCustomerRoleMapping>().DeleteAsync(m => m.CustomerId == customer.Id);
        await consumer.HandleEventAsync(new CustomerLoggedinEvent(customer, null));
        Assert.That(await ProfilesOfAsync(customer), Is.Empty, "event");
    }

    [Test]
    public async Task Prospects_leave_the_statistics_the_buyers_and_the_built_in_segments_alone()
    {
        // a VIP bar of 0 is "bought in the last year", not every profile
        var settings = new SegmentationSettings { VipMinSpent = 0 };
        var buyers = await AddBuyersAsync(40);
        await RunTaskAsync(settings);
        static string Statistics(StoreStatistics s) => $"{s.StoreId}|{s.RecencyDays}|{s.Frequency}|{s.Monetary}|{s.PurchaseModel}|{s.SpendModel}";
        var statistics = (await _store.Repository<StoreStatistics>().Table.ToListAsync()).OrderBy(s => s.StoreId).Select(Statistics).ToList();
        Assume.That(statistics.All(s => !s.EndsWith("||")), "the stores have models to compare");
        var buyerProfiles = (await _store.ProfilesAsync()).Select(Describe).ToList();
        var before = await new PredictionReportService(_store.Repository<Customer>(), _store.Repository<CustomerProfile>(), new Fakes.FakeStaticCacheManager())
            .GetSummaryAsync(0);
        var segmentsBefore = await MembershipsAsync();

        var prospects = new List<Customer>();
        for (var i = 0; i < 10; i++)
            prospects.Add(await AddRegisteredAsync(1 + i % 2, Now.AddDays(-20 - i)));
        await RunTaskAsync(settings);

        Assert.That((await _store.Repository<StoreStatistics>().Table.ToListAsync()).OrderBy(s => s.StoreId).Select(Statistics), Is.EqualTo(statistics));
        var ids = prospects.Select(p => p.Id).ToHashSet();
        var all = await _store.ProfilesAsync();
        Assert.That(all.Where(p => !ids.Contains(p.CustomerId)).Select(Describe), Is.EqualTo(buyerProfiles));
        Assert.That(all.Count(p => ids.Contains(p.CustomerId)), Is.EqualTo(20));
        Assert.That(await MembershipsAsync(), Is.EqualTo(segmentsBefore), "no built-in segment takes a prospect in");
        Assert.That(segmentsBefore.Select(m => m.CustomerId).Distinct(), Is.SubsetOf(buyers.Select(b => b.Id)));

        // the dashboard counts them as profiled customers, not as buyers or predictions
        var after = await new PredictionReportService(_store.Repository<Customer>(), _store.Repository<CustomerProfile>(), new Fakes.FakeStaticCacheManager())
            .GetSummaryAsync(0);
        Assert.That((after.ProfiledCustomers, after.CustomersWithOrders), Is.EqualTo((before.ProfiledCustomers + 10, before.CustomersWithOrders)));
        Assert.That((after.ExpectedRevenueNextYear, after.CustomersPredicted, after.AverageChurnProbability, after.ValuableCustomersAtRisk),
            Is.EqualTo((before.ExpectedRevenueNextYear, before.CustomersPredicted, before.AverageChurnProbability, before.ValuableCustomersAtRisk)));
    }
}
