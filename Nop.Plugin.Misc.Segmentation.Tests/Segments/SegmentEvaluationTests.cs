using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Segments;

[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class SegmentEvaluationTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private Segment _frequent;

    public SegmentEvaluationTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public async Task SetUp()
    {
        _store = StoreDatabase.Create(_kind);
        // customers 1..6 with 1..6 orders, the last order 10·n days ago, in the all-stores view and store 1
        for (var n = 1; n <= 6; n++)
            foreach (var storeId in new[] { 0, 1 })
                await _store.Repository<CustomerProfile>().InsertAsync(new CustomerProfile
                {
                    CustomerId = n, StoreId = storeId, OrdersCount = storeId == 0 ? n : 1, AmountSpent = 100m * n,
                    LastOrderDateUtc = Now.AddDays(-10 * n), FirstOrderDateUtc = Now.AddDays(-400), ComputedOnUtc = Now
                });

        _frequent = new Segment
        {
            Name = "Frequent and recent", SegmentType = SegmentType.Dynamic, Rule = "orders >= 3 and last_order > 45 days ago",
            Active = true, CreatedOnUtc = Now, UpdatedOnUtc = Now
        };
        await _store.Repository<Segment>().InsertAsync(_frequent);
    }

    [TearDown]
    public void TearDown() => _store?.Dispose();

    private async Task<int[]> MembersAsync(Segment segment) =>
        (await _store.Repository<SegmentMember>().Table.Where(m => m.SegmentId == segment.Id).Select(m => m.CustomerId).ToListAsync()).Order().ToArray();

    private async Task<List<(int Customer, SegmentMovementType Type)>> MovementsAsync() =>
        (await _store.Repository<SegmentMovement>().Table.ToListAsync()).OrderBy(m => m.Id).Select(m => (m.CustomerId, m.MovementType)).ToList();

    [Test]
    public async Task A_date_without_a_time_ends_a_range_with_its_whole_day_in_the_database_and_in_memory()
    {
        // the last orders: customer 1 on 2026-06-20 at noon, 2 on 06-10, 3 on 05-31, ...
        var within = new Segment
        {
            Name = "June 10 to 20", SegmentType = SegmentType.Dynamic, Rule = "last_order between \"2026-06-10\" and \"2026-06-20\"",
            Active = true, CreatedOnUtc = Now, UpdatedOnUtc = Now
        };
        var outside = new Segment
        {
            Name = "Not June 10 to 20", SegmentType = SegmentType.Dynamic, Rule = "not (last_order between \"2026-06-10\" and \"2026-06-20\")",
            Active = true, CreatedOnUtc = Now, UpdatedOnUtc = Now
        };
        await _store.Repository<Segment>().InsertAsync(within);
        await _store.Repository<Segment>().InsertAsync(outside);

        await _store.SegmentService().EvaluateAsync(within, Now);
        await _store.SegmentService().EvaluateAsync(outside, Now);
        Assert.That(await MembersAsync(within), Is.EqualTo(new[] { 1, 2 }), "noon on the 20th is inside");
        Assert.That(await MembersAsync(outside), Is.EqualTo(new[] { 3, 4, 5, 6 }));

        var inMemory = RuleCompiler.ForMemory(RuleCompiler.Compile(within.Rule, Now));
        var profiles = await _store.Repository<CustomerProfile>().Table.Where(p => p.StoreId == 0).ToListAsync();
        Assert.That(profiles.Where(p => inMemory(p, RuleSources.None)).Select(p => p.CustomerId).Order(), Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public async Task A_rule_is_evaluated_over_the_store_and_only_differences_are_written()
    {
        var first = await _store.SegmentService().EvaluateAsync(_frequent, Now);

        Assert.That(await MembersAsync(_frequent), Is.EqualTo(new[] { 3, 4 }), "3 and 4 orders, last 30 and 40 days ago");
        Assert.That(first, Is.EqualTo(new SegmentChange(2, 0)));
        Assert.That(await MovementsAsync(), Is.EqualTo(new[] { (3, SegmentMovementType.Entered), (4, SegmentMovementType.Entered) }));
        Assert.That((await _store.Repository<Segment>().Table.FirstOrDefaultAsync(s => s.Id == _frequent.Id)).MemberCount, Is.EqualTo(2));

        Assert.That(await _store.SegmentService().EvaluateAsync(_frequent, Now), Is.EqualTo(new SegmentChange(0, 0)), "nothing changed, nothing written");
        Assert.That(await MovementsAsync(), Has.Count.EqualTo(2));

        // ten days later customer 4's last order is 50 days old, and customer 2 has just ordered a third time
        var two = await _store.Repository<CustomerProfile>().Table.FirstOrDefaultAsync(p => p.CustomerId == 2 && p.StoreId == 0);
        two.OrdersCount = 3;
        two.LastOrderDateUtc = Now.AddDays(9);
        await _store.Repository<CustomerProfile>().UpdateAsync(two);

        var later = await _store.SegmentService().EvaluateAsync(_frequent, Now.AddDays(10));

        Assert.That(later, Is.EqualTo(new SegmentChange(1, 1)));
        Assert.That(await MembersAsync(_frequent), Is.EqualTo(new[] { 2, 3 }));
        Assert.That((await MovementsAsync()).Skip(2), Is.EquivalentTo(new[] { (2, SegmentMovementType.Entered), (4, SegmentMovementType.Left) }));
    }

    [Test]
    public async Task A_store_segment_reads_that_store_s_profiles()
    {
        _frequent.StoreId = 1;
        _frequent.Rule = "orders = 1";

        await _store.SegmentService().EvaluateAsync(_frequent, Now);

        Assert.That(await MembersAsync(_frequent), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6 }));
    }

    [Test]
    public async Task Disabling_a_segment_empties_it_with_a_reason()
    {
        await _store.SegmentService().EvaluateAsync(_frequent, Now);
        _frequent.Active = false;

        await _store.SegmentService().EvaluateAsync(_frequent, Now);

        Assert.That(await MembersAsync(_frequent), Is.Empty);
        var reasons = (await _store.Repository<SegmentMovement>().Table.Where(m => m.MovementTypeId == (int)SegmentMovementType.Left).ToListAsync()).Select(m => m.Reason);
        Assert.That(reasons, Is.EqualTo(new[] { "segment disabled", "segment disabled" }));
    }

    [Test]
    public async Task One_customer_in_memory_ends_where_the_store_query_does()
    {
        var other = new Segment
        {
            Name = "Big spenders", SegmentType = SegmentType.Dynamic, Rule = "spent between 250 and 450 or not (last_order > 55 days ago)",
            Active = true, CreatedOnUtc = Now, UpdatedOnUtc = Now
        };
        await _store.Repository<Segment>().InsertAsync(other);

        for (var customer = 1; customer <= 6; customer++)
            await _store.SegmentService().EvaluateCustomerAsync(customer, Now);
        var oneByOne = (await MembersAsync(_frequent), await MembersAsync(other));

        await _store.Repository<SegmentMember>().DeleteAsync(m => true);
        await _store.SegmentService().EvaluateAsync(_frequent, Now);
        await _store.SegmentService().EvaluateAsync(other, Now);

        Assert.That((await MembersAsync(_frequent), await MembersAsync(other)), Is.EqualTo(oneByOne));
        Assert.That(oneByOne.Item2, Is.EqualTo(new[] { 3, 4, 6 }));
    }

    [Test]
    public async Task A_segment_naming_another_is_evaluated_after_it_over_the_store_and_for_one_customer()
    {
        // created before the segment it names, so only the dependency order puts it second
        var loyalFew = new Segment
        {
            Name = "Loyal few", SegmentType = SegmentType.Dynamic, Rule = "segment = \"frequent AND recent\" and spent >= 400",
            Active = true, CreatedOnUtc = Now, UpdatedOnUtc = Now
        };
        await _store.Repository<Segment>().DeleteAsync(_frequent);
        await _store.Repository<Segment>().InsertAsync(loyalFew);
        _frequent.Id = 0;
        await _store.Repository<Segment>().InsertAsync(_frequent);

        await _store.SegmentService().EvaluateAllAsync(Now);
        Assert.That(await MembersAsync(_frequent), Is.EqualTo(new[] { 3, 4 }));
        Assert.That(await MembersAsync(loyalFew), Is.EqualTo(new[] { 4 }), "in the first segment and 400 spent");

        // customer 5 becomes recent: one event puts them in both, the second seeing the first's new membership
        var profile = await _store.Repository<CustomerProfile>().Table.FirstOrDefaultAsync(p => p.CustomerId == 5 && p.StoreId == 0);
        profile.LastOrderDateUtc = Now.AddDays(-1);
        await _store.Repository<CustomerProfile>().UpdateAsync(profile);
        var change = await _store.SegmentService().EvaluateCustomerAsync(5, Now);

        Assert.That(change, Is.EqualTo(new SegmentChange(2, 0)));
        Assert.That(await MembersAsync(loyalFew), Is.EqualTo(new[] { 4, 5 }));
    }

    [Test]
    public void Segments_come_after_the_ones_they_name_and_a_cycle_is_evaluated_once_each()
    {
        Segment Named(string name, string rule) => new() { Name = name, Rule = rule };
        var a = Named("A", "segment = \"b\"");
        var b = Named("B", "segment in (\"C\", \"nowhere\")");
        var c = Named("C", "orders > 1");
        Assert.That(SegmentEvaluationService.InDependencyOrder([a, b, c]), Is.EqualTo(new[] { c, b, a }));
        var d = Named("D", "orders > 2");
        Assert.That(SegmentEvaluationService.InWaves([a, b, c, d]), Is.EqualTo(new[] { new[] { c, d }, [b], [a] }),
            "independent segments share a wave and run side by side");

        var x = Named("X", "segment = \"Y\"");
        var y = Named("Y", "segment = \"X\" or orders > 3");
        Assert.That(SegmentEvaluationService.InDependencyOrder([x, y, c]), Is.EqualTo(new[] { y, x, c }));
    }

    [Test]
    public void A_bad_rule_is_refused_with_its_position()
    {
        Assert.That(SegmentEvaluationService.Validate("orders >= 3 and spnt > 5")?.Position, Is.EqualTo(16));
        Assert.That(SegmentEvaluationService.Validate("orders >= 3"), Is.Null);
        _frequent.SegmentType = SegmentType.Static;
        Assert.That(async () => await _store.SegmentService().EvaluateAsync(_frequent, Now), Throws.ArgumentException);
    }
}
