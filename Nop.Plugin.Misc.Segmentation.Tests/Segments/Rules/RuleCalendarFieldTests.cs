using System.Globalization;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Segments.Rules;

/// <summary>
/// The calendar fields (days_to_birthday, the month words of birthday_month, registered, last_visit as a relative date)
/// on hand-made profiles whose answers are worked out by hand for a given "now": the year's end, 29 February in common
/// and leap years, the day itself, the bounds of a registration range; through the database and in memory.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class RuleCalendarFieldTests
{
    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private List<CustomerProfile> _profiles;
    private readonly Dictionary<int, string> _names = [];

    public RuleCalendarFieldTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    private static DateTime Utc(string text) =>
        DateTime.ParseExact(text, ["yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"], CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    [OneTimeSetUp]
    public async Task CreateProfiles()
    {
        _store = StoreDatabase.Create(_kind);
        var rows = new List<(string Name, int? Month, int? Day, string Registered, string LastVisit)>
        {
            // birthdays (month, day)
            ("dec31", 12, 31, null, null), ("jan01", 1, 1, null, null), ("jan07", 1, 7, null, null),
            ("feb28", 2, 28, null, null), ("feb29", 2, 29, null, null), ("mar01", 3, 1, null, null),
            ("jun30", 6, 30, null, null), ("jul01", 7, 1, null, null), ("nobirthday", null, null, null, null),
            // registrations around January 2026 (the last one second of 2025), and visits
            ("r_first", null, null, "2026-01-01 00:00:00", "2026-06-20 10:00:00"), ("r_late", null, null, "2026-01-31 18:00:00", "2026-05-01 10:00:00"),
            ("r_feb", null, null, "2026-02-01 00:00:00", null), ("r_before", null, null, "2025-12-31 23:59:59", "2026-06-29 14:00:00")
        };
        var id = 0;
        foreach (var row in rows)
        {
            _names[++id] = row.Name;
            await _store.Repository<CustomerProfile>().InsertAsync(new CustomerProfile
            {
                CustomerId = id, BirthdayMonth = row.Month, BirthdayDay = row.Day,
                RegisteredOnUtc = row.Registered == null ? null : Utc(row.Registered),
                LastVisitUtc = row.LastVisit == null ? null : Utc(row.LastVisit), ComputedOnUtc = Utc("2026-01-01")
            });
        }

        _profiles = await _store.Repository<CustomerProfile>().Table.ToListAsync();
    }

    [OneTimeTearDown]
    public void Drop() => _store?.Dispose();

    private const string Birthdays = "dec31 jan01 jan07 feb28 feb29 mar01 jun30 jul01";

    // the registered profiles have no date of birth either
    private const string NoBirthday = "nobirthday r_first r_late r_feb r_before";

    // the year's end: 30 December 2026 to 1 January (2 days) and 7 January (8 days)
    [TestCase("2026-12-30 12:00", "days_to_birthday <= 7", "dec31 jan01")]
    [TestCase("2026-12-30 12:00", "days_to_birthday <= 8", "dec31 jan01 jan07")]
    [TestCase("2026-12-30 12:00", "days_to_birthday between 2 and 8", "jan01 jan07")]
    [TestCase("2026-12-31 23:59", "days_to_birthday = 0", "dec31")]
    [TestCase("2026-12-31 23:59", "days_to_birthday = 1", "jan01")]
    [TestCase("2027-01-01 00:00", "days_to_birthday = 364", "dec31")]
    // 29 February in a common year: on 1 March, with those born that day; in a leap year on the day itself
    [TestCase("2027-02-28 08:00", "days_to_birthday = 0", "feb28")]
    [TestCase("2027-02-28 08:00", "days_to_birthday = 1", "feb29 mar01")]
    [TestCase("2027-03-01 08:00", "days_to_birthday = 0", "feb29 mar01")]
    [TestCase("2028-02-28 08:00", "days_to_birthday = 1", "feb29")]
    [TestCase("2028-02-28 08:00", "days_to_birthday = 2", "mar01")]
    [TestCase("2028-02-29 08:00", "days_to_birthday = 0", "feb29")]
    // the day after 29 February of a leap year: a whole year to the next 1 March, the longest wait there is
    [TestCase("2028-03-01 08:00", "days_to_birthday = 365", "feb29")]
    [TestCase("2028-03-01 08:00", "days_to_birthday >= 365", "feb29")]
    [TestCase("2028-03-01 08:00", "days_to_birthday > 365", "")]
    // the day itself, from its first second to its last
    [TestCase("2026-06-30 00:00", "days_to_birthday = 0", "jun30")]
    [TestCase("2026-06-30 23:59", "days_to_birthday = 0", "jun30")]
    [TestCase("2026-06-30 23:59", "days_to_birthday < 2", "jun30 jul01")]
    [TestCase("2026-06-30 12:00", "days_to_birthday in (0, 1)", "jun30 jul01")]
    // empty without a date of birth: only != and not in take those in, as for any profile field
    [TestCase("2026-06-30 12:00", "days_to_birthday is empty", NoBirthday)]
    [TestCase("2026-06-30 12:00", "days_to_birthday is not empty", Birthdays)]
    [TestCase("2026-06-30 12:00", "days_to_birthday != 0", "dec31 jan01 jan07 feb28 feb29 mar01 jul01 " + NoBirthday)]
    [TestCase("2026-06-30 12:00", "days_to_birthday not in (0, 1)", "dec31 jan01 jan07 feb28 feb29 mar01 " + NoBirthday)]
    [TestCase("2026-06-30 12:00", "not days_to_birthday <= 1", "dec31 jan01 jan07 feb28 feb29 mar01")]
    [TestCase("2026-06-30 12:00", "not days_to_birthday between 1 and 200", "jun30 feb28 feb29 mar01")]
    [TestCase("2026-06-30 12:00", "days_to_birthday >= 0", Birthdays)]
    [TestCase("2026-06-30 12:00", "days_to_birthday < 0", "")]
    [TestCase("2026-06-30 12:00", "days_to_birthday <= 1000", Birthdays)]
    // birthday_month counted from the rule's now, across the year's end
    [TestCase("2026-12-15 12:00", "birthday_month = this_month", "dec31")]
    [TestCase("2026-12-15 12:00", "birthday_month = next_month", "jan01 jan07")]
    [TestCase("2026-12-15 12:00", "birthday_month = last_month", "")]
    [TestCase("2027-01-10 12:00", "birthday_month = last_month", "dec31")]
    [TestCase("2027-01-10 12:00", "birthday_month in (this_month, Next_Month)", "jan01 jan07 feb28 feb29")]
    [TestCase("2027-01-10 12:00", "birthday_month != this_month", "dec31 feb28 feb29 mar01 jun30 jul01 " + NoBirthday)]
    // registration bounds: a date-only end takes in its whole day; "> 7 days ago" is later than that instant
    [TestCase("2026-06-30 12:00", "registered between \"2026-01-01\" and \"2026-01-31\"", "r_first r_late")]
    [TestCase("2026-06-30 12:00", "registered >= \"2026-01-01\"", "r_first r_late r_feb")]
    [TestCase("2026-06-30 12:00", "registered < \"2026-01-01\"", "r_before")]
    [TestCase("2026-01-08 00:00", "registered > 7 days ago", "r_late r_feb")]
    [TestCase("2026-01-08 00:00", "registered >= 7 days ago", "r_first r_late r_feb")]
    [TestCase("2026-02-08 00:00", "registered >= 1 week ago and orders = 0", "r_feb")]
    [TestCase("2026-06-30 12:00", "registered is not empty", "r_first r_late r_feb r_before")]
    // last visit as a relative date
    [TestCase("2026-06-30 12:00", "last_visit < 30 days ago", "r_late")]
    [TestCase("2026-06-30 12:00", "last_visit > 30 days ago", "r_first r_before")]
    [TestCase("2026-06-30 12:00", "last_visit > 1 day ago", "r_before")]
    public async Task Database_and_memory_give_the_worked_out_answer(string now, string rule, string expected)
    {
        var wanted = expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order().ToList();
        var expression = RuleCompiler.Compile(rule, Utc(now));

        var query = RuleCompiler.ForQuery(expression, RuleSources.None);
        var inDatabase = await _store.Repository<CustomerProfile>().Table.Where(query).Select(p => p.CustomerId).ToListAsync();
        Assert.That(inDatabase.Select(id => _names[id]).Order(), Is.EqualTo(wanted), "database");

        var predicate = RuleCompiler.ForMemory(expression);
        Assert.That(_profiles.Where(p => predicate(p, RuleSources.None)).Select(p => _names[p.CustomerId]).Order(), Is.EqualTo(wanted), "memory");
    }

    [TestCase("birthday_month = this_mont", "this_month")]
    [TestCase("birthday_month in (1, nxt_month)", "next_month")]
    [TestCase("days_to_birthday <= 1.5", null)]
    [TestCase("days_to_birthday = \"7\"", null)]
    [TestCase("days_to_birthday contains \"7\"", null)]
    [TestCase("orders_30d = this_month", null)]
    public void A_wrong_value_is_a_rule_error(string rule, string suggestion)
    {
        var error = Assert.Throws<RuleSyntaxException>(() => RuleCompiler.Compile(rule, Utc("2026-06-30")));
        Assert.That(error!.Suggestion, Is.EqualTo(suggestion));
    }

    /// <summary>
    /// Every day of birth on every day of two years (a common and a leap one, so each 29 February and year's end is met)
    /// against the plain count: step day by day from today to the first day that is the birthday (29 February being
    /// 1 March when the year has none).
    /// </summary>
    [Test]
    public void The_days_to_every_birthday_are_those_counted_on_a_calendar()
    {
        if (_kind != DatabaseKind.Sqlite)
            Assert.Ignore("memory only: once is enough");

        var birthdays = Enumerable.Range(1, 12).SelectMany(m => Enumerable.Range(1, DateTime.DaysInMonth(2024, m)).Select(d => (Month: m, Day: d))).ToList();
        var profiles = birthdays.Select((b, i) => new CustomerProfile { CustomerId = i, BirthdayMonth = b.Month, BirthdayDay = b.Day }).ToList();

        static int Counted((int Month, int Day) birthday, DateTime today)
        {
            for (var d = 0; ; d++)
            {
                var date = today.AddDays(d);
                var stand = birthday is (2, 29) && !DateTime.IsLeapYear(date.Year) ? (3, 1) : birthday;
                if ((date.Month, date.Day) == stand)
                    return d;
            }
        }

        for (var today = new DateTime(2027, 1, 1, 15, 0, 0, DateTimeKind.Utc); today.Year < 2029; today = today.AddDays(1))
        {
            var within = RuleCompiler.ForMemory(RuleCompiler.Compile("days_to_birthday <= 7", today));
            var beyond = RuleCompiler.ForMemory(RuleCompiler.Compile("days_to_birthday between 300 and 365", today));
            foreach (var (profile, birthday) in profiles.Zip(birthdays))
            {
                var days = Counted(birthday, today.Date);
                Assert.That(days, Is.InRange(0, 365));
                Assert.That(RuleCompiler.DaysToAnniversary(birthday.Month, birthday.Day, today), Is.EqualTo(days), $"{birthday} on {today:yyyy-MM-dd}");
                Assert.That(within(profile, RuleSources.None), Is.EqualTo(days <= 7), $"{birthday} on {today:yyyy-MM-dd}");
                Assert.That(beyond(profile, RuleSources.None), Is.EqualTo(days >= 300), $"{birthday} on {today:yyyy-MM-dd}");
            }
        }
    }
}
