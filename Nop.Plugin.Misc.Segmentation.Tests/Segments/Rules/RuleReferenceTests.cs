using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Segments.Rules;

/// <summary>The field reference against the compiler itself, so the editor's help cannot promise what the language refuses.</summary>
public class RuleReferenceTests
{
    private static readonly DateTime Now = GeneratedRules.Now;

    private static IEnumerable<TestCaseData> Fields() => RuleReference.Fields.Select(f => new TestCaseData(f).SetArgDisplayNames(f.Name));

    /// <summary>The condition the builder would make of the field, the operator and a value the field takes.</summary>
    private static RuleTree Condition(RuleFieldReference field, string op, string since = null, string until = null)
    {
        var sample = RuleReference.SampleValue(field.Type, field.Values);
        string[] values = op switch
        {
            "is empty" or "is not empty" => [],
            "in" or "not in" or "between" => [sample, sample],
            _ => [sample]
        };
        return new RuleTree
        {
            Kind = RuleTree.ConditionKind, Field = field.Name, Operator = op, Values = [.. values], Since = since, Until = until,
            Argument = field.TakesArgument ? 12 : null
        };
    }

    private static void Compile(RuleTree condition) => RuleCompiler.Compile(RuleTree.Group(RuleTree.All, condition).ToNode(), Now);

    [Test]
    public void Every_field_of_the_compiler_is_described_once_in_its_order()
    {
        Assert.That(RuleReference.Fields.Select(f => f.Name), Is.EqualTo(RuleFields.All.Select(f => f.Name)));
        Assert.That(RuleReference.Fields.Select(f => f.Type), Is.EqualTo(RuleFields.All.Select(f => f.Type)));
        Assert.That(RuleReference.Of("ORDERS").Name, Is.EqualTo("orders"));
        Assert.That(RuleReference.Of("ordres"), Is.Null);
    }

    [TestCaseSource(nameof(Fields))]
    public void The_example_compiles_and_is_about_its_field(RuleFieldReference field)
    {
        Assert.DoesNotThrow(() => RuleCompiler.Compile(field.Example, Now), field.Example);
        Assert.That(RuleParser.Parse(field.Example), Is.InstanceOf<ComparisonNode>().Or.InstanceOf<InNode>().Or.InstanceOf<BetweenNode>().Or.InstanceOf<IsEmptyNode>());
        Assert.That(RuleTree.FromNode(RuleParser.Parse(field.Example)).Children.Single().Field, Is.EqualTo(field.Name));
        // written as the printer writes it, so the editor shows the example as it will read back
        Assert.That(RulePrinter.Print(RuleParser.Parse(field.Example)), Is.EqualTo(field.Example));
    }

    [TestCaseSource(nameof(Fields))]
    public void Every_listed_operator_compiles_and_every_other_is_refused(RuleFieldReference field)
    {
        Assert.That(field.Operators, Is.Not.Empty.And.SubsetOf(RuleReference.Operators));
        foreach (var op in RuleReference.Operators)
        {
            var condition = Condition(field, op);
            if (field.Operators.Contains(op))
                Assert.DoesNotThrow(() => Compile(condition), $"{field.Name} {op}");
            else
                Assert.Throws<RuleSyntaxException>(() => Compile(condition), $"{field.Name} {op}");
        }
    }

    [TestCaseSource(nameof(Fields))]
    public void A_window_goes_with_the_fields_that_count_orders_only(RuleFieldReference field)
    {
        var countsOrders = field.Type is RuleFieldType.Purchase or RuleFieldType.Quantity || field.Name is "orders" or "spent" or "items";
        Assert.That(field.TakesSince, Is.EqualTo(countsOrders));
        foreach (var op in field.Operators)
        {
            // a purchase takes a window after any operator; a figure after a comparison, never after "is empty"
            var allowed = field.TakesSince && op != "contains" && (field.Type == RuleFieldType.Purchase || op is not ("is empty" or "is not empty"));
            foreach (var condition in new[] { Condition(field, op, since: "90 days ago"), Condition(field, op, "\"2025-01-01\"", "30 days ago") })
                if (allowed)
                    Assert.DoesNotThrow(() => Compile(condition), $"{field.Name} {op} {condition.Since} {condition.Until}");
                else
                    Assert.Throws<RuleSyntaxException>(() => Compile(condition), $"{field.Name} {op} {condition.Since} {condition.Until}");
        }
    }

