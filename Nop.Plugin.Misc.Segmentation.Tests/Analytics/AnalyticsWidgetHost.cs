using Moq;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Segmentation.Components;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Factories;
using Nop.Plugin.Misc.Segmentation.Services.Analytics;
using Nop.Plugin.Misc.Segmentation.Tests.Fakes;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using Nop.Services.Catalog;
using Nop.Services.Common;
using Nop.Services.Helpers;

namespace Nop.Plugin.Misc.Segmentation.Tests.Analytics;

/// <summary>
/// The plugin's admin blocks over a store's database: the real services, factory and components; nopCommerce's own
/// services that only format or read a preference are stand-ins (prices as invariant "0.00", the owner's time zone as set).
/// </summary>
public sealed class AnalyticsWidgetHost
{
    private readonly StoreDatabase _store;

    public AnalyticsWidgetHost(StoreDatabase store, DateTime utcNow)
    {
        _store = store;
        Clock = new ManualClock(utcNow);
        Permissions.InsertPermissionsAsync().GetAwaiter().GetResult();
    }

    public ManualClock Clock { get; }

    /// <summary>The owner's time zone.</summary>
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

    /// <summary>The owner's saved preferences (generic attributes of the signed-in admin).</summary>
    public Dictionary<string, bool> Preferences { get; } = [];

    public FakePermissionService Permissions { get; } = new(typeof(SegmentationPlugin).Assembly);

    public SegmentationSettings Settings { get; } = new() { CartReminderHours = [0, 48] };

    public CustomerInsightService Insights() => new(_store.Repository<AbandonedCart>(), _store.Repository<CartReminder>(), _store.Repository<CustomerProfile>(),
        _store.Repository<Segment>(), _store.Repository<SegmentMember>(), _store.Repository<SegmentMovement>(), _store.Cache);

    public AnalyticsWidgetModelFactory Factory()
    {
        var dates = new Mock<IDateTimeHelper>();
        dates.Setup(d => d.GetCurrentTimeZoneAsync()).ReturnsAsync(() => TimeZone);
        dates.Setup(d => d.ConvertToUserTimeAsync(It.IsAny<DateTime>(), DateTimeKind.Utc))
            .ReturnsAsync((DateTime d, DateTimeKind _) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(d, DateTimeKind.Utc), TimeZone));
        dates.Setup(d => d.ConvertToUserTime(It.IsAny<DateTime>(), It.IsAny<TimeZoneInfo>(), It.IsAny<TimeZoneInfo>()))
            .Returns((DateTime d, TimeZoneInfo from, TimeZoneInfo to) => TimeZoneInfo.ConvertTime(DateTime.SpecifyKind(d, DateTimeKind.Unspecified), from, to));
        dates.Setup(d => d.ConvertToUtcTime(It.IsAny<DateTime>(), It.IsAny<TimeZoneInfo>()))
            .Returns((DateTime d, TimeZoneInfo zone) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(d, DateTimeKind.Unspecified), zone));
        var prices = new Mock<IPriceFormatter>();
        prices.Setup(p => p.FormatPriceAsync(It.IsAny<decimal>())).ReturnsAsync((decimal d) => d.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        var admin = new Customer { Id = 1 };
        var work = new Mock<IWorkContext>();
        work.Setup(w => w.GetCurrentCustomerAsync()).ReturnsAsync(admin);
        var attributes = new Mock<IGenericAttributeService>();
        attributes.Setup(a => a.GetAttributeAsync(admin, It.IsAny<string>(), 0, false))
            .ReturnsAsync((BaseEntity _, string key, int _, bool fallback) => Preferences.TryGetValue(key, out var value) ? value : fallback);

        return new AnalyticsWidgetModelFactory(
            new AbandonedCartReportService(_store.Repository<AbandonedCart>(), _store.Repository<CartReminder>(), _store.Repository<Customer>(), _store.Cache, Settings),
            Insights(), dates.Object, attributes.Object, _store.Localization, prices.Object, new FakeStoreService(), work.Object,
            new PredictionReportService(_store.Repository<Customer>(), _store.Repository<CustomerProfile>(), _store.Cache), Clock);
    }

    public SegmentationCustomerPanelViewComponent CustomerPanel() => new(Factory(), Permissions);

    public SegmentationDashboardBlockViewComponent DashboardBlock() => new(Factory(), Permissions);
}

/// <summary>Stands for nopCommerce's admin CustomerModel (in Nop.Web, which the plugin cannot see): an entity model with the customer's id.</summary>
public record CustomerPageModel : Nop.Web.Framework.Models.BaseNopEntityModel;
