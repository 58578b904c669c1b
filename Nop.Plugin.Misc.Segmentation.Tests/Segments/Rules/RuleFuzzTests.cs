using System.Text;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Segments.Rules;

/// <summary>
/// Hostile input and random mutations of generated rules, over the differential test's customers (same fixture, so
/// the data is made once per engine): reading, compiling and deciding throw nothing but the rule error, and every
/// rule that compiles picks the same customers in SQL and in memory. Fixed seeds: a failure names its rule.
/// </summary>
public partial class RuleDifferentialTests
{
    private const int Mutations = 20_000;

    /// <summary>On the servers, every n-th compiling mutation also goes through SQL (all of them on SQLite).</summary>
    private const int ServerSample = 4;

    private static readonly string[] _hostile =
    [
        "email = \"x'y\"", "email = 'say \"hi\"'", "email contains \"';--\"", "email contains \"'; DROP TABLE Customer;--\"",
        "role = \"%\"", "role contains \"%\"", "email contains \"_\"", "email starts with \"%\"", "email ends with \"_\"",
        "email contains \"\\\\\"", "email = \"\\\\'\"", "segment = \"\\\\\"", "email contains \"[a-z]\"", "email contains \"~\"",
        "email contains \"\0\"", "role = \"a\0b\"", "email = \"\"", "role contains \"\"", "email starts with \"\"",
        "role = \"Москва\"", "role contains \"北京\"", "role ends with \"😀\"", "segment starts with \"ÄRZTE\"", "role contains \"\uD83D\"",
        "email contains \"\u0130\"", "email contains \"\u0131\"", "role = \"ǅ\"", "role contains \"\u0301\"",
        "orders = 79228162514264337593543950335", "orders > -79228162514264337593543950335", "spent > 79228162514264337593543950335",
        "spent < -79228162514264337593543950335", "orders = 2147483648", "orders >= -2147483649", "churn = 0.0000000000000000000000000001",
        "spent between -1 and 79228162514264337593543950335", "orders in (2147483647, -2147483648, 0)", "bought_product = 2147483647",
        "bought_product = 2147483648", "age = 150", "age = 151", "age between 0 and 150",
        "last_order > \"1753-01-01\"", "last_order < \"9999-12-30\"", "last_order between \"1753-01-01\" and \"9999-12-30\"",
        "last_order > \"1752-12-31\"", "last_order < \"9999-12-31\"", "last_order = \"0001-01-01\"", "last_order > \"10000-01-01\"",
        "last_order > 2147483648 days ago", "last_order > 79228162514264337593543950335 years ago", "last_order > 273 years ago",
        "last_order > 300 years ago", "bought_product = 1 since 99999 days ago", "bought_product = 1 since \"9999-12-30\"",
        "last_order = \"2026-02-30\"", "last_order > \"2026-06-30 24:00\"", "preferred_hour = 0.5", "store = 1e5", "orders = 1.",
        "orders = .5", "orders = 1..2", "orders = --1", "orders = -0", "(((orders = 1)))", "not not not orders = 1", "orders = 1 or",
        "orders = (1)", "email = email", "email = \"a\" since 3 days ago", "lifecycle = \"\"", "lifecycle = _", "\0", "\"", "'",
        "orders in ()", "orders in (1,)", "orders between 1", ")(", "segment = \"VIP\" and segment = \"vip\""
    ];

    [Test]
    public async Task Hostile_values_give_a_rule_error_or_the_same_customers_in_sql_and_memory()
    {
        foreach (var rule in _hostile)
            await CheckAsync(rule, throughSql: true);
    }

    [Test]
    public async Task Mutated_rules_give_a_rule_error_or_the_same_customers_in_sql_and_memory()
    {
        var random = new Random(41);
        var generator = new RuleGenerator(random, _profiles);
        var (compiled, checkedInSql) = (0, 0);
        for (var i = 0; i < Mutations; i++)
        {
            var rule = Mutate(generator.Rule(depth: 2), random);
            var throughSql = _kind == DatabaseKind.Sqlite || compiled % ServerSample == 0;
            if (await CheckAsync(rule, throughSql))
            {
                compiled++;
                checkedInSql += throughSql ? 1 : 0;
            }
        }

        // the mutations must reach the compiler and the engines, not only the parser's first check
        TestContext.Out.WriteLine($"{compiled} of {Mutations} mutations compiled, {checkedInSql} went through SQL");
        Assert.That(compiled, Is.GreaterThan(Mutations / 20));
        Assert.That(checkedInSql, Is.GreaterThan(_kind == DatabaseKind.Sqlite ? Mutations / 20 : 20));
    }

