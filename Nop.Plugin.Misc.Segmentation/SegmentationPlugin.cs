using Nop.Core.Domain.Cms;
using Nop.Core.Domain.Localization;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.ScheduleTasks;
using Nop.Plugin.Misc.Segmentation.Components;
using Nop.Plugin.Misc.Segmentation.Factories;
using Nop.Plugin.Misc.Segmentation.Infrastructure;
using Nop.Plugin.Misc.Segmentation.Services;
using Nop.Plugin.Misc.Segmentation.Services.AbandonedCarts;
using Nop.Plugin.Misc.Segmentation.Services.Offers;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Services.Cms;
using Nop.Services.Common;
using Nop.Services.Configuration;
using Nop.Services.Discounts;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.Plugins;
using Nop.Services.ScheduleTasks;
using Nop.Services.Security;
using Nop.Web.Framework.Infrastructure;
using Nop.Web.Framework.Mvc.Routing;

namespace Nop.Plugin.Misc.Segmentation;

/// <summary>
/// nopCommerce loads only the first plugin type of an assembly, so this one class carries every role:
/// the misc plugin (install, configuration), the widget plugin (storefront blocks) and the discount requirement
/// rule "customer is in segment(s)" (its SystemName is the rule's name).
/// </summary>
public class SegmentationPlugin : BasePlugin, IMiscPlugin, IWidgetPlugin, IDiscountRequirementRule
{
    private readonly AbandonedCartService _abandonedCartService;
    private readonly BuiltInSegmentService _builtInSegmentService;
    private readonly EmailAccountSettings _emailAccountSettings;
    private readonly IEmailAccountService _emailAccountService;
    private readonly IMessageTemplateService _messageTemplateService;
    private readonly ILanguageService _languageService;
    private readonly ILocalizationService _localizationService;
    private readonly INopUrlHelper _nopUrlHelper;
    private readonly INotificationService _notificationService;
    private readonly IPermissionService _permissionService;
    private readonly IScheduleTaskService _scheduleTaskService;
    private readonly ISettingService _settingService;
    private readonly SegmentationSettings _settings;
    private readonly SegmentLimitedDiscountService _limitedDiscountService;
    private readonly SegmentRequirementService _requirementService;
    private readonly TimeProvider _time;
    private readonly WidgetSettings _widgetSettings;

    public SegmentationPlugin(AbandonedCartService abandonedCartService,
        BuiltInSegmentService builtInSegmentService,
        EmailAccountSettings emailAccountSettings,
        IEmailAccountService emailAccountService,
        ILanguageService languageService,
        ILocalizationService localizationService,
        IMessageTemplateService messageTemplateService,
        INopUrlHelper nopUrlHelper,
        INotificationService notificationService,
        IPermissionService permissionService,
        IScheduleTaskService scheduleTaskService,
        ISettingService settingService,
        SegmentLimitedDiscountService limitedDiscountService,
        SegmentRequirementService requirementService,
        SegmentationSettings settings,
        TimeProvider time,
        WidgetSettings widgetSettings)
    {
        _abandonedCartService = abandonedCartService;
        _builtInSegmentService = builtInSegmentService;
        _emailAccountSettings = emailAccountSettings;
        _emailAccountService = emailAccountService;
        _messageTemplateService = messageTemplateService;
        _time = time;
        _limitedDiscountService = limitedDiscountService;
        _requirementService = requirementService;
        _languageService = languageService;
        _localizationService = localizationService;
        _nopUrlHelper = nopUrlHelper;
        _notificationService = notificationService;
        _permissionService = permissionService;
        _scheduleTaskService = scheduleTaskService;
        _settingService = settingService;
        _settings = settings;
        _widgetSettings = widgetSettings;
    }

    public override string GetConfigurationPageUrl()
    {
        return _nopUrlHelper.RouteUrl(SegmentationDefaults.ConfigurationRouteName);
    }

    /// <summary>Hidden from Admin > Widgets: the plugin activates itself, and its zones are set on its own page.</summary>
    public bool HideInWidgetList => true;

