using Nop.Core;
using Nop.Plugin.Misc.Segmentation.Models;
using Nop.Services.Configuration;

namespace Nop.Plugin.Misc.Segmentation.Factories;

/// <summary>Builds the admin models from settings and writes them back, honouring the store scope.</summary>
public class SegmentationModelFactory
{
    private readonly ISettingService _settingService;
    private readonly IStoreContext _storeContext;

    public SegmentationModelFactory(ISettingService settingService, IStoreContext storeContext)
    {
        _settingService = settingService;
        _storeContext = storeContext;
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

        return model;
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
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.BatchSize, false, 0, false);
        await _settingService.SaveSettingOverridablePerStoreAsync(settings, s => s.RebuildLeaseMinutes, false, 0, false);

        await _settingService.ClearCacheAsync();
    }
}
