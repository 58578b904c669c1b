using Moq;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Stores;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Offers;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;
using Nop.Plugin.Misc.Segmentation.Tests.Fakes;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using Nop.Services.Customers;
using Nop.Services.Discounts;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Offers;

/// <summary>
/// The loyalty shipping upgrade set up in one call: a free-shipping role mirrored from the loyal segment, or a shipping
/// discount carrying the segment requirement; and the progress a customer near the bar is shown.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class LoyaltyShippingTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private readonly SegmentationSettings _settings = new() { LoyalMinOrders = 3, LoyalPeriodDays = 90 };
    private StoreDatabase _store;
    private Mock<IDiscountService> _discounts;
    private List<Discount> _insertedDiscounts;
    private List<DiscountRequirement> _insertedRequirements;
    private Customer _loyal, _near;
    private Segment _loyalSegment;

    public LoyaltyShippingTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public async Task SetUp()
    {
        _store = StoreDatabase.Create(_kind);
        _loyal = await _store.AddCustomerAsync();
        _near = await _store.AddCustomerAsync();
        await _store.Repository<CustomerProfile>().InsertAsync(new List<CustomerProfile>
        {
            new() { CustomerId = _loyal.Id, StoreId = 0, OrdersCount = 5, Orders90Days = 3, ComputedOnUtc = Now },
            new() { CustomerId = _near.Id, StoreId = 0, OrdersCount = 2, Orders90Days = 2, ComputedOnUtc = Now }
        });
        foreach (var segment in await new BuiltInSegmentService(_store.Repository<Segment>()).EnsureAsync(_settings, Now))
            await _store.SegmentService().EvaluateAsync(segment, Now);
        _loyalSegment = await _store.Repository<Segment>().Table.FirstOrDefaultAsync(s => s.SystemName == BuiltInSegmentService.LoyalSystemName);

        (_insertedDiscounts, _insertedRequirements) = ([], []);
        _discounts = new Mock<IDiscountService>();
        _discounts.Setup(d => d.InsertDiscountAsync(It.IsAny<Discount>()))
            .Callback<Discount>(d => { d.Id = 40 + _insertedDiscounts.Count; _insertedDiscounts.Add(d); }).Returns(Task.CompletedTask);
        _discounts.Setup(d => d.InsertDiscountRequirementAsync(It.IsAny<DiscountRequirement>()))
            .Callback<DiscountRequirement>(r => { r.Id = 70 + _insertedRequirements.Count; _insertedRequirements.Add(r); }).Returns(Task.CompletedTask);
    }

    [TearDown]
    public void TearDown() => _store?.Dispose();

    private SegmentRequirementService Requirements()
    {
        var customers = new Mock<ICustomerService>();
        customers.Setup(c => c.IsRegisteredAsync(It.IsAny<Customer>(), true)).ReturnsAsync(true);
        return _store.RequirementService(customers.Object, new ManualClock(Now));
    }

    private SegmentDiscountService Discounts() => new(_discounts.Object, new FakeLocalizationService(new FakeLanguageService()),
        _store.Repository<Segment>(), Requirements());

    private LoyaltyShippingService Service() => new(_store.Repository<CustomerRole>(), _store.RoleSync(), Discounts());

    [Test]
    public async Task Free_shipping_is_a_role_that_holds_exactly_the_loyal_customers_and_a_second_click_changes_nothing()
    {
        var role = await Service().SetUpFreeShippingAsync("Loyal customers (free shipping)");

        Assert.That((role.Name, role.FreeShipping, role.Active, role.IsSystemRole), Is.EqualTo(("Loyal customers (free shipping)", true, true, false)));
        var segment = await _store.Repository<Segment>().Table.FirstOrDefaultAsync(s => s.Id == _loyalSegment.Id);
        Assert.That(segment.CustomerRoleId, Is.EqualTo(role.Id));
        Assert.That(await _store.RoleHoldersAsync(role.Id), Is.EqualTo(new[] { _loyal.Id }), "nopCommerce gives free shipping to the role's members");

        var again = await Service().SetUpFreeShippingAsync("Another name");
        Assert.That(again.Id, Is.EqualTo(role.Id));
        var stored = await _store.Repository<CustomerRole>().Table.FirstOrDefaultAsync(r => r.Id == role.Id);
        Assert.That((stored.Name, stored.FreeShipping, stored.Active), Is.EqualTo(("Loyal customers (free shipping)", true, true)), "not renamed");
        Assert.That(await _store.Repository<CustomerRole>().Table.CountAsync(), Is.EqualTo(1));
        Assert.That(await _store.RoleHoldersAsync(role.Id), Is.EqualTo(new[] { _loyal.Id }));
    }

    [Test]
    public async Task A_loyal_segment_linked_to_a_system_role_is_refused_and_the_role_left_as_it_was()
    {
        var registered = new CustomerRole { Name = "Registered", SystemName = NopCustomerDefaults.RegisteredRoleName, IsSystemRole = true, Active = true };
        await _store.Repository<CustomerRole>().InsertAsync(registered);
        _loyalSegment.CustomerRoleId = registered.Id;
        await _store.Repository<Segment>().UpdateAsync(_loyalSegment);

        Assert.That(async () => await Service().SetUpFreeShippingAsync("x"), Throws.InvalidOperationException.With.Message.Contains("system role"));
        var stored = await _store.Repository<CustomerRole>().Table.FirstOrDefaultAsync(r => r.Id == registered.Id);
        Assert.That(stored.FreeShipping, Is.False);
        Assert.That(await _store.RoleHoldersAsync(registered.Id), Is.Empty);
    }

    [Test]
    public async Task A_shipping_discount_reaches_loyal_customers_through_the_segment_requirement()
    {
        var discount = await Service().SetUpShippingDiscountAsync("Loyal customers: half-price shipping", usePercentage: true, 50);

        Assert.That((discount.DiscountType, discount.UsePercentage, discount.DiscountPercentage, discount.IsActive, discount.RequiresCouponCode),
            Is.EqualTo((DiscountType.AssignedToShipping, true, 50m, true, false)));
        var (group, requirement) = (_insertedRequirements[0], _insertedRequirements[1]);
        Assert.That((group.IsGroup, group.InteractionType, group.DiscountId), Is.EqualTo((true, (RequirementGroupInteractionType?)RequirementGroupInteractionType.And, discount.Id)));
        Assert.That((requirement.DiscountRequirementRuleSystemName, requirement.ParentId, requirement.DiscountId),
            Is.EqualTo((SegmentationDefaults.SystemName, (int?)group.Id, discount.Id)));

        async Task<bool> Gets(Customer customer) => (await Requirements().CheckAsync(new DiscountRequirementValidationRequest
        {
            DiscountRequirementId = requirement.Id, Customer = customer, Store = new Store { Id = 1 }
        })).IsValid;
        Assert.That(await Gets(_loyal), Is.True);
        Assert.That(await Gets(_near), Is.False);
    }

    [Test]
    public async Task The_abandoned_cart_offer_is_a_subtotal_discount_for_the_holders_of_a_valid_offer_only()
    {
        // one customer holds a valid offer, the other's has expired
        await _store.Repository<AbandonedCart>().InsertAsync(new List<AbandonedCart>
        {
            new() { CustomerId = _near.Id, StoreId = 1, Status = AbandonedCartStatus.Open, DetectedOnUtc = Now, LastCartActivityUtc = Now.AddHours(-5), OfferExpiresOnUtc = Now.AddDays(3) },
            new() { CustomerId = _loyal.Id, StoreId = 1, Status = AbandonedCartStatus.Open, DetectedOnUtc = Now.AddDays(-5), LastCartActivityUtc = Now.AddDays(-5), OfferExpiresOnUtc = Now.AddDays(-2) }
        });
        var offerSegment = await Discounts().BuiltInAsync(BuiltInSegmentService.AbandonedCartSystemName);
        await _store.SegmentService().EvaluateAsync(offerSegment, Now);

        var discount = await Discounts().CreateAsync(offerSegment, DiscountType.AssignedToOrderSubTotal, "Your cart: 10 % off", true, 10);

        Assert.That((discount.DiscountType, discount.DiscountPercentage, discount.RequiresCouponCode), Is.EqualTo((DiscountType.AssignedToOrderSubTotal, 10m, false)));
        var requirement = _insertedRequirements.Single(r => !r.IsGroup);
        async Task<bool> Gets(Customer customer) => (await Requirements().CheckAsync(new DiscountRequirementValidationRequest
        {
            DiscountRequirementId = requirement.Id, Customer = customer, Store = new Store { Id = 1 }
        })).IsValid;
        Assert.That(await Gets(_near), Is.True);
        Assert.That(await Gets(_loyal), Is.False, "expired offer");
    }

    [TestCase("", true, 10)]
    [TestCase("Loyal", true, 0)]
    [TestCase("Loyal", true, 150)]
    [TestCase("Loyal", false, -5)]
    public void Bad_values_are_refused_before_anything_is_written(string name, bool usePercentage, decimal value)
    {
        Assert.That(async () => await Service().SetUpShippingDiscountAsync(name, usePercentage, value), Throws.InstanceOf<ArgumentException>());
        _discounts.Verify(d => d.InsertDiscountAsync(It.IsAny<Discount>()), Times.Never);
        _discounts.Verify(d => d.InsertDiscountRequirementAsync(It.IsAny<DiscountRequirement>()), Times.Never);
    }

    [Test]
    public void Progress_says_what_is_missing_and_agrees_with_the_segment_rule()
    {
        Assert.That(LoyaltyShippingService.ProgressOf(new CustomerProfile { Orders90Days = 2 }, _settings), Is.EqualTo(new LoyaltyProgress(false, 1, null, 90)));
        Assert.That(LoyaltyShippingService.ProgressOf(null, _settings), Is.EqualTo(new LoyaltyProgress(false, 3, null, 90)), "no profile yet");
        var byAmount = new SegmentationSettings { LoyalMinOrders = 2, LoyalMinAmount = 100, LoyalPeriodDays = 30 };
        Assert.That(LoyaltyShippingService.ProgressOf(new CustomerProfile { Orders30Days = 1, Spent30Days = 60 }, byAmount),
            Is.EqualTo(new LoyaltyProgress(false, 1, 40m, 30)));

        // the widget's verdict and the segment's must never differ
        var random = new Random(5);
        foreach (var settings in new[] { _settings, byAmount, new SegmentationSettings { LoyalMinOrders = 4, LoyalMinAmount = 250, LoyalPeriodDays = 365 } })
        {
            var rule = RuleCompiler.ForMemory(RuleCompiler.Compile(BuiltInSegmentService.Definitions(settings).Single(d => d.SystemName == "loyal").Rule, Now));
            for (var i = 0; i < 300; i++)
            {
                var profile = new CustomerProfile
                {
                    Orders30Days = random.Next(4), Spent30Days = random.Next(300), Orders90Days = random.Next(6), Spent90Days = random.Next(500),
                    Orders365Days = random.Next(10), Spent365Days = random.Next(900)
                };
                Assert.That(LoyaltyShippingService.ProgressOf(profile, settings).IsLoyal, Is.EqualTo(rule(profile, RuleSources.None)));
            }
        }
    }
}