    /// <summary>
    /// The admin zones of the plugin's own blocks and their components: the home page block and the customer panel.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Type> AdminWidgetZoneComponents =
        new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase)
        {
            [AdminWidgetZones.DashboardCommonstatisticsAfter] = typeof(SegmentationDashboardBlockViewComponent),
            [AdminWidgetZones.CustomerDetailsBlock] = typeof(SegmentationCustomerPanelViewComponent)
        };

    /// <summary>
    /// The storefront zones the owner chose on the configuration page for the greeting, the loyalty upgrade and the cart
    /// offer, and the admin zones of the plugin's blocks.
    /// </summary>
    public Task<IList<string>> GetWidgetZonesAsync() => Task.FromResult<IList<string>>(PersonalizationModelFactory.ZonesOf(_settings)
        .Concat(AdminWidgetZoneComponents.Keys).Distinct(StringComparer.OrdinalIgnoreCase).ToList());

    /// <summary>
    /// An admin zone's own component; every storefront zone goes to one component that shows whichever of the three
    /// widgets the zone was chosen for (an admin zone never reaches it, even if the owner typed one in the settings).
    /// </summary>
    public Type GetWidgetViewComponent(string widgetZone) =>
        widgetZone != null && AdminWidgetZoneComponents.TryGetValue(widgetZone, out var component) ? component : typeof(PersonalizationViewComponent);

    public Task<DiscountRequirementValidationResult> CheckRequirementAsync(DiscountRequirementValidationRequest request) =>
        _requirementService.CheckAsync(request);

    public string GetConfigurationUrl(int discountId, int? discountRequirementId) =>
        _nopUrlHelper.RouteUrl(SegmentationDefaults.RequirementRouteName, new { discountId, discountRequirementId });

    public override async Task InstallAsync()
    {
        var settings = new SegmentationSettings();
        await _settingService.SaveSettingAsync(settings);

        // the owner sees the standard segments at once; the first task run fills them
        await _builtInSegmentService.EnsureAsync(settings, _time.GetUtcNow().UtcDateTime);

        await InstallLocalesAsync();

        await InstallScheduleTasksAsync();

        await InstallMessageTemplateAsync(active: true);

        // HideInWidgetList keeps the owner from activating it in Admin > Widgets, so do it here
        if (!_widgetSettings.ActiveWidgetSystemNames.Contains(SegmentationDefaults.SystemName))
        {
            _widgetSettings.ActiveWidgetSystemNames.Add(SegmentationDefaults.SystemName);
            await _settingService.SaveSettingAsync(_widgetSettings);
        }

        // nopCommerce inserts declared permissions at the next start too; doing it now makes the page usable at once
        await _permissionService.InsertPermissionsAsync();

        await base.InstallAsync();
    }

    /// <summary>
    /// Names the discounts that uninstalling will switch off while the owner can still click "Discard changes" (the
    /// uninstall runs only at the restart they confirm).
    /// </summary>
    public override async Task PreparePluginToUninstallAsync()
    {
        if (await _limitedDiscountService.GetUninstallWarningAsync() is { } warning)
            _notificationService.WarningNotification(warning);

        await base.PreparePluginToUninstallAsync();
    }

    public override async Task UninstallAsync()
    {
        // first, while the segments and the texts of the comment and log are still there
        await _limitedDiscountService.SwitchOffAsync(_time.GetUtcNow().UtcDateTime);

        await _settingService.DeleteSettingAsync<SegmentationSettings>();

        foreach (var prefix in SegmentationLocales.Prefixes)
            await _localizationService.DeleteLocaleResourcesAsync(prefix);

        foreach (var type in new[] { SegmentationDefaults.ScheduleTasks.UpdateSegmentsType, SegmentationDefaults.ScheduleTasks.AbandonedCartsType })
            if (await _scheduleTaskService.GetTaskByTypeAsync(type) is { } task)
                await _scheduleTaskService.DeleteTaskAsync(task);

        // reminders still in nopCommerce's queue would go out after the plugin is gone (its tables drop after this)
        await _abandonedCartService.WithdrawAllUnsentRemindersAsync();
        foreach (var template in await _messageTemplateService.GetMessageTemplatesByNameAsync(SegmentationDefaults.CartReminderTemplateName))
            await _messageTemplateService.DeleteMessageTemplateAsync(template);

        if (_widgetSettings.ActiveWidgetSystemNames.Remove(SegmentationDefaults.SystemName))
            await _settingService.SaveSettingAsync(_widgetSettings);

        await _permissionService.DeletePermissionAsync(SegmentationPermissionConfigManager.MANAGE_SEGMENTS);

        await base.UninstallAsync();
    }

    /// <summary>A version bump in plugin.json lands here after the pending update migrations ran.</summary>
    public override async Task UpdateAsync(string currentVersion, string targetVersion)
    {
        // all idempotent: new resources, tasks and templates of the new version are added, existing ones kept
        await InstallLocalesAsync();
        await InstallScheduleTasksAsync();
        // a store upgrading has open carts already: their customers are e-mailed only once the owner switches it on
        await InstallMessageTemplateAsync(active: false);

        await base.UpdateAsync(currentVersion, targetVersion);
    }

    /// <summary>The reminder template, unless the store has it already (an update keeps the owner's edits).</summary>
    private async Task InstallMessageTemplateAsync(bool active)
    {
        if ((await _messageTemplateService.GetMessageTemplatesByNameAsync(SegmentationDefaults.CartReminderTemplateName)).Count > 0)
            return;

        var account = await _emailAccountService.GetEmailAccountByIdAsync(_emailAccountSettings.DefaultEmailAccountId)
            ?? (await _emailAccountService.GetAllEmailAccountsAsync()).FirstOrDefault();
        await _messageTemplateService.InsertMessageTemplateAsync(new MessageTemplate
        {
            Name = SegmentationDefaults.CartReminderTemplateName,
            Subject = CartReminderMessageService.DefaultSubject,
            Body = CartReminderMessageService.DefaultBody,
            IsActive = active,
            EmailAccountId = account?.Id ?? 0,
            LimitedToStores = false
        });
    }

    private async Task InstallScheduleTasksAsync()
    {
        await InstallScheduleTaskAsync(SegmentationDefaults.ScheduleTasks.UpdateSegmentsName, SegmentationDefaults.ScheduleTasks.UpdateSegmentsType,
            SegmentationDefaults.ScheduleTasks.UpdateSegmentsSeconds);
        await InstallScheduleTaskAsync(SegmentationDefaults.ScheduleTasks.AbandonedCartsName, SegmentationDefaults.ScheduleTasks.AbandonedCartsType,
            SegmentationDefaults.ScheduleTasks.AbandonedCartsSeconds);
    }

    private async Task InstallScheduleTaskAsync(string name, string type, int seconds)
    {
        if (await _scheduleTaskService.GetTaskByTypeAsync(type) is not null)
            return;

        await _scheduleTaskService.InsertTaskAsync(new ScheduleTask
        {
            Name = name,
            Type = type,
            Seconds = seconds,
            Enabled = true,
            LastEnabledUtc = DateTime.UtcNow,
            // a failed run is logged and retried at the next interval rather than switching the task off
            StopOnError = false
        });
    }

    /// <summary>Imports the resource files through nopCommerce's own language-pack import: English into every language, then its translation.</summary>
    private async Task InstallLocalesAsync()
    {
        foreach (var language in await _languageService.GetAllLanguagesAsync(showHidden: true))
        {
            await ImportLocalesAsync(language, SegmentationLocales.FileOf(SegmentationLocales.DefaultCulture));
            if (SegmentationLocales.TranslationOf(language.LanguageCulture) is { } translation)
                await ImportLocalesAsync(language, translation);
        }
    }

    private async Task ImportLocalesAsync(Language language, string file)
    {
        using var reader = new StreamReader(file);
        await _localizationService.ImportResourcesFromXmlAsync(language, reader);
    }
}