    /// <summary>False for a rule error; otherwise the rule compiled, printed back to itself, and SQL agreed with memory.</summary>
    private async Task<bool> CheckAsync(string rule, bool throughSql)
    {
        Func<CustomerProfile, RuleSources, bool> predicate;
        System.Linq.Expressions.Expression<Func<CustomerProfile, RuleSources, bool>> expression;
        try
        {
            var node = RuleParser.Parse(rule);
            expression = RuleCompiler.Compile(node, Now);
            predicate = RuleCompiler.ForMemory(expression);
            var printed = RulePrinter.Print(node);
            Assert.That(RulePrinter.Print(RuleParser.Parse(printed)), Is.EqualTo(printed), $"printing {Shown(rule)}");
        }
        catch (RuleSyntaxException)
        {
            return false;
        }
        catch (Exception error) when (error is not AssertionException)
        {
            Assert.Fail($"{Shown(rule)} threw {error}");
            throw;
        }

        List<int> inMemory;
        try
        {
            inMemory = _profiles.Where(p => predicate(p, _sources[p.CustomerId])).Select(p => p.Id).Order().ToList();
        }
        catch (Exception error)
        {
            Assert.Fail($"{Shown(rule)} threw in memory: {error}");
            throw;
        }

        if (!throughSql)
            return true;
        List<int> inDatabase;
        try
        {
            var query = RuleCompiler.ForQuery(expression, _store.RuleSources().ForStore());
            inDatabase = (await _store.Repository<CustomerProfile>().Table.Where(query).Select(p => p.Id).ToListAsync()).Order().ToList();
        }
        catch (Exception error)
        {
            Assert.Fail($"{Shown(rule)} threw in SQL: {error}");
            throw;
        }

        Assert.That(inDatabase, Is.EqualTo(inMemory), Shown(rule));
        return true;
    }

    /// <summary>The rule with its control characters visible, for the failure message.</summary>
    private static string Shown(string rule) =>
        "rule " + string.Concat(rule.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    private static readonly string[] _vocabulary =
    [
        "and", "or", "not", "in", "not in", "between", "is", "empty", "is not empty", "contains", "starts with", "ends with", "since",
        "starts", "with", "=", "!=", "<", "<=", ">", ">=", "==", "!", "(", ")", ",", "\"", "'", "ago", "days ago", "1", "-1", "0", "0.5",
        "2147483648", "99999999999999999999999999999", "\"2026-01-31\"", "\"x\"", "''", "yes", "no", "orders", "email", "role",
        "segment", "lifecycle", "age", "bought_product", "last_order", "%", "_", "\\", ";--", "\0", "İ", "ı", "ß", "Ж", "京", "😀"
    ];

    private static readonly string[] _operators = ["=", "!=", "<", "<=", ">", ">=", "contains", "starts with", "ends with", "in", "not in", "between", "is empty"];

    /// <summary>One to three edits of the rule's tokens or characters.</summary>
    private static string Mutate(string rule, Random random)
    {
        var text = new StringBuilder(rule);
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = random.Next(text.Length + 1);
            var word = _vocabulary[random.Next(_vocabulary.Length)];
            switch (random.Next(8))
            {
                case 0: // a token in
                    text.Insert(at, $" {word} ");
                    break;
                case 1: // a word or number out
                case 2: // or replaced
                {
                    var (start, end) = TokenAround(text, at);
                    text.Remove(start, end - start);
                    if (random.Next(2) == 0)
                        text.Insert(start, word);
                    break;
                }
                case 3: // a character in, out or changed
                    if (at < text.Length && random.Next(2) == 0)
                        text.Remove(at, 1);
                    else
                        text.Insert(at, (char)random.Next(0, 0x3000));
                    break;
                case 4: // a part twice
                {
                    var length = random.Next(0, Math.Min(40, text.Length - Math.Min(at, text.Length)) + 1);
                    text.Insert(at, text.ToString(Math.Min(at, text.Length), Math.Min(length, text.Length - Math.Min(at, text.Length))));
                    break;
                }
                case 5: // one operator for another
                {
                    var current = text.ToString();
                    var op = _operators.Where(o => current.Contains($" {o} ")).OrderBy(_ => random.Next()).FirstOrDefault();
                    if (op != null)
                    {
                        var index = current.IndexOf($" {op} ", StringComparison.Ordinal);
                        text.Remove(index, op.Length + 2).Insert(index, $" {_operators[random.Next(_operators.Length)]} ");
                    }

                    break;
                }
                case 6: // a quote or parenthesis dropped
                {
                    var current = text.ToString();
                    var index = current.IndexOfAny(['"', '\'', '(', ')'], Math.Min(at, current.Length));
                    if (index >= 0)
                        text.Remove(index, 1);
                    break;
                }
                default: // two halves swapped
                    var rest = text.ToString(at, text.Length - at);
                    text.Remove(at, text.Length - at).Insert(0, rest + " ");
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>The run of letters, digits and underscores at a position (one character when there is none).</summary>
    private static (int Start, int End) TokenAround(StringBuilder text, int at)
    {
        if (text.Length == 0)
            return (0, 0);
        at = Math.Min(at, text.Length - 1);
        bool Part(int i) => char.IsLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '.';
        var (start, end) = (at, at + 1);
        if (!Part(at))
            return (start, end);
        while (start > 0 && Part(start - 1))
            start--;
        while (end < text.Length && Part(end))
            end++;
        return (start, end);
    }
}
