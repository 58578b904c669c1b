using Nop.Core.Configuration;
using Nop.Web.Framework.Infrastructure;

namespace Nop.Plugin.Misc.Segmentation;

public class SegmentationSettings : ISettings
{
    /// <summary>Rows per statement in the scheduled maintenance, to keep transactions and locks short.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>Lifecycle thresholds in days since the customer's first or last order.</summary>
    public int NewCustomerDays { get; set; } = 30;

    public int AtRiskAfterDays { get; set; } = 90;

    public int LapsedAfterDays { get; set; } = 180;

    public int ChurnedAfterDays { get; set; } = 365;

    /// <summary>Usage tiers by orders in the last 365 days: heavy from this many, medium from the next, light below.</summary>
    public int HeavyTierMinOrders { get; set; } = 12;

    public int MediumTierMinOrders { get; set; } = 4;

    /// <summary>The loyal segment (the shipping-upgrade bar): this many orders within the period …</summary>
    public int LoyalMinOrders { get; set; } = 3;

    /// <summary>… or at least this much spent within it (0: orders only). The period is 30, 90 or 365 days.</summary>
    public decimal LoyalMinAmount { get; set; }

    public int LoyalPeriodDays { get; set; } = 90;

    /// <summary>The VIP segment: spent at least this much in the last 365 days.</summary>
    public decimal VipMinSpent { get; set; } = 1000;

    /// <summary>A cart untouched this long is abandoned, and its customer gets a personal offer …</summary>
    public int AbandonedCartIdleHours { get; set; } = 4;

    /// <summary>… valid for this many days.</summary>
    public int CartOfferValidDays { get; set; } = 3;

    /// <summary>
    /// Reminder e-mails to registered customers, in hours after their cart was found abandoned: one reminder per entry
    /// (none: no e-mails). By default one at once and a last call a day before the three-day offer ends.
    /// </summary>
    public List<int> CartReminderHours { get; set; } = [0, 48];

    /// <summary>Where the storefront shows the greeting (widget zone names; none: not shown).</summary>
    public List<string> GreetingWidgetZones { get; set; } = [PublicWidgetZones.HomepageTop];

    /// <summary>Where it shows the loyalty upgrade and the progress towards it: the cart and the shipping-method step.</summary>
    public List<string> LoyaltyWidgetZones { get; set; } =
        [PublicWidgetZones.OrderSummaryContentBefore, PublicWidgetZones.CheckoutShippingMethodTop, PublicWidgetZones.OpCheckoutShippingMethodTop];

    /// <summary>Where it shows a returning customer their abandoned-cart offer.</summary>
    public List<string> CartOfferWidgetZones { get; set; } = [PublicWidgetZones.HomepageTop, PublicWidgetZones.OrderSummaryContentBefore];

    /// <summary>Customers at most this many orders short of the loyal bar see their progress (0: nobody).</summary>
    public int LoyaltyProgressOrders { get; set; } = 1;

    /// <summary>The upgrade the one-click set-up made, which the storefront announces: the free-shipping role …</summary>
    public int LoyaltyFreeShippingRoleId { get; set; }

    /// <summary>… or the loyal customers' shipping discount.</summary>
    public int LoyaltyShippingDiscountId { get; set; }

    /// <summary>The discount the abandoned-cart offer gives, which the storefront announces.</summary>
    public int CartOfferDiscountId { get; set; }

    /// <summary>How long a rebuild may hold its lease without reporting progress before another node may take over.</summary>
    public int RebuildLeaseMinutes { get; set; } = 10;
}
