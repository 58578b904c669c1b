using Microsoft.AspNetCore.Mvc.Rendering;
using Nop.Core;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Models.Admin;
using Nop.Plugin.Misc.Segmentation.Services.Offers;
using Nop.Plugin.Misc.Segmentation.Validators;
using Nop.Services.Localization;
using Nop.Services.Stores;
using Nop.Services.Configuration;

namespace Nop.Plugin.Misc.Segmentation.Factories;

/// <summary>Builds the admin models from settings and writes them back, honouring the store scope.</summary>
public class SegmentationModelFactory
{
    private readonly GreetingService _greetingService;
    private readonly ILanguageService _languageService;
    private readonly ILocalizationService _localizationService;
    private readonly IRepository<Segment> _segmentRepository;
    private readonly ISettingService _settingService;
    private readonly IStoreContext _storeContext;
    private readonly IStoreService _storeService;

    public SegmentationModelFactory(GreetingService greetingService,
        ILanguageService languageService,
        ILocalizationService localizationService,
        IRepository<Segment> segmentRepository,
        ISettingService settingService,
        IStoreContext storeContext,
        IStoreService storeService)
    {
        _greetingService = greetingService;
        _languageService = languageService;
        _localizationService = localizationService;
        _segmentRepository = segmentRepository;
        _settingService = settingService;
        _storeContext = storeContext;
        _storeService = storeService;
    }

