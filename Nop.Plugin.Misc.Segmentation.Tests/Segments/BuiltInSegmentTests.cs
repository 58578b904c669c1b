using Nop.Core.Domain.Orders;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Events;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Segments;

[TestFixtureSource(typeof(Databases), nameof(Databases.SqliteAndPostgres))]
public class BuiltInSegmentTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;

    public BuiltInSegmentTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public void SetUp() => _store = StoreDatabase.Create(_kind);

    [TearDown]
    public void TearDown() => _store?.Dispose();

    private async Task<Dictionary<string, Segment>> BuiltInsAsync() =>
        (await _store.Repository<Segment>().Table.Where(s => s.SegmentTypeId == (int)SegmentType.BuiltIn).ToListAsync()).ToDictionary(s => s.SystemName);

    [Test]
    public void Every_built_in_rule_is_valid_for_any_settings()
    {
        foreach (var settings in new[] { new SegmentationSettings(), new SegmentationSettings { LoyalMinAmount = 250.5m, LoyalPeriodDays = 30, VipMinSpent = 99.99m } })
            foreach (var (systemName, _, rule) in BuiltInSegmentService.Definitions(settings))
                Assert.That(SegmentEvaluationService.Validate(rule), Is.Null, systemName);
    }

    [Test]
    public async Task Built_ins_are_created_once_follow_the_settings_and_keep_the_owner_s_choices()
    {
        var service = new BuiltInSegmentService(_store.Repository<Segment>());
        // 7 of their own (new, returning, loyal, VIP, at risk, lapsed, abandoned cart) and 11 RFM groups
        Assert.That(await service.EnsureAsync(new SegmentationSettings(), Now), Has.Count.EqualTo(18));
        Assert.That(await service.EnsureAsync(new SegmentationSettings(), Now), Is.Empty);

        var segments = await BuiltInsAsync();
        Assert.That(segments.Keys, Is.SupersetOf(new[] { "new", "returning", "loyal", "vip", "at_risk", "lapsed", "abandoned_cart", "rfm_champions", "rfm_lost" }));
        Assert.That(segments["loyal"].Rule, Is.EqualTo("orders_90d >= 3"));

        var loyal = segments["loyal"];
        loyal.Name = "Our regulars";
        loyal.Active = false;
        await _store.Repository<Segment>().UpdateAsync(loyal);

        Assert.That((await service.EnsureAsync(new SegmentationSettings { LoyalMinOrders = 2, LoyalPeriodDays = 30, LoyalMinAmount = 100 }, Now)).Select(s => s.SystemName), Is.EqualTo(new[] { "loyal" }));
        loyal = (await BuiltInsAsync())["loyal"];
        Assert.That((loyal.Rule, loyal.Name, loyal.Active), Is.EqualTo(("orders_30d >= 2 or spent_30d >= 100", "Our regulars", false)));
    }

    [Test]
    public async Task The_task_rebuilds_profiles_then_fills_the_built_in_segments()
    {
        var product = await _store.AddProductAsync(50m);
        var regular = await _store.AddCustomerAsync();
        for (var i = 1; i <= 3; i++)
            await _store.AddOrderAsync(regular, 1, Now.AddDays(-20 * i), 400m, (product, 1));
        var once = await _store.AddCustomerAsync();
        await _store.AddOrderAsync(once, 1, Now.AddDays(-5), 20m, (product, 1));

        await _store.Task(Now, new SegmentationSettings()).ExecuteAsync();

        var segments = await BuiltInsAsync();
        async Task<int[]> Members(string systemName) => (await _store.Repository<SegmentMember>().Table
            .Where(m => m.SegmentId == segments[systemName].Id).Select(m => m.CustomerId).ToListAsync()).Order().ToArray();
        Assert.That(await Members("loyal"), Is.EqualTo(new[] { regular.Id }));
        Assert.That(await Members("vip"), Is.EqualTo(new[] { regular.Id }));
        Assert.That(await Members("returning"), Is.EqualTo(new[] { regular.Id }));
        Assert.That(await Members("new"), Is.EqualTo(new[] { once.Id }));

        // the day's snapshot: one row per segment, the loyal one with its member's last 30 days
        var snapshots = await _store.Repository<SegmentSnapshot>().Table.ToListAsync();
        Assert.That(snapshots, Has.Count.EqualTo(segments.Count));
        var loyalDay = snapshots.Single(s => s.SegmentId == segments["loyal"].Id);
        Assert.That((loyalDay.SnapshotDateUtc, loyalDay.Members, loyalDay.Orders, loyalDay.Revenue), Is.EqualTo((Now.Date, 1, 1, 400m)));
        Assert.That(await _store.SnapshotService().TakeAsync(Now.AddHours(3)), Is.Zero, "the same day again changes nothing");

        // the order that crosses the loyal bar counts at once, through the event
        await _store.AddOrderAsync(once, 1, Now.AddDays(-2), 20m, (product, 1));
        var third = await _store.AddOrderAsync(once, 1, Now.AddDays(-1), 20m, (product, 1));
        await _store.AdminMenuEventConsumer(new ManualClock(Now)).HandleEventAsync(new OrderPlacedEvent(third));
        Assert.That(await Members("loyal"), Is.EqualTo(new[] { regular.Id, once.Id }.Order()));
    }

    [Test]
    public async Task Movements_record_who_entered_and_left_across_task_runs()
    {
        var product = await _store.AddProductAsync(50m);
        var customer = await _store.AddCustomerAsync();
        await _store.AddOrderAsync(customer, 1, Now.AddDays(-5), 20m, (product, 1));

        await _store.Task(Now, new SegmentationSettings()).ExecuteAsync();
        // two months on, without another order: no longer new; a month later still, at risk
        await _store.Task(Now.AddDays(60), new SegmentationSettings()).ExecuteAsync();
        await _store.Task(Now.AddDays(95), new SegmentationSettings()).ExecuteAsync();

        var segments = await BuiltInsAsync();
        var names = segments.Values.ToDictionary(s => s.Id, s => s.SystemName);
        var movements = (await _store.Repository<SegmentMovement>().Table.Where(m => m.CustomerId == customer.Id).ToListAsync())
            .Where(m => names[m.SegmentId] is "new" or "at_risk")
            .OrderBy(m => m.CreatedOnUtc).ThenBy(m => m.Id)
            .Select(m => (names[m.SegmentId], m.MovementType, m.CreatedOnUtc, m.Reason))
            .ToList();
        Assert.That(movements, Is.EqualTo(new[]
        {
            ("new", SegmentMovementType.Entered, Now, "rule"),
            ("new", SegmentMovementType.Left, Now.AddDays(60), "rule"),
            ("at_risk", SegmentMovementType.Entered, Now.AddDays(95), "rule")
        }));
    }
}
