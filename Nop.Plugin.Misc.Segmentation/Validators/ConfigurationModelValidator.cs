using FluentValidation;
using Nop.Plugin.Misc.Segmentation.Models.Admin;
using Nop.Services.Localization;
using Nop.Web.Framework.Validators;

namespace Nop.Plugin.Misc.Segmentation.Validators;

public class ConfigurationModelValidator : BaseNopValidator<ConfigurationModel>
{
    public const int MinDays = 1;
    public const int MaxDays = 3650;
    public const int MinBatchSize = 100;
    public const int MaxBatchSize = 100_000;

    public ConfigurationModelValidator(ILocalizationService localizationService)
    {
        var daysMessage = localizationService.GetResourceAsync("Plugins.Misc.Segmentation.Fields.Days.Range");
        RuleFor(model => model.NewCustomerDays).InclusiveBetween(MinDays, MaxDays).WithMessageAwait(daysMessage);
        RuleFor(model => model.AtRiskAfterDays).InclusiveBetween(MinDays, MaxDays).WithMessageAwait(daysMessage);
        RuleFor(model => model.LapsedAfterDays).InclusiveBetween(MinDays, MaxDays).WithMessageAwait(daysMessage);
        RuleFor(model => model.ChurnedAfterDays).InclusiveBetween(MinDays, MaxDays).WithMessageAwait(daysMessage);

        // the lifecycle stages are read from these in order; overlapping ranges would make stages unreachable
        RuleFor(model => model.ChurnedAfterDays)
            .Must((model, _) => model.NewCustomerDays < model.AtRiskAfterDays
                && model.AtRiskAfterDays < model.LapsedAfterDays
                && model.LapsedAfterDays < model.ChurnedAfterDays)
            .WithMessageAwait(localizationService.GetResourceAsync("Plugins.Misc.Segmentation.Fields.Lifecycle.Order"));

        var tierMessage = localizationService.GetResourceAsync("Plugins.Misc.Segmentation.Fields.Tiers.Range");
        RuleFor(model => model.MediumTierMinOrders).InclusiveBetween(1, 1000).WithMessageAwait(tierMessage);
        RuleFor(model => model.HeavyTierMinOrders).InclusiveBetween(1, 1000).WithMessageAwait(tierMessage);
        RuleFor(model => model.HeavyTierMinOrders).GreaterThan(model => model.MediumTierMinOrders)
            .WithMessageAwait(localizationService.GetResourceAsync("Plugins.Misc.Segmentation.Fields.Tiers.Order"));

        RuleFor(model => model.LoyalMinOrders).InclusiveBetween(1, 1000).WithMessageAwait(tierMessage);
        RuleFor(model => model.LoyalPeriodDays).Must(days => days is 30 or 90 or 365)
            .WithMessageAwait(localizationService.GetResourceAsync("Plugins.Misc.Segmentation.Fields.LoyalPeriodDays.Values"));
        var amountMessage = localizationService.GetResourceAsync("Plugins.Misc.Segmentation.Fields.Amount.Range");
        RuleFor(model => model.LoyalMinAmount).InclusiveBetween(0, 100_000_000).WithMessageAwait(amountMessage);
        RuleFor(model => model.VipMinSpent).InclusiveBetween(0, 100_000_000).WithMessageAwait(amountMessage);

        RuleFor(model => model.AbandonedCartIdleHours).InclusiveBetween(1, 720)
            .WithMessageAwait(localizationService.GetResourceAsync("Plugins.Misc.Segmentation.Fields.AbandonedCartIdleHours.Range"));
        RuleFor(model => model.CartOfferValidDays).InclusiveBetween(1, 90)
            .WithMessageAwait(localizationService.GetResourceAsync("Plugins.Misc.Segmentation.Fields.CartOfferValidDays.Range"));

        RuleFor(model => model.CartReminderHours)
            .Must((model, hours) => ValidReminderHours(hours, model.CartOfferValidDays))
            .WithMessageAwait(localizationService.GetResourceAsync("Plugins.Misc.Segmentation.Fields.CartReminderHours.Invalid"));

        RuleFor(model => model.RebuildLeaseMinutes).InclusiveBetween(1, 240)
            .WithMessageAwait(localizationService.GetResourceAsync("Plugins.Misc.Segmentation.Fields.RebuildLeaseMinutes.Range"));

        var zonesMessage = localizationService.GetResourceAsync("Plugins.Misc.Segmentation.Fields.WidgetZones.Invalid");
        RuleFor(model => model.GreetingWidgetZones).Must(ValidZones).WithMessageAwait(zonesMessage);
        RuleFor(model => model.LoyaltyWidgetZones).Must(ValidZones).WithMessageAwait(zonesMessage);
        RuleFor(model => model.CartOfferWidgetZones).Must(ValidZones).WithMessageAwait(zonesMessage);
        RuleFor(model => model.LoyaltyProgressOrders).InclusiveBetween(0, 100)
            .WithMessageAwait(localizationService.GetResourceAsync("Plugins.Misc.Segmentation.Fields.LoyaltyProgressOrders.Range"));

        RuleFor(model => model.BatchSize).InclusiveBetween(MinBatchSize, MaxBatchSize)
            .WithMessageAwait(localizationService.GetResourceAsync("Plugins.Misc.Segmentation.Fields.BatchSize.Range"));
    }

    /// <summary>
    /// Whole hours, rising, at most <see cref="SegmentationDefaults.MaxCartReminders"/>, each before the offer ends
    /// (a reminder is never sent once the offer has expired, so a later one would never go); none is allowed.
    /// </summary>
    public static bool ValidReminderHours(string hours, int offerValidDays)
    {
        var parts = SplitList(hours);
        var values = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
                return false;
            values.Add(value);
        }

        return values.Count <= SegmentationDefaults.MaxCartReminders
            && values.Zip(values.Skip(1)).All(pair => pair.First < pair.Second)
            && values.All(value => value < offerValidDays * 24);
    }

    /// <summary>The hours of a valid <see cref="ValidReminderHours"/> entry.</summary>
    public static List<int> SplitReminderHours(string hours) =>
        SplitList(hours).Select(part => int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    /// <summary>Zone names as nopCommerce writes them (lower case, digits, underscores), at most 20; none is allowed.</summary>
    public static bool ValidZones(string zones)
    {
        var list = SplitZones(zones);
        return list.Count <= 20 && list.All(zone => zone.Length <= 100 && zone.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'));
    }

    public static List<string> SplitZones(string zones) => SplitList(zones).Distinct().ToList();

    private static List<string> SplitList(string list) =>
        (list ?? string.Empty).Split([',', ';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