    public async Task<ConfigurationModel> PrepareConfigurationModelAsync()
    {
        var storeScope = await _storeContext.GetActiveStoreScopeConfigurationAsync();
        var settings = await _settingService.LoadSettingAsync<SegmentationSettings>(storeScope);

        var model = new ConfigurationModel
        {
            ActiveStoreScopeConfiguration = storeScope,
            NewCustomerDays = settings.NewCustomerDays,
            AtRiskAfterDays = settings.AtRiskAfterDays,
            LapsedAfterDays = settings.LapsedAfterDays,
            ChurnedAfterDays = settings.ChurnedAfterDays,
            HeavyTierMinOrders = settings.HeavyTierMinOrders,
            MediumTierMinOrders = settings.MediumTierMinOrders,
            LoyalMinOrders = settings.LoyalMinOrders,
            LoyalMinAmount = settings.LoyalMinAmount,
            LoyalPeriodDays = settings.LoyalPeriodDays,
            VipMinSpent = settings.VipMinSpent,
            AbandonedCartIdleHours = settings.AbandonedCartIdleHours,
            CartOfferValidDays = settings.CartOfferValidDays,
            CartReminderHours = string.Join(", ", settings.CartReminderHours ?? []),
            GreetingWidgetZones = string.Join(", ", settings.GreetingWidgetZones ?? []),
            LoyaltyWidgetZones = string.Join(", ", settings.LoyaltyWidgetZones ?? []),
            CartOfferWidgetZones = string.Join(", ", settings.CartOfferWidgetZones ?? []),
            LoyaltyProgressOrders = settings.LoyaltyProgressOrders,
            BatchSize = settings.BatchSize,
            RebuildLeaseMinutes = settings.RebuildLeaseMinutes
        };

        if (storeScope > 0)
        {
            model.NewCustomerDays_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.NewCustomerDays, storeScope);
            model.AtRiskAfterDays_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.AtRiskAfterDays, storeScope);
            model.LapsedAfterDays_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.LapsedAfterDays, storeScope);
            model.ChurnedAfterDays_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.ChurnedAfterDays, storeScope);
            model.HeavyTierMinOrders_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.HeavyTierMinOrders, storeScope);
            model.MediumTierMinOrders_OverrideForStore = await _settingService.SettingExistsAsync(settings, s => s.MediumTierMinOrders, storeScope);
        }

        await PrepareGreetingsAsync(model);
        return model;
    }

    /// <summary>The greeting texts with readable names, and the choices for a new one ("all" is 0 for store and language).</summary>
    public async Task PrepareGreetingsAsync(ConfigurationModel model)
    {
        var all = await _localizationService.GetResourceAsync("Admin.Common.All");
        var audiences = new List<SelectListItem>();
        foreach (var audience in Enum.GetValues<GreetingAudience>())
            audiences.Add(new SelectListItem(await _localizationService.GetLocalizedEnumAsync(audience), ((int)audience).ToString()));
        var segments = (await _segmentRepository.Table.OrderBy(s => s.Priority).ThenBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync())
            .Select(s => new SelectListItem(s.Name, s.Id.ToString())).Prepend(new SelectListItem(all, "0")).ToList();
        var stores = (await _storeService.GetAllStoresAsync()).Select(s => new SelectListItem(s.Name, s.Id.ToString()))
            .Prepend(new SelectListItem(all, "0")).ToList();
        var languages = (await _languageService.GetAllLanguagesAsync(showHidden: true)).Select(l => new SelectListItem(l.Name, l.Id.ToString()))
            .Prepend(new SelectListItem(all, "0")).ToList();

        string NameOf(List<SelectListItem> items, int id) => items.FirstOrDefault(i => i.Value == id.ToString())?.Text ?? $"#{id}";
        model.Greetings = (await _greetingService.GetAllAsync()).Select(t => new GreetingModel
        {
            Id = t.Id, AudienceId = t.AudienceId, SegmentId = t.SegmentId, StoreId = t.StoreId, LanguageId = t.LanguageId, Body = t.Body,
            AudienceName = NameOf(audiences, t.AudienceId), SegmentName = NameOf(segments, t.SegmentId),
            StoreName = NameOf(stores, t.StoreId), LanguageName = NameOf(languages, t.LanguageId)
        }).ToList();
        model.NewGreeting = new GreetingModel
        {
            AudienceId = (int)GreetingAudience.SignedIn,
            AvailableAudiences = audiences, AvailableSegments = segments, AvailableStores = stores, AvailableLanguages = languages
        };
    }

    /// <summary>Saves a model that passed validation.</summary>
    public async Task SaveConfigurationAsync(ConfigurationModel model)
    {
        var storeScope = await _storeContext.GetActiveStoreScopeConfigurationAsync();
        var settings = await _settingService.LoadSettingAsync<SegmentationSettings>(storeScope);

        settings.NewCustomerDays = model.NewCustomerDays;
        settings.AtRiskAfterDays = model.AtRiskAfterDays;
        settings.LapsedAfterDays = model.LapsedAfterDays;
        settings.ChurnedAfterDays = model.ChurnedAfterDays;
        settings.HeavyTierMinOrders = model.HeavyTierMinOrders;
        settings.MediumTierMinOrders = model.MediumTierMinOrders;
        settings.LoyalMinOrders = model.LoyalMinOrders;
        settings.LoyalMinAmount = model.LoyalMinAmount;
        settings.LoyalPeriodDays = model.LoyalPeriodDays;
        settings.VipMinSpent = model.VipMinSpent;
        settings.AbandonedCartIdleHours = model.AbandonedCartIdleHours;
        settings.CartOfferValidDays = model.CartOfferValidDays;
        settings.CartReminderHours = ConfigurationModelValidator.SplitReminderHours(model.CartReminderHours);
        settings.GreetingWidgetZones = ConfigurationModelValidator.SplitZones(model.GreetingWidgetZones);
        settings.LoyaltyWidgetZones = ConfigurationModelValidator.SplitZones(model.LoyaltyWidgetZones);
        settings.CartOfferWidgetZones = ConfigurationModelValidator.SplitZones(model.CartOfferWidgetZones);
        settings.LoyaltyProgressOrders = model.LoyaltyProgressOrders;
        settings.BatchSize = model.BatchSize;
        settings.RebuildLeaseMinutes = model.RebuildLeaseMinutes;

        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.NewCustomerDays, model.NewCustomerDays_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.AtRiskAfterDays, model.AtRiskAfterDays_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.LapsedAfterDays, model.LapsedAfterDays_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.ChurnedAfterDays, model.ChurnedAfterDays_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.HeavyTierMinOrders, model.HeavyTierMinOrders_OverrideForStore, storeScope, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.MediumTierMinOrders, model.MediumTierMinOrders_OverrideForStore, storeScope, false);
        // one value for all stores
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.LoyalMinOrders, false, 0, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.LoyalMinAmount, false, 0, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.LoyalPeriodDays, false, 0, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.VipMinSpent, false, 0, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.AbandonedCartIdleHours, false, 0, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.CartOfferValidDays, false, 0, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.CartReminderHours, false, 0, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.GreetingWidgetZones, false, 0, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.LoyaltyWidgetZones, false, 0, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.CartOfferWidgetZones, false, 0, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.LoyaltyProgressOrders, false, 0, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.BatchSize, false, 0, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.RebuildLeaseMinutes, false, 0, false);

        await _settingService.ClearCacheAsync();
    }
}
