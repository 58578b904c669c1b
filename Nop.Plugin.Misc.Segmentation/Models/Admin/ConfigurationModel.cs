using Nop.Web.Framework.Models;
using Nop.Web.Framework.Mvc.ModelBinding;

namespace Nop.Plugin.Misc.Segmentation.Models.Admin;

public record ConfigurationModel : BaseNopModel
{
    public int ActiveStoreScopeConfiguration { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Fields.NewCustomerDays")]
    public int NewCustomerDays { get; set; }
    public bool NewCustomerDays_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Fields.AtRiskAfterDays")]
    public int AtRiskAfterDays { get; set; }
    public bool AtRiskAfterDays_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Fields.LapsedAfterDays")]
    public int LapsedAfterDays { get; set; }
    public bool LapsedAfterDays_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Fields.ChurnedAfterDays")]
    public int ChurnedAfterDays { get; set; }
    public bool ChurnedAfterDays_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Fields.HeavyTierMinOrders")]
    public int HeavyTierMinOrders { get; set; }
    public bool HeavyTierMinOrders_OverrideForStore { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Fields.MediumTierMinOrders")]
    public int MediumTierMinOrders { get; set; }
    public bool MediumTierMinOrders_OverrideForStore { get; set; }

    // the segments below are the same for every store, so these are not per store
    [NopResourceDisplayName("Plugins.Misc.Segmentation.Fields.LoyalMinOrders")]
    public int LoyalMinOrders { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Fields.LoyalMinAmount")]
    public decimal LoyalMinAmount { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Fields.LoyalPeriodDays")]
    public int LoyalPeriodDays { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Fields.VipMinSpent")]
    public decimal VipMinSpent { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Fields.AbandonedCartIdleHours")]
    public int AbandonedCartIdleHours { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Fields.CartOfferValidDays")]
    public int CartOfferValidDays { get; set; }

    /// <summary>Hours after detection, comma-separated: one reminder e-mail each.</summary>
    [NopResourceDisplayName("Plugins.Misc.Segmentation.Fields.CartReminderHours")]
    public string CartReminderHours { get; set; }

    /// <summary>Widget zone names, comma-separated; the same in every store.</summary>
    [NopResourceDisplayName("Plugins.Misc.Segmentation.Fields.GreetingWidgetZones")]
    public string GreetingWidgetZones { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Fields.LoyaltyWidgetZones")]
    public string LoyaltyWidgetZones { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Fields.CartOfferWidgetZones")]
    public string CartOfferWidgetZones { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Fields.LoyaltyProgressOrders")]
    public int LoyaltyProgressOrders { get; set; }

    /// <summary>The owner's greeting texts, and the choices for a new one.</summary>
    public List<GreetingModel> Greetings { get; set; } = [];

    public GreetingModel NewGreeting { get; set; } = new();

    /// <summary>Maintenance runs once for all stores, so these are not per store.</summary>
    [NopResourceDisplayName("Plugins.Misc.Segmentation.Fields.BatchSize")]
    public int BatchSize { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Fields.RebuildLeaseMinutes")]
    public int RebuildLeaseMinutes { get; set; }
}
