using System.Globalization;
using Microsoft.AspNetCore.Mvc.Rendering;
using Nop.Services.Helpers;
using Nop.Services.Localization;

namespace Nop.Plugin.Misc.Segmentation.Services.Analytics;

/// <summary>
/// The periods the analytics pages offer: the last 7, 30 or 90 days up to today, in the store's time zone. The hourly
/// task counts each of them ahead (<see cref="AnalyticsWarmupService"/>), so an owner who picks one reads the cache; a
/// period of other days is counted when asked, which takes seconds on a store of a million customers.
/// </summary>
public class AnalyticsPeriodService
{
    /// <summary>What the pages show unless the owner picks another period.</summary>
    public const int DefaultDays = 30;

    /// <summary>The offered periods, in days up to today (today included).</summary>
    public static IReadOnlyList<int> OfferedDays { get; } = [7, DefaultDays, 90];

    /// <summary>The choice "other days": the owner's own first and last day.</summary>
    public const int OtherDays = 0;

    private readonly IDateTimeHelper _dateTimeHelper;
    private readonly ILocalizationService _localizationService;

    public AnalyticsPeriodService(IDateTimeHelper dateTimeHelper, ILocalizationService localizationService)
    {
        _dateTimeHelper = dateTimeHelper;
        _localizationService = localizationService;
    }

    public static bool IsOffered(int days) => OfferedDays.Contains(days);

    /// <summary>
    /// The choice a request makes: its days when given; without them, days of its own (links from before the choice
    /// existed) mean <see cref="OtherDays"/>, and none the default period.
    /// </summary>
    public static int Picked(int? days, string from, string to) =>
        days ?? (string.IsNullOrWhiteSpace(from) && string.IsNullOrWhiteSpace(to) ? DefaultDays : OtherDays);

    /// <summary>The picker's choices, the offered periods and then "other days", with <paramref name="selected"/> chosen.</summary>
    public async Task<IList<SelectListItem>> PeriodItemsAsync(int selected)
    {
        var lastDays = await _localizationService.GetResourceAsync(SegmentationDefaults.ResourcePrefix + "Analytics.Period.LastDays");
        var items = OfferedDays.Select(days => new SelectListItem(string.Format(lastDays, days), days.ToString(CultureInfo.InvariantCulture), days == selected)).ToList();
        items.Add(new SelectListItem(await _localizationService.GetResourceAsync(SegmentationDefaults.ResourcePrefix + "Analytics.Period.OtherDays"),
            OtherDays.ToString(CultureInfo.InvariantCulture), selected == OtherDays));
        return items;
    }

    /// <summary>
    /// The offered period of <paramref name="days"/> (see <see cref="LastDays"/>), or, when that length is none of those
    /// offered, why it is refused.
    /// </summary>
    public async Task<(SegmentPeriod Period, string Error)> OfferedAsync(int days, DateTime nowUtc) => IsOffered(days)
        ? (LastDays(days, nowUtc), null)
        : (null, string.Format(await _localizationService.GetResourceAsync(SegmentationDefaults.ResourcePrefix + "Analytics.Period.NotOffered"),
            days, string.Join(", ", OfferedDays)));

    /// <summary>
    /// The last <paramref name="days"/> days up to today in the store's time zone, whoever asks: the task and every owner
    /// then mean the same instants, and so the same cache entries.
    /// </summary>
    public SegmentPeriod LastDays(int days, DateTime nowUtc)
    {
        var timeZone = _dateTimeHelper.DefaultStoreTimeZone;
        var today = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc), timeZone).Date;
        return SegmentPeriod.Create(today.AddDays(1 - days), today, day => _dateTimeHelper.ConvertToUtcTime(day, timeZone));
    }
}
