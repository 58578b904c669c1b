using System.Globalization;
using System.Text;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Rules;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests;

/// <summary>
/// Generated rules over generated profiles: the database (through the data layer's SQL) and the compiled predicate
/// (in memory) must pick exactly the same customers.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class RuleDifferentialTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private List<CustomerProfile> _profiles;

    public RuleDifferentialTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [OneTimeSetUp]
    public async Task FillProfiles()
    {
        _store = StoreDatabase.Create(_kind);
        var random = new Random(17);
        DateTime? SomeDate(bool nullable) => nullable && random.Next(4) == 0 ? null : Now.AddSeconds(-random.Next(3 * 365 * 24 * 3600));
        int? SomeInt(int max) => random.Next(4) == 0 ? null : random.Next(max);
        decimal Money() => Math.Round((decimal)random.NextDouble() * 1000, random.Next(3));

        var rows = Enumerable.Range(1, 400).Select(i => new CustomerProfile
        {
            CustomerId = i, StoreId = random.Next(3), OrdersCount = random.Next(12), AmountSpent = Money(), AverageOrderValue = Money(),
            ItemsBought = random.Next(40), Orders30Days = random.Next(3), Spent30Days = Money(), Orders90Days = random.Next(5), Spent90Days = Money(),
            Orders365Days = random.Next(12), Spent365Days = Money(), FirstOrderDateUtc = SomeDate(true), LastOrderDateUtc = SomeDate(true),
            CartValue = Money(), CartItems = random.Next(4), LastCartActivityUtc = SomeDate(true), LastVisitUtc = SomeDate(true),
            RecencyScore = random.Next(6), FrequencyScore = random.Next(6), MonetaryScore = random.Next(6),
            RfmGroup = Pick<RfmGroup>(random), LifecycleStage = Pick<LifecycleStage>(random), UsageTier = Pick<UsageTier>(random), AgeBand = Pick<AgeBand>(random),
            PreferredHour = SomeInt(24), PreferredWeekday = SomeInt(7), BirthdayMonth = SomeInt(13) is { } m and > 0 ? m : null,
            CountryId = random.Next(5), StateProvinceId = random.Next(5), LanguageId = random.Next(3),
            ChurnProbability = Math.Round((decimal)random.NextDouble(), 2), ExpectedNextOrderUtc = SomeDate(true), PredictedLifetimeValue = Money(),
            ComputedOnUtc = Now
        }).ToList();
        await _store.Repository<CustomerProfile>().InsertAsync(rows);
        _profiles = await _store.Repository<CustomerProfile>().Table.ToListAsync();
        Assume.That(_profiles, Has.Count.EqualTo(400));
    }

    [OneTimeTearDown]
    public void Drop() => _store?.Dispose();

    private static T Pick<T>(Random random) where T : struct, Enum
    {
        var values = Enum.GetValues<T>();
        return values[random.Next(values.Length)];
    }

    [Test]
    public async Task Database_and_memory_pick_the_same_customers_for_generated_rules()
    {
        var random = new Random(23);
        var generator = new RuleGenerator(random, _profiles);
        var nonTrivial = 0;
        for (var i = 0; i < 250; i++)
        {
            var rule = generator.Rule(depth: 3);
            var expression = RuleCompiler.Compile(rule, Now);
            var predicate = expression.Compile();

            var inDatabase = (await _store.Repository<CustomerProfile>().Table.Where(expression).Select(p => p.Id).ToListAsync()).Order().ToList();
            var inMemory = _profiles.Where(predicate).Select(p => p.Id).Order().ToList();

            Assert.That(inDatabase, Is.EqualTo(inMemory), rule);
            if (inMemory.Count > 0 && inMemory.Count < _profiles.Count)
                nonTrivial++;
        }

        Assert.That(nonTrivial, Is.GreaterThan(150), "most generated rules split the customers");
    }

    /// <summary>Random rules of the language, with values drawn from the data so that comparisons hit edges.</summary>
    private sealed class RuleGenerator(Random random, IReadOnlyList<CustomerProfile> profiles)
    {
        private static readonly string[] _comparisons = ["=", "!=", "<", "<=", ">", ">="];
        private readonly RuleField[] _fields = RuleFields.All.ToArray();

        public string Rule(int depth)
        {
            if (depth == 0 || random.Next(3) == 0)
                return Condition();

            return random.Next(5) switch
            {
                0 => $"not ({Rule(depth - 1)})",
                1 or 2 => $"({Rule(depth - 1)}) and ({Rule(depth - 1)})",
                _ => $"{Rule(depth - 1)} or {Rule(depth - 1)}"
            };
        }

        private string Condition()
        {
            var field = _fields[random.Next(_fields.Length)];
            return random.Next(10) switch
            {
                0 => $"{field.Name} is {(random.Next(2) == 0 ? "not " : "")}empty",
                1 => $"{field.Name} between {Value(field)} and {Value(field)}",
                2 => $"{field.Name} {(random.Next(2) == 0 ? "not " : "")}in ({Value(field)}, {Value(field)}, {Value(field)})",
                _ => $"{field.Name} {_comparisons[random.Next(_comparisons.Length)]} {Value(field)}"
            };
        }

        private string Value(RuleField field)
        {
            switch (field.Type)
            {
                case RuleFieldType.Enum:
                    var names = Enum.GetNames(field.EnumType);
                    return names[random.Next(names.Length)];
                case RuleFieldType.Date:
                    if (random.Next(2) == 0)
                        return $"{random.Next(0, 40)} {new[] { "days", "weeks", "months", "years", "hours" }[random.Next(5)]} ago";
                    var sample = field.Selector.Compile().DynamicInvoke(profiles[random.Next(profiles.Count)]) as DateTime? ?? Now.AddDays(-random.Next(900));
                    return $"\"{sample.AddDays(random.Next(-2, 3)):yyyy-MM-dd}\"";
                default:
                    var value = field.Selector.Compile().DynamicInvoke(profiles[random.Next(profiles.Count)]);
                    var number = value switch { int n => n, decimal d => d, null => random.Next(10), _ => Convert.ToDecimal(value) };
                    if (random.Next(3) == 0)
                        number += random.Next(-1, 2);
                    return number.ToString(CultureInfo.InvariantCulture);
            }
        }
    }
}
