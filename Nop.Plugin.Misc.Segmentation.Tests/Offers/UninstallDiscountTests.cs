using Moq;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Stores;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Offers;
using Nop.Plugin.Misc.Segmentation.Tests.Fakes;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using Nop.Services.Customers;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Offers;

/// <summary>
/// Discounts limited to segments never widen: not when their segments are deleted or switched off, not when the
/// plugin is uninstalled, not when it is installed again. Decided by nopCommerce's discount validation.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class UninstallDiscountTests
{
    private const string RoleRule = "DiscountRequirement.MustBeAssignedToCustomerRole";
    private static readonly DateTime Now = new(2026, 12, 4, 9, 30, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private FakeDiscounts _discounts;
    private Mock<ICustomerService> _customers;
    private Segment _loyal, _gone, _off;
    private Customer _loyalMember, _goneMember, _offMember, _guest;
    private HashSet<int> _roleMembers;

    public UninstallDiscountTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public async Task SetUp()
    {
        _store = StoreDatabase.Create(_kind);
        _discounts = new FakeDiscounts();
        (_loyalMember, _goneMember, _offMember, _guest) =
            (await _store.AddCustomerAsync(), await _store.AddCustomerAsync(), await _store.AddCustomerAsync(), await _store.AddCustomerAsync());
        _customers = new Mock<ICustomerService>();
        _customers.Setup(c => c.IsRegisteredAsync(It.Is<Customer>(x => x.Id != _guest.Id), true)).ReturnsAsync(true);
        // the owner's other requirement: a customer role that the loyal member and the switched-off segment's member hold
        _roleMembers = [_loyalMember.Id, _offMember.Id];

        async Task<Segment> Add(string name, Customer member)
        {
            var segment = new Segment { Name = name, SegmentType = SegmentType.Static, Active = true, CreatedOnUtc = Now, UpdatedOnUtc = Now };
            await _store.Repository<Segment>().InsertAsync(segment);
            await _store.StaticSegments().AddAsync(segment, [member.Id], "test", Now);
            return segment;
        }

        (_loyal, _gone, _off) = (await Add("Loyal", _loyalMember), await Add("Gone", _goneMember), await Add("Off", _offMember));
    }

    [TearDown]
    public void TearDown() => _store?.Dispose();

    private SegmentRequirementService Requirements() => _store.RequirementService(_customers.Object, new ManualClock(Now));

    private Customer[] Everyone => [_loyalMember, _goneMember, _offMember, _guest];

    /// <summary>The plugin class with this store's segments and requirements and the in-memory discounts.</summary>
    private PluginServices PluginOverThisStore()
    {
        var services = new PluginServices();
        services.LimitedDiscounts = () => new SegmentLimitedDiscountService(_discounts, _store.Localization, services.Logger.Object,
            _store.Repository<Segment>(), _store.Repository<SegmentRequirement>());
        return services;
    }

    /// <summary>What the owner's editor saves: a discount whose default group holds the segment requirement (and the given others).</summary>
    private async Task<Discount> AddAsync(string name, SegmentMatch match, int[] segmentIds, params string[] otherRules)
    {
        var discount = await _discounts.AddAsync(name, [.. otherRules, SegmentationDefaults.SystemName]);
        var ours = _discounts.Requirements.Single(r => r.DiscountId == discount.Id && r.DiscountRequirementRuleSystemName == SegmentationDefaults.SystemName);
        Assert.That(await Requirements().SaveAsync(ours.Id, segmentIds, match, RequirementAudience.Everyone), Is.Null);
        return discount;
    }

    /// <summary>The segments go as an owner would make them go: one deleted with its members, one switched off.</summary>
    private async Task DeleteAndSwitchOffAsync()
    {
        await _store.Repository<SegmentMember>().DeleteAsync(m => m.SegmentId == _gone.Id);
        await _store.Repository<Segment>().DeleteAsync(_gone);
        _off.Active = false;
        await _store.Repository<Segment>().UpdateAsync(_off);
        await _store.MembershipService().ClearAllAsync();
    }

    /// <summary>The customers nopCommerce gives the discount to, with or without the plugin installed.</summary>
    private async Task<int[]> ReceiversAsync(Discount discount, bool pluginInstalled)
    {
        var receivers = new List<int>();
        foreach (var customer in Everyone)
            if (await _discounts.AppliesAsync(discount, customer, RuleAsync,
                    name => name == RoleRule || (pluginInstalled && name == SegmentationDefaults.SystemName)))
                receivers.Add(customer.Id);
        return [.. receivers];
    }

    private async Task<bool> RuleAsync(DiscountRequirement requirement, Customer customer) =>
        requirement.DiscountRequirementRuleSystemName == RoleRule
            ? _roleMembers.Contains(customer.Id)
            : (await Requirements().CheckAsync(new() { DiscountRequirementId = requirement.Id, Customer = customer, Store = new Store { Id = 1 } })).IsValid;

    [Test]
    public async Task A_requirement_whose_segments_were_deleted_or_switched_off_gives_the_discount_to_nobody()
    {
        var notInGone = await AddAsync("not in a deleted segment", SegmentMatch.None, [_gone.Id]);
        var inGone = await AddAsync("in a deleted segment", SegmentMatch.Any, [_gone.Id]);
        var allOfGone = await AddAsync("in every one of a deleted and a live segment", SegmentMatch.All, [_gone.Id, _loyal.Id]);
        var notInOff = await AddAsync("not in a switched-off segment", SegmentMatch.None, [_off.Id]);
        var inOff = await AddAsync("in a switched-off segment", SegmentMatch.Any, [_off.Id]);
        var notInLoyalOrGone = await AddAsync("in neither a live nor a deleted segment", SegmentMatch.None, [_loyal.Id, _gone.Id]);
        Assert.That(await ReceiversAsync(notInGone, true), Is.EquivalentTo(new[] { _loyalMember.Id, _offMember.Id, _guest.Id }), "before the segments go");

        await DeleteAndSwitchOffAsync();

        foreach (var discount in new[] { notInGone, inGone, allOfGone, notInOff, inOff, notInLoyalOrGone })
            Assert.That(await ReceiversAsync(discount, true), Is.Empty, discount.Name);
    }

    [Test]
    public async Task After_uninstall_no_segment_discount_goes_to_anyone_it_did_not_go_to_before_and_reinstalling_keeps_them_off()
    {
        var oneClick = new SegmentDiscountService(_discounts, _store.Localization, _store.Repository<Segment>(), Requirements());
        var shipping = await oneClick.CreateAsync(_loyal, DiscountType.AssignedToShipping, "Loyal customers: shipping discount", true, 50);
        var subtotal = await oneClick.CreateAsync(_loyal, DiscountType.AssignedToOrderSubTotal, "Loyal customers: 10 % off", true, 10);
        var owners = await AddAsync("Wholesale and loyal", SegmentMatch.Any, [_loyal.Id], RoleRule);
        owners.AdminComment = "Spring campaign.";
        var notInGone = await AddAsync("Everyone but the deleted segment", SegmentMatch.None, [_gone.Id]);
        var roleOnly = await _discounts.AddAsync("Wholesale only", RoleRule);
        await DeleteAndSwitchOffAsync();

        var segmentDiscounts = new[] { shipping, subtotal, owners, notInGone };
        var before = new Dictionary<int, int[]>();
        foreach (var discount in segmentDiscounts.Append(roleOnly))
            before[discount.Id] = await ReceiversAsync(discount, true);
        Assert.That((before[shipping.Id], before[owners.Id], before[notInGone.Id]),
            Is.EqualTo((new[] { _loyalMember.Id }, new[] { _loyalMember.Id }, Array.Empty<int>())));

        var services = PluginOverThisStore();
        await services.CreatePlugin().InstallAsync();

        // the owner asks to uninstall: every one is named while "Discard changes" is still possible
        await services.CreatePlugin().PreparePluginToUninstallAsync();
        services.Notifications.Verify(n => n.WarningNotification(It.Is<string>(m =>
            segmentDiscounts.All(d => m.Contains($"\"{d.Name}\" (id {d.Id}")) && !m.Contains(roleOnly.Name)
            && m.Contains("segments: Loyal)") && m.Contains("segments: deleted segment " + _gone.Id)), true, 0), Times.Once);
        Assert.That(segmentDiscounts.All(d => d.IsActive), "preparing changes nothing");

        services.Clock = new ManualClock(new DateTime(2026, 12, 4, 23, 59, 0, DateTimeKind.Utc));
        await services.CreatePlugin().UninstallAsync();

        foreach (var discount in segmentDiscounts)
        {
            Assert.That(await ReceiversAsync(discount, false), Is.Empty, discount.Name);
            Assert.That(discount.IsActive, Is.False, discount.Name);
            Assert.That(discount.AdminComment, Does.EndWith("Switched off on 2026-12-04 when Customer segmentation was uninstalled: it was limited to the segments "
                + (discount == notInGone ? "deleted segment " + _gone.Id : "Loyal")
                + ". That requirement was removed, so switched on again the discount goes to every shopper its other requirements allow."), discount.Name);
        }

        Assert.That(owners.AdminComment, Does.StartWith("Spring campaign." + Environment.NewLine), "the owner's comment is kept");
        Assert.That(_discounts.Requirements.Where(r => r.DiscountRequirementRuleSystemName == SegmentationDefaults.SystemName), Is.Empty);
        Assert.That(_discounts.Requirements.Count(r => r.DiscountRequirementRuleSystemName == RoleRule), Is.EqualTo(2), "other rules stay");
        Assert.That((roleOnly.IsActive, await ReceiversAsync(roleOnly, false)), Is.EqualTo((true, before[roleOnly.Id])), "a discount without a segment is untouched");
        services.Logger.Verify(l => l.WarningAsync(It.Is<string>(m => segmentDiscounts.All(d => m.Contains($"\"{d.Name}\"")) && !m.Contains(roleOnly.Name)),
            null, null), Times.Once);

        await services.CreatePlugin().InstallAsync();
        Assert.That(segmentDiscounts.Select(d => d.IsActive), Is.All.False, "installing again switches nothing back on");
    }

    [Test]
    public async Task Without_a_segment_discount_uninstall_warns_of_nothing_and_logs_nothing()
    {
        await _discounts.AddAsync("Wholesale only", RoleRule);
        var services = PluginOverThisStore();
        await services.CreatePlugin().InstallAsync();

        await services.CreatePlugin().PreparePluginToUninstallAsync();
        await services.CreatePlugin().UninstallAsync();

        services.Notifications.Verify(n => n.WarningNotification(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<int>()), Times.Never);
        services.Logger.Verify(l => l.WarningAsync(It.IsAny<string>(), It.IsAny<Exception>(), It.IsAny<Customer>()), Times.Never);
        Assert.That(_discounts.Discounts.Single().IsActive);
    }
}
