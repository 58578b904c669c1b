using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Moq;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Plugin.Misc.Segmentation.Controllers;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Factories;
using Nop.Plugin.Misc.Segmentation.Services.Analytics;
using Nop.Plugin.Misc.Segmentation.Services.Offers;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Plugin.Misc.Segmentation.Tests.Fakes;
using Nop.Services.Catalog;
using Nop.Services.Helpers;
using Nop.Services.Messages;

namespace Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;

/// <summary>
/// The admin segment pages over a store's database as nopCommerce would compose them: the real services, factory and
/// controller; nopCommerce's own services that only format or notify are stand-ins (UTC times, invariant prices).
/// </summary>
public sealed class SegmentAdminHost
{
    private readonly StoreDatabase _store;
    private readonly TimeProvider _clock;

    public SegmentAdminHost(StoreDatabase store, TimeProvider clock)
    {
        _store = store;
        _clock = clock;
        Campaigns.Setup(c => c.InsertCampaignAsync(It.IsAny<Campaign>())).Callback<Campaign>(c => c.Id = 77).Returns(Task.CompletedTask);
    }

    public FakeDiscounts Discounts { get; } = new();

    public Mock<INotificationService> Notifications { get; } = new();

    public Mock<ICampaignService> Campaigns { get; } = new();

    public SegmentService Segments() => new(_store.Localization, _store.Repository<CustomerRole>(), _store.Repository<Segment>(), _store.Repository<SegmentMember>(),
        _store.Repository<SegmentMovement>(), _store.Repository<SegmentSnapshot>(), new FakeStoreService(), _store.RoleSync(), _store.SegmentService(),
        _store.MembershipService(), _store.StaticSegments());

    public SegmentMemberService Members() => new(_store.Repository<Customer>(), _store.Repository<CustomerProfile>(), _store.Repository<SegmentMember>(),
        _store.Repository<SegmentMovement>());

    public SegmentPreviewService Preview() => new(_store.Repository<Customer>(), _store.Repository<CustomerProfile>(), _store.Repository<SegmentMember>(),
        _store.RuleSources(), _store.Cache);

    /// <summary>The settings the details read (the cart conversion window).</summary>
    public SegmentationSettings Settings { get; } = new();

    public SegmentKpiService Kpis() => new(_store.Repository<AbandonedCart>(), _store.Repository<CustomerProfile>(),
        _store.Repository<Nop.Core.Domain.Orders.Order>(), _store.Repository<SegmentMember>(), _store.Cache, Settings);

    public SegmentTrendService Trends() => new(_store.Repository<SegmentMovement>(), _store.Repository<SegmentSnapshot>(), _store.Cache);

    public SegmentTransitionService Transitions() => new(_store.Repository<Segment>(), _store.Repository<SegmentMovement>(), _store.Cache);

    public SegmentDiscountService SegmentDiscounts() => new(Discounts, _store.Localization, _store.Repository<Segment>(),
        _store.RequirementService(Mock.Of<Nop.Services.Customers.ICustomerService>(), _clock));

    public SegmentModelFactory Factory()
    {
        var dates = new Mock<IDateTimeHelper>();
        dates.Setup(d => d.ConvertToUserTimeAsync(It.IsAny<DateTime>(), DateTimeKind.Utc)).ReturnsAsync((DateTime d, DateTimeKind _) => d);
        dates.Setup(d => d.GetCurrentTimeZoneAsync()).ReturnsAsync(TimeZoneInfo.Utc);
        dates.SetupGet(d => d.DefaultStoreTimeZone).Returns(TimeZoneInfo.Utc);
        dates.Setup(d => d.ConvertToUtcTime(It.IsAny<DateTime>(), It.IsAny<TimeZoneInfo>())).Returns((DateTime d, TimeZoneInfo _) => DateTime.SpecifyKind(d, DateTimeKind.Utc));
        var prices = new Mock<IPriceFormatter>();
        prices.Setup(p => p.FormatPriceAsync(It.IsAny<decimal>())).ReturnsAsync((decimal d) => d.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        var limited = new SegmentLimitedDiscountService(Discounts, _store.Localization, Mock.Of<Nop.Services.Logging.ILogger>(), _store.Repository<Segment>(),
            _store.Repository<SegmentRequirement>());
        return new SegmentModelFactory(dates.Object, _store.Localization, prices.Object, _store.Repository<Nop.Core.Domain.Catalog.Category>(),
            _store.Repository<Nop.Core.Domain.Directory.Country>(), _store.Repository<Nop.Core.Domain.Localization.Language>(),
            _store.Repository<Nop.Core.Domain.Catalog.Product>(), _store.Repository<CustomerRole>(), _store.Repository<Segment>(), new FakeStoreService(), limited,
            Members(), Segments(), _clock, Kpis(), Trends(), Transitions(), new AnalyticsPeriodService(dates.Object, _store.Localization));
    }

    /// <summary>A controller for one request.</summary>
    public SegmentAdminController Controller()
    {
        var controller = new SegmentAdminController(Campaigns.Object, Discounts, _store.Localization, Notifications.Object, _store.RoleSync(), SegmentDiscounts(),
            _store.SegmentService(), Members(), Factory(), Preview(), Segments(), _store.StaticSegments(), _clock);
        controller.ControllerContext = new ControllerContext { HttpContext = new DefaultHttpContext() };
        return controller;
    }
}
