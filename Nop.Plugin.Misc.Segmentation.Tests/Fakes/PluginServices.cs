using Moq;
using Nop.Core.Domain.Cms;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.AbandonedCarts;
using Nop.Plugin.Misc.Segmentation.Services.Offers;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Services.Customers;
using Nop.Services.Discounts;
using Nop.Web.Framework.Mvc.Routing;

namespace Nop.Plugin.Misc.Segmentation.Tests.Fakes;

/// <summary>The nopCommerce services the plugin class calls, as one store's worth of in-memory state.</summary>
public class PluginServices
{
    public PluginServices()
    {
        Localization = new FakeLocalizationService(Languages);
        Permissions = new FakePermissionService(typeof(SegmentationPlugin).Assembly);
        UrlHelper.Setup(h => h.RouteUrl(SegmentationDefaults.ConfigurationRouteName, null, null, null, null))
            .Returns("/Admin/Segmentation/Configure");
        Discounts.Setup(d => d.GetAllDiscountRequirementsAsync(0, false))
            .Returns(Task.FromResult<IList<Nop.Core.Domain.Discounts.DiscountRequirement>>([]));
        LimitedDiscounts = () => new SegmentLimitedDiscountService(Discounts.Object, Localization, Logger.Object, new EmptyRepository<Segment>(),
            new EmptyRepository<SegmentRequirement>());
    }

    /// <summary>The plugin's clock: uninstall dates its notes with it.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public FakeLanguageService Languages { get; } = new();
    public FakeStoreService Stores { get; } = new();
    public FakeLocalizationService Localization { get; }
    public FakeSettingService Settings { get; } = new();
    public FakeScheduleTaskService Tasks { get; } = new();
    public FakePermissionService Permissions { get; }
    public Mock<INopUrlHelper> UrlHelper { get; } = new();
    public Mock<IDiscountService> Discounts { get; } = new();
    public ListRepository<Segment> Segments { get; } = new();
    public FakeMessages Messages { get; } = new();
    public ListRepository<CartReminder> Reminders { get; } = new();
    public Mock<Nop.Services.Messages.INotificationService> Notifications { get; } = new();
    public Mock<Nop.Services.Logging.ILogger> Logger { get; } = new();

    /// <summary>What uninstall does to segment discounts; by default over the mocked discounts and no segment tables.</summary>
    public Func<SegmentLimitedDiscountService> LimitedDiscounts { get; set; }

    /// <summary>nopCommerce injects WidgetSettings loaded for the request; a new plugin instance gets a fresh load.</summary>
    public SegmentationPlugin CreatePlugin() =>
        new(new AbandonedCartService(Messages, new EmptyRepository<AbandonedCart>(), Reminders, new EmptyRepository<Nop.Core.Domain.Customers.Customer>(),
                new EmptyRepository<CustomerProfile>(), new EmptyRepository<Nop.Core.Domain.Orders.Order>()),
            new BuiltInSegmentService(Segments), new Nop.Core.Domain.Messages.EmailAccountSettings { DefaultEmailAccountId = FakeMessages.Account.Id },
            Messages, Languages, Localization, Messages, UrlHelper.Object, Notifications.Object, Permissions, Tasks, Settings, LimitedDiscounts(),
            new SegmentRequirementService(Mock.Of<ICustomerService>(), new EmptyRepository<SegmentRequirement>(), new EmptyRepository<Segment>(),
                new FakeStaticCacheManager(), new SegmentMembershipService(new FakeStaticCacheManager(), new EmptyRepository<Segment>(), new EmptyRepository<SegmentMember>()),
                new CustomerStateService(new EmptyRepository<AbandonedCart>(), new EmptyRepository<CustomerProfile>(), new FakeStaticCacheManager()), TimeProvider.System),
            Settings.LoadSettingAsync<SegmentationSettings>().Result, Clock, Settings.LoadSettingAsync<WidgetSettings>().Result);
}
