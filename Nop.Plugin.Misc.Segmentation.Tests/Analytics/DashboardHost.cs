using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Moq;
using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Segmentation.Controllers;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Factories;
using Nop.Plugin.Misc.Segmentation.Services.Analytics;
using Nop.Plugin.Misc.Segmentation.Tests.Fakes;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using Nop.Services.Catalog;
using Nop.Services.Helpers;
using Nop.Services.Security;

namespace Nop.Plugin.Misc.Segmentation.Tests.Analytics;

/// <summary>
/// The dashboard over a store's database as nopCommerce would compose it: the real dashboard service, factory and
/// controller; the owner's time zone is <see cref="TimeZone"/>, prices are invariant ("12.50").
/// </summary>
public sealed class DashboardHost
{
    private readonly StoreDatabase _store;
    private readonly TimeProvider _clock;

    public DashboardHost(StoreDatabase store, TimeProvider clock)
    {
        _store = store;
        _clock = clock;
    }

    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

    public bool CanViewCustomers { get; set; } = true;

    public SegmentationSettings Settings { get; } = new();

    public AbandonedCartReportService CartReports() => new(_store.Repository<AbandonedCart>(), _store.Repository<CartReminder>(),
        _store.Repository<Customer>(), _store.Cache, Settings);

    public PredictionReportService Predictions() => new(_store.Repository<Customer>(), _store.Repository<CustomerProfile>(), _store.Cache);

    public SegmentFlowService Flows() => new(_store.Repository<SegmentMember>(), _store.Repository<SegmentMovement>(), _store.Cache);

    public SegmentDashboardService Dashboard() => new(CartReports(), Predictions(), Flows(), _store.Repository<Customer>(),
        _store.Repository<CustomerProfile>(), _store.Repository<Segment>(), _store.Repository<SegmentSnapshot>(),
        _store.Repository<StoreStatistics>(), _store.Cache, _store.ProfileSnapshots());

    public SegmentDashboardModelFactory Factory()
    {
        var dates = new Mock<IDateTimeHelper>();
        dates.Setup(d => d.ConvertToUserTimeAsync(It.IsAny<DateTime>(), DateTimeKind.Utc))
            .ReturnsAsync((DateTime d, DateTimeKind _) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(d, DateTimeKind.Utc), TimeZone));
        dates.Setup(d => d.GetCurrentTimeZoneAsync()).ReturnsAsync(() => TimeZone);
        dates.SetupGet(d => d.DefaultStoreTimeZone).Returns(() => TimeZone);
        dates.Setup(d => d.ConvertToUtcTime(It.IsAny<DateTime>(), It.IsAny<TimeZoneInfo>()))
            .Returns((DateTime d, TimeZoneInfo zone) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(d, DateTimeKind.Unspecified), zone));
        var prices = new Mock<IPriceFormatter>();
        prices.Setup(p => p.FormatPriceAsync(It.IsAny<decimal>())).ReturnsAsync((decimal d) => d.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        return new SegmentDashboardModelFactory(CartReports(), new AnalyticsPeriodService(dates.Object, _store.Localization), dates.Object, _store.Localization, prices.Object,
            _store.Repository<Segment>(), new FakeStoreService(), Predictions(), Dashboard(), _clock);
    }

    /// <summary>A controller for one request.</summary>
    public SegmentDashboardController Controller()
    {
        var permissions = new Mock<IPermissionService>();
        permissions.Setup(p => p.AuthorizeAsync(StandardPermission.Customers.CUSTOMERS_VIEW)).ReturnsAsync(() => CanViewCustomers);
        var controller = new SegmentDashboardController(permissions.Object, Factory());
        controller.ControllerContext = new ControllerContext { HttpContext = new DefaultHttpContext() };
        return controller;
    }

    /// <summary>Puts the other services' figures for a period in the cache, where the dashboard reads them first.</summary>
    public void GivenReports(int storeId, DateTime fromUtc, DateTime toUtc, IReadOnlyCollection<int> flowSegmentIds, IList<SegmentFlow> flows,
        CartFunnel funnel, PredictionSummary predictions)
    {
        var cache = _store.Cache;
        cache.Entries[cache.PrepareKeyForDefaultCache(SegmentFlowService.FlowsCacheKey, string.Join("-", flowSegmentIds.Distinct().Order()), fromUtc.Ticks, toUtc.Ticks).Key] = flows.ToList();
        cache.Entries[cache.PrepareKeyForDefaultCache(AbandonedCartReportService.FunnelCacheKey, storeId, fromUtc.Ticks, toUtc.Ticks).Key] = funnel;
        cache.Entries[cache.PrepareKeyForDefaultCache(PredictionReportService.SummaryCacheKey, storeId).Key] = predictions;
    }
}