    [TestCaseSource(nameof(Fields))]
    public void An_id_in_parentheses_goes_with_the_per_product_and_per_category_figures_only(RuleFieldReference field)
    {
        Assert.That(field.TakesArgument, Is.EqualTo(field.Type == RuleFieldType.Quantity));
        var op = field.Operators[0];
        var other = Condition(field, op);
        other.Argument = field.TakesArgument ? null : 12;
        Assert.Throws<RuleSyntaxException>(() => Compile(other), $"{field.Name} {op}");
        var sample = RuleReference.SampleValue(field.Type, field.Values);
        Assert.That(() => RuleCompiler.Compile($"{field.Name}(12) {op} {sample}", Now),
            field.TakesArgument ? Throws.Nothing : Throws.TypeOf<RuleSyntaxException>());
    }

    [TestCaseSource(nameof(Fields))]
    public void Every_listed_value_is_one_the_field_takes(RuleFieldReference field)
    {
        foreach (var value in field.Values)
            Assert.DoesNotThrow(() => RuleCompiler.Compile($"{field.Name} = {value}", Now), value);
        if (field.ValuesOnly)
            Assert.Throws<RuleSyntaxException>(() => RuleCompiler.Compile($"{field.Name} = not_a_value", Now));
        if (field.Type == RuleFieldType.Enum)
            Assert.That(field.Values, Has.Count.EqualTo(Enum.GetNames(RuleFields.All.Single(f => f.Name == field.Name).EnumType).Length));
    }

    [Test]
    public void Enumeration_values_read_as_the_readme_writes_them()
    {
        Assert.That(RuleReference.Of("lifecycle").Values, Is.EqualTo(new[] { "prospect", "new", "active", "at_risk", "lapsed", "churned" }));
        Assert.That(RuleReference.Of("rfm_group").Values, Does.Contain("loyal_customers").And.Contain("cannot_lose_them"));
        Assert.That(RuleReference.Of("age_band").Values, Does.Contain("under_25").And.Contain("from_25_to_34").And.Contain("from_65"));
        Assert.That(RuleReference.Of("customer_type").Values, Is.EqualTo(new[] { "registered", "guest" }));
        Assert.That((RuleReference.Of("gender").Values, RuleReference.Of("gender").ValuesOnly), Is.EqualTo((new[] { "male", "female" }, false)));
        Assert.That(RuleReference.Of("newsletter").Values, Is.EqualTo(new[] { "yes", "no" }));
        Assert.That(RuleReference.Of("email").Values, Is.Empty);
        // the month words are offered for completion, the month numbers stay allowed
        Assert.That((RuleReference.Of("birthday_month").Values, RuleReference.Of("birthday_month").ValuesOnly),
            Is.EqualTo((new[] { "this_month", "next_month", "last_month" }, false)));
        Assert.That((RuleReference.Of("days_to_birthday").Type, RuleReference.Of("registered").Type), Is.EqualTo((RuleFieldType.Number, RuleFieldType.Date)));
    }

    [Test]
    public void Operators_and_units_are_those_of_the_language()
    {
        Assert.That(RuleReference.Operators, Is.EqualTo(RuleTree.Operators));
        Assert.That(RuleReference.Fields.SelectMany(f => f.Operators).Distinct(), Is.EquivalentTo(RuleReference.Operators), "every operator serves some field");
        foreach (var unit in RuleReference.Units)
        {
            Assert.DoesNotThrow(() => RuleCompiler.Compile($"last_order > 2 {unit} ago", Now), unit);
            Assert.DoesNotThrow(() => RuleCompiler.Compile($"last_order > 1 {unit.TrimEnd('s')} ago", Now), unit);
        }

        Assert.Throws<RuleSyntaxException>(() => RuleCompiler.Compile("last_order > 2 fortnights ago", Now));
    }

    [Test]
    public void Each_field_names_its_description_resource()
    {
        Assert.That(RuleReference.Of("orders_30d").ResourceKey, Is.EqualTo("Plugins.Misc.Segmentation.Rule.Field.orders_30d"));
        Assert.That(RuleReference.Fields.Select(f => f.ResourceKey).Distinct().Count(), Is.EqualTo(RuleReference.Fields.Count));
    }
}
