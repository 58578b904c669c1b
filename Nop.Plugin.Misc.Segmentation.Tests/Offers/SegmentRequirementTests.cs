using Microsoft.AspNetCore.Mvc;
using Moq;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Stores;
using Nop.Plugin.Misc.Segmentation.Controllers;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Models.Admin;
using Nop.Plugin.Misc.Segmentation.Services.Events;
using Nop.Plugin.Misc.Segmentation.Services.Offers;
using Nop.Plugin.Misc.Segmentation.Tests.Fakes;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using Nop.Services.Customers;
using Nop.Services.Discounts;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Offers;

/// <summary>"Customer is in segment(s)" decided for customers in and out of the chosen segments.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class SegmentRequirementTests
{
    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private Mock<ICustomerService> _customers;
    private Segment _vip, _loyal, _otherStore, _off;
    private Customer _both, _vipOnly, _nobody, _guestVip;

    public SegmentRequirementTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public async Task SetUp()
    {
        _store = StoreDatabase.Create(_kind);
        _customers = new Mock<ICustomerService>();
        _both = await _store.AddCustomerAsync();
        _vipOnly = await _store.AddCustomerAsync();
        _nobody = await _store.AddCustomerAsync();
        _guestVip = await _store.AddCustomerAsync();
        _customers.Setup(c => c.IsRegisteredAsync(It.Is<Customer>(x => x.Id != _guestVip.Id), true)).ReturnsAsync(true);

        async Task<Segment> Add(string name, int storeId = 0, bool active = true)
        {
            var segment = new Segment { Name = name, SegmentType = SegmentType.Static, StoreId = storeId, Active = active, CreatedOnUtc = DateTime.UtcNow, UpdatedOnUtc = DateTime.UtcNow };
            await _store.Repository<Segment>().InsertAsync(segment);
            return segment;
        }

        (_vip, _loyal, _otherStore, _off) = (await Add("VIP"), await Add("Loyal"), await Add("Store 2 regulars", storeId: 2), await Add("Switched off", active: false));
        await _store.StaticSegments().AddAsync(_vip, [_both.Id, _vipOnly.Id, _guestVip.Id], "test", DateTime.UtcNow);
        await _store.StaticSegments().AddAsync(_loyal, [_both.Id], "test", DateTime.UtcNow);
        await _store.StaticSegments().AddAsync(_otherStore, [_nobody.Id], "test", DateTime.UtcNow);
        await _store.StaticSegments().AddAsync(_off, [_nobody.Id], "test", DateTime.UtcNow);
    }

    [TearDown]
    public void TearDown() => _store?.Dispose();

    private SegmentRequirementService Service(LinqToDB.Data.DataConnection connection = null) =>
        new(_customers.Object, new Linq2DbRepository<SegmentRequirement>(connection ?? _store.Connection), new Linq2DbRepository<Segment>(connection ?? _store.Connection),
            _store.Cache, _store.MembershipService(connection),
            new CustomerStateService(new Linq2DbRepository<AbandonedCart>(connection ?? _store.Connection),
                new Linq2DbRepository<CustomerProfile>(connection ?? _store.Connection), _store.Cache), TimeProvider.System);

    private async Task<bool> CheckAsync(int requirementId, Customer customer, int storeId = 1) =>
        (await Service().CheckAsync(new DiscountRequirementValidationRequest
        {
            DiscountRequirementId = requirementId, Customer = customer, Store = new Store { Id = storeId }
        })).IsValid;

    [Test]
    public async Task Any_all_and_none_of_the_segments()
    {
        Assert.That(await Service().SaveAsync(1, [_vip.Id, _loyal.Id], SegmentMatch.Any, RequirementAudience.Everyone), Is.Null);
        Assert.That(await Service().SaveAsync(2, [_vip.Id, _loyal.Id], SegmentMatch.All, RequirementAudience.Everyone), Is.Null);
        Assert.That(await Service().SaveAsync(3, [_vip.Id], SegmentMatch.None, RequirementAudience.Everyone), Is.Null);

        Assert.That(new[] { await CheckAsync(1, _both), await CheckAsync(1, _vipOnly), await CheckAsync(1, _nobody) }, Is.EqualTo(new[] { true, true, false }));
        Assert.That(new[] { await CheckAsync(2, _both), await CheckAsync(2, _vipOnly), await CheckAsync(2, _nobody) }, Is.EqualTo(new[] { true, false, false }));
        Assert.That(new[] { await CheckAsync(3, _both), await CheckAsync(3, _vipOnly), await CheckAsync(3, _nobody) }, Is.EqualTo(new[] { false, false, true }));
    }

    [Test]
    public async Task A_customer_s_segments_come_in_the_owner_s_priority_order()
    {
        _vip.Priority = 20;
        _loyal.Priority = 5;
        await _store.Repository<Segment>().UpdateAsync(_vip);
        await _store.Repository<Segment>().UpdateAsync(_loyal);

        Assert.That(await _store.MembershipService().GetSegmentIdsAsync(_both.Id, 1), Is.EqualTo(new[] { _loyal.Id, _vip.Id }));
    }

    [Test]
    public async Task Segments_of_another_store_or_switched_off_do_not_count()
    {
        await Service().SaveAsync(1, [_otherStore.Id, _off.Id], SegmentMatch.Any, RequirementAudience.Everyone);

        Assert.That(await CheckAsync(1, _nobody, storeId: 1), Is.False);
        Assert.That(await CheckAsync(1, _nobody, storeId: 2), Is.True);
    }

    [Test]
    public async Task Guests_and_registered_customers()
    {
        await Service().SaveAsync(1, [_vip.Id], SegmentMatch.Any, RequirementAudience.RegisteredOnly);
        await Service().SaveAsync(2, [_vip.Id], SegmentMatch.Any, RequirementAudience.GuestsOnly);
        await Service().SaveAsync(3, [_vip.Id], SegmentMatch.Any, RequirementAudience.Everyone);

        Assert.That(new[] { await CheckAsync(1, _vipOnly), await CheckAsync(1, _guestVip) }, Is.EqualTo(new[] { true, false }));
        Assert.That(new[] { await CheckAsync(2, _vipOnly), await CheckAsync(2, _guestVip) }, Is.EqualTo(new[] { false, true }));
        Assert.That(new[] { await CheckAsync(3, _vipOnly), await CheckAsync(3, _guestVip) }, Is.EqualTo(new[] { true, true }));
    }

    [Test]
    public async Task Without_a_saved_requirement_or_customer_nobody_qualifies()
    {
        Assert.That(await CheckAsync(99, _both), Is.False);
        await Service().SaveAsync(1, [_vip.Id], SegmentMatch.Any, RequirementAudience.Everyone);
        Assert.That(await CheckAsync(1, null), Is.False);
    }

    [Test]
    public async Task Bad_settings_are_refused_and_nothing_is_saved()
    {
        Assert.That(await Service().SaveAsync(1, [], SegmentMatch.Any, RequirementAudience.Everyone), Is.EqualTo("Choose at least one segment."));
        Assert.That(await Service().SaveAsync(1, [_vip.Id, 4242], SegmentMatch.Any, RequirementAudience.Everyone), Is.EqualTo("No segment with id 4242."));
        Assert.That(await Service().SaveAsync(1, [_vip.Id], (SegmentMatch)7, RequirementAudience.Everyone), Does.StartWith("Choose how"));
        Assert.That(await _store.Repository<SegmentRequirement>().Table.CountAsync(), Is.Zero);
    }

    [Test]
    public async Task The_discount_editor_form_creates_the_requirement_only_for_good_input()
    {
        var discounts = new Mock<IDiscountService>();
        discounts.Setup(d => d.GetDiscountByIdAsync(7)).ReturnsAsync(new Discount { Id = 7 });
        discounts.Setup(d => d.InsertDiscountRequirementAsync(It.IsAny<DiscountRequirement>()))
            .Callback<DiscountRequirement>(r => r.Id = 31).Returns(Task.CompletedTask);
        var controller = new SegmentRequirementController(discounts.Object, new FakeLocalizationService(new FakeLanguageService()),
            _store.Repository<Segment>(), Service());

        var refused = await controller.Configure(new RequirementModel { DiscountId = 7, SegmentIds = [], MatchId = 10 }) as OkObjectResult;
        Assert.That(refused?.Value?.ToString(), Does.Contain("Errors"));
        discounts.Verify(d => d.InsertDiscountRequirementAsync(It.IsAny<DiscountRequirement>()), Times.Never);

        var saved = await controller.Configure(new RequirementModel { DiscountId = 7, SegmentIds = [_loyal.Id], MatchId = 20, AudienceId = 0 }) as OkObjectResult;
        Assert.That(saved?.Value?.ToString(), Does.Contain("NewRequirementId = 31"));
        discounts.Verify(d => d.InsertDiscountRequirementAsync(It.Is<DiscountRequirement>(r =>
            r.DiscountId == 7 && r.DiscountRequirementRuleSystemName == SegmentationDefaults.SystemName)), Times.Once);
        Assert.That(await CheckAsync(31, _both), Is.True);
        Assert.That(await CheckAsync(31, _vipOnly), Is.False);

        Assert.That(await controller.Configure(new RequirementModel { DiscountId = 8, SegmentIds = [_loyal.Id] }), Is.InstanceOf<NotFoundObjectResult>());

        var form = await controller.Configure(7, 31) as ViewResult;
        var model = (RequirementModel)form!.Model!;
        Assert.That((model.SegmentIds, model.MatchId, form.ViewName), Is.EqualTo((new List<int> { _loyal.Id }, 20, SegmentRequirementController.ConfigureView)));
        Assert.That(model.AvailableSegments.Select(s => s.Text), Is.EquivalentTo(new[] { "VIP", "Loyal", "Store 2 regulars", "Switched off" }));
    }

    [Test]
    public async Task A_warm_check_reads_nothing_from_the_database_and_a_membership_change_is_seen_at_once()
    {
        await Service().SaveAsync(1, [_loyal.Id], SegmentMatch.Any, RequirementAudience.Everyone);
        Assert.That(await CheckAsync(1, _vipOnly), Is.False, "warms the cache");

        var statements = 0;
        using var traced = _store.Database.OpenDataConnection(info =>
        {
            if (info.TraceInfoStep == LinqToDB.Data.TraceInfoStep.BeforeExecute)
                statements++;
        });
        var warm = await Service(traced).CheckAsync(new DiscountRequirementValidationRequest { DiscountRequirementId = 1, Customer = _vipOnly, Store = new Store { Id = 1 } });
        Assert.That((warm.IsValid, statements), Is.EqualTo((false, 0)));

        // the customer joins the segment: the cached answer must not survive
        await _store.StaticSegments().AddAsync(_loyal, [_vipOnly.Id], "test", DateTime.UtcNow);
        Assert.That(await CheckAsync(1, _vipOnly), Is.True);

        // and a store-wide evaluation that changes members clears every customer's entry
        var rule = new Segment { Name = "rule", SegmentType = SegmentType.Dynamic, Rule = "orders >= 0", Active = true, CreatedOnUtc = DateTime.UtcNow, UpdatedOnUtc = DateTime.UtcNow };
        await _store.Repository<Segment>().InsertAsync(rule);
        await _store.Repository<CustomerProfile>().InsertAsync(new CustomerProfile { CustomerId = _nobody.Id, ComputedOnUtc = DateTime.UtcNow });
        await Service().SaveAsync(2, [rule.Id], SegmentMatch.Any, RequirementAudience.Everyone);
        Assert.That(await CheckAsync(2, _nobody), Is.False);
        await _store.SegmentService().EvaluateAsync(rule, DateTime.UtcNow);
        Assert.That(await CheckAsync(2, _nobody), Is.True);
    }

    [Test]
    public async Task Removing_the_requirement_forgets_its_segments()
    {
        await Service().SaveAsync(12, [_vip.Id], SegmentMatch.Any, RequirementAudience.Everyone);
        await Service().SaveAsync(13, [_loyal.Id], SegmentMatch.Any, RequirementAudience.Everyone);
        Assert.That(await CheckAsync(12, _vipOnly), Is.True, "warms the cache");

        // another rule's requirement with the same id is not ours
        await new RequirementEventConsumer(Service()).HandleEventAsync(new Nop.Core.Events.EntityDeletedEvent<DiscountRequirement>(
            new DiscountRequirement { Id = 13, DiscountRequirementRuleSystemName = "DiscountRequirement.MustBeAssignedToCustomerRole" }));
        Assert.That(await _store.Repository<SegmentRequirement>().Table.CountAsync(), Is.EqualTo(2));

        await new RequirementEventConsumer(Service()).HandleEventAsync(new Nop.Core.Events.EntityDeletedEvent<DiscountRequirement>(
            new DiscountRequirement { Id = 12, DiscountRequirementRuleSystemName = SegmentationDefaults.SystemName }));

        Assert.That((await _store.Repository<SegmentRequirement>().Table.ToListAsync()).Select(r => r.DiscountRequirementId), Is.EqualTo(new[] { 13 }));
        Assert.That(await CheckAsync(12, _vipOnly), Is.False, "the cached requirement went with it");
    }
}
