using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Segments.Rules;

/// <summary>
/// Each limit of <see cref="RuleParser"/>: a rule at the limit runs on every engine and in memory; one past it is
/// refused with a rule error, as saving a segment refuses it (<see cref="SegmentEvaluationService.Validate"/>).
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class RuleLimitTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;

    public RuleLimitTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [OneTimeSetUp]
    public async Task CreateCustomer()
    {
        _store = StoreDatabase.Create(_kind);
        var customer = await _store.AddCustomerAsync(c => (c.Email, c.DateOfBirth) = ("anna@example.com", new DateTime(1990, 7, 1)));
        await _store.Repository<CustomerProfile>().InsertAsync(new CustomerProfile { CustomerId = customer.Id, StoreId = 1, OrdersCount = 99, ComputedOnUtc = Now });
    }

    [OneTimeTearDown]
    public void Drop() => _store?.Dispose();

    private static string Many(int count, Func<int, string> item, string separator) => string.Join(separator, Enumerable.Range(0, count).Select(item));

    /// <summary>Conditions of every kind, each a subquery or a test of its own; the last one (orders = 99) holds for the customer.</summary>
    private static string Conditions(int count) => Many(count, i => (count - 1 - i) switch
    {
        0 => "orders = 99",
        _ when i % 4 == 0 => $"orders = {i}",
        _ when i % 4 == 1 => $"email ends with \"{i}@example.com\"",
        _ when i % 4 == 2 => $"bought_product in ({i + 1}) since 30 days ago",
        _ => $"age = {i % 90}"
    }, " or ");

    private static string AgeList(int count) => $"age in ({Many(count, i => (i % 150).ToString(), ", ")})";

    // each: the rule at the limit (the one customer matches), and one past it
    private static readonly (string Name, string AtLimit, string Beyond, string Problem)[] _limits =
    [
        ("length", "orders = 99".PadRight(RuleParser.MaxLength), "orders = 99".PadRight(RuleParser.MaxLength + 1), "at most 10,000"),
        ("conditions", Conditions(RuleParser.MaxConditions), Conditions(RuleParser.MaxConditions + 1), $"at most {RuleParser.MaxConditions} conditions"),
        ("list", AgeList(RuleParser.MaxListValues) + " or orders = 99", AgeList(RuleParser.MaxListValues + 1), $"at most {RuleParser.MaxListValues} values"),
        ("values", Many(RuleParser.MaxValues / RuleParser.MaxListValues, _ => AgeList(RuleParser.MaxListValues), " and "),
            Many(RuleParser.MaxValues / RuleParser.MaxListValues, _ => AgeList(RuleParser.MaxListValues), " and ") + " and orders = 99",
            $"at most {RuleParser.MaxValues} values"),
        ("depth", new string('(', RuleParser.MaxDepth) + "orders = 99" + new string(')', RuleParser.MaxDepth),
            new string('(', RuleParser.MaxDepth + 1) + "orders = 99" + new string(')', RuleParser.MaxDepth + 1), $"at most {RuleParser.MaxDepth}"),
        ("not", Many(RuleParser.MaxDepth, _ => "not", " ") + " orders = 99", Many(RuleParser.MaxDepth + 1, _ => "not", " ") + " orders = 99", $"at most {RuleParser.MaxDepth}"),
        ("text", $"email contains \"{new string('a', RuleParser.MaxTextLength)}\" or orders = 99",
            $"email contains \"{new string('a', RuleParser.MaxTextLength + 1)}\"", "at most 1,000")
    ];

    private static IEnumerable<TestCaseData> Limits => _limits.Select(l => new TestCaseData(l.Name).SetName($"Limit_{l.Name}"));

    [TestCaseSource(nameof(Limits))]
    public async Task A_rule_at_the_limit_runs_everywhere_and_one_past_it_is_refused(string name)
    {
        var (_, atLimit, beyond, problem) = _limits.Single(l => l.Name == name);

        Assert.That(SegmentEvaluationService.Validate(atLimit), Is.Null, name);
        var (inDatabase, inMemory) = await RuleAnswers.CustomersAsync(_store, atLimit, Now);
        Assert.That(inDatabase, Has.Count.EqualTo(1), $"{name} in SQL");
        Assert.That(inMemory, Has.Count.EqualTo(1), $"{name} in memory");

        var error = SegmentEvaluationService.Validate(beyond);
        Assert.That(error, Is.Not.Null, name);
        Assert.That(error.Problem, Does.Contain(problem));
    }

    [Test]
    public void A_megabyte_or_ten_thousand_terms_are_refused_at_once()
    {
        var started = DateTime.UtcNow;
        Assert.That(SegmentEvaluationService.Validate($"email contains \"{new string('x', 100_000)}\"")?.Problem, Does.Contain("at most"));
        Assert.That(SegmentEvaluationService.Validate(Many(10_000, i => $"orders = {i}", " or "))?.Problem, Does.Contain("at most"));
        Assert.That(SegmentEvaluationService.Validate($"orders in ({Many(10_000, i => i.ToString(), ",")})")?.Problem, Does.Contain("at most"));
        Assert.That(SegmentEvaluationService.Validate(new string('(', 5_000))?.Problem, Does.Contain("at most"));
        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [TestCase("email = \"a\0b\"", 10)]
    [TestCase("role contains \"\0\"", 15)]
    [TestCase("orders = 1\0", 10)]
    public void A_nul_character_is_a_rule_error(string rule, int position)
    {
        var error = Assert.Throws<RuleSyntaxException>(() => RuleCompiler.Compile(rule, Now));
        Assert.That(error.Position, Is.EqualTo(position));
        Assert.That(error.Problem, Does.Contain("NUL"));

        // a node built by hand, not read from text, is refused by the compiler
        var node = new ComparisonNode("email", "=", new RuleValue(RuleValueKind.Text, 0, "a\0b", 8), 0);
        Assert.That(Assert.Throws<RuleSyntaxException>(() => RuleCompiler.Compile(node, Now)).Problem, Does.Contain("NUL"));
    }
}
