using System.Globalization;

namespace Nop.Plugin.Misc.Segmentation.Services.Analytics;

/// <summary>
/// Whole days the owner picked in their own time zone (<see cref="FromDay"/> to <see cref="ToDay"/>, both counted), with
/// the UTC moment each day starts; and the period before, of the same number of days just before the first.
/// </summary>
public sealed record SegmentPeriod
{
    /// <summary>Longest period the details take: a year and a day, so a leap year fits.</summary>
    public const int MaxDays = 366;

    private SegmentPeriod(DateTime fromDay, DateTime toDay, IReadOnlyList<DateTime> dayStartsUtc, DateTime previousFromUtc)
    {
        (FromDay, ToDay, DayStartsUtc, PreviousFromUtc) = (fromDay, toDay, dayStartsUtc, previousFromUtc);
    }

    /// <summary>
    /// The period of the given calendar days; <paramref name="toUtc"/> turns a local midnight into UTC (nopCommerce's
    /// date helper with the owner's time zone), so days of 23 or 25 hours come out as they are.
    /// </summary>
    public static SegmentPeriod Create(DateTime fromDay, DateTime toDay, Func<DateTime, DateTime> toUtc)
    {
        ArgumentNullException.ThrowIfNull(toUtc);
        (fromDay, toDay) = (fromDay.Date, toDay.Date);
        var days = (int)(toDay - fromDay).TotalDays + 1;
        if (days < 1 || days > MaxDays)
            throw new ArgumentOutOfRangeException(nameof(toDay), $"A period has 1 to {MaxDays} days.");
        DateTime Utc(DateTime day) => DateTime.SpecifyKind(toUtc(DateTime.SpecifyKind(day, DateTimeKind.Unspecified)), DateTimeKind.Utc);

        var starts = Enumerable.Range(0, days + 1).Select(i => Utc(fromDay.AddDays(i))).ToList();
        return new SegmentPeriod(fromDay, toDay, starts, Utc(fromDay.AddDays(-days)));
    }

    public DateTime FromDay { get; }

    public DateTime ToDay { get; }

    /// <summary>When each day starts in UTC, and last when the day after <see cref="ToDay"/> starts: <see cref="Days"/> + 1 moments.</summary>
    public IReadOnlyList<DateTime> DayStartsUtc { get; }

    public int Days => DayStartsUtc.Count - 1;

    public DateTime FromUtc => DayStartsUtc[0];

    /// <summary>Exclusive.</summary>
    public DateTime ToUtc => DayStartsUtc[^1];

    /// <summary>The period before starts here and ends at <see cref="FromUtc"/>.</summary>
    public DateTime PreviousFromUtc { get; }

    public DateTime PreviousFromDay => FromDay.AddDays(-Days);

    public DateTime PreviousToDay => FromDay.AddDays(-1);

    /// <summary>What identifies the period in a cache key: the days and the UTC bounds (a change of time zone moves them).</summary>
    public string CacheKeyPart => string.Create(CultureInfo.InvariantCulture, $"{FromDay:yyyyMMdd}-{ToDay:yyyyMMdd}-{FromUtc.Ticks}-{ToUtc.Ticks}");

    public bool Equals(SegmentPeriod other) => other is not null && FromDay == other.FromDay && ToDay == other.ToDay
        && PreviousFromUtc == other.PreviousFromUtc && DayStartsUtc.SequenceEqual(other.DayStartsUtc);

    public override int GetHashCode() => HashCode.Combine(FromDay, ToDay, FromUtc, ToUtc);
}
