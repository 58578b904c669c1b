using Newtonsoft.Json;
using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Segments.Rules;

public class RuleTreeTests
{
    private static RuleTree Tree(string rule) => RuleTree.FromNode(RuleParser.Parse(rule));

    /// <summary>What the builder page sends and receives: JSON with Newtonsoft's default settings.</summary>
    private static RuleTree ThroughJson(RuleTree tree) => JsonConvert.DeserializeObject<RuleTree>(JsonConvert.SerializeObject(tree));

    private static void AssertKeepsRule(string rule)
    {
        var tree = ThroughJson(Tree(rule));
        Assert.That(tree.ToText(), Is.EqualTo(RulePrinter.Print(RuleParser.Parse(rule))), rule);
        Assert.That(RuleShape.Of(tree.ToNode()), Is.EqualTo(RuleShape.Of(RuleParser.Parse(rule))), rule);
    }

    [Test]
    public void A_chain_becomes_one_group_with_values_as_the_owner_writes_them()
    {
        var tree = Tree("orders >= 3 and lifecycle in (active, \"new\") and last_order > 30 days ago and bought_category != 4 since '2026-01-01'");

        Assert.That(JsonConvert.SerializeObject(tree, Formatting.None), Is.EqualTo(
            """{"Kind":"group","Match":"all","Negated":false,"Children":[""" +
            """{"Kind":"condition","Match":null,"Negated":false,"Children":null,"Field":"orders","Operator":">=","Values":["3"],"Since":null,"Until":null,"Argument":null},""" +
            """{"Kind":"condition","Match":null,"Negated":false,"Children":null,"Field":"lifecycle","Operator":"in","Values":["active","\"new\""],"Since":null,"Until":null,"Argument":null},""" +
            """{"Kind":"condition","Match":null,"Negated":false,"Children":null,"Field":"last_order","Operator":">","Values":["30 days ago"],"Since":null,"Until":null,"Argument":null},""" +
            """{"Kind":"condition","Match":null,"Negated":false,"Children":null,"Field":"bought_category","Operator":"!=","Values":["4"],"Since":"\"2026-01-01\"","Until":null,"Argument":null}""" +
            """],"Field":null,"Operator":null,"Values":null,"Since":null,"Until":null,"Argument":null}"""));
    }

    [Test]
    public void Not_becomes_the_negated_flag_of_a_group_or_a_condition()
    {
        var tree = Tree("not (orders = 1 or orders = 2) and not spent > 5 and birthday_month is not empty and country not in ('DE')");

        Assert.That(tree.Match, Is.EqualTo("all"));
        Assert.That(tree.Children.Select(c => (c.Kind, c.Match, c.Negated, c.Operator)), Is.EqualTo(new[]
        {
            ("group", "any", true, (string)null), ("condition", null, true, ">"), ("condition", null, false, "is not empty"), ("condition", null, false, "not in")
        }));
        Assert.That(tree.Children[0].Children.Select(c => c.Values.Single()), Is.EqualTo(new[] { "1", "2" }));
        Assert.That(tree.Children[2].Values, Is.Empty);
        Assert.That(tree.Children[3].Values, Is.EqualTo(new[] { "\"DE\"" }));
    }

    [Test]
    public void A_single_condition_sits_in_a_group_and_not_not_keeps_both_nots()
    {
        var single = Tree("orders > 3");
        Assert.That((single.Kind, single.Match, single.Children.Single().Field), Is.EqualTo(("group", "all", "orders")));

        var twice = Tree("not not orders > 3");
        Assert.That((twice.Kind, twice.Negated, twice.Children.Single().Kind, twice.Children.Single().Negated), Is.EqualTo(("group", true, "condition", true)));
        Assert.That(twice.ToText(), Is.EqualTo("not not orders > 3"));
    }

    [TestCase("orders = 1 or orders = 2 or orders = 3", 3)]
    [TestCase("(orders = 1 or orders = 2) or orders = 3", 3)]
    // parentheses on the right are a group of their own, so the text comes back with them
    [TestCase("orders = 1 or (orders = 2 or orders = 3)", 2)]
    [TestCase("orders = 1 and (orders = 2 and orders = 3) and spent > 4", 3)]
    public void Chains_flatten_as_the_parser_reads_them(string rule, int children)
    {
        Assert.That(Tree(rule).Children, Has.Count.EqualTo(children));
        AssertKeepsRule(rule);
    }

    [TestCase("orders >= 3 and spent_90d > 500")]
    [TestCase("orders = 1 or orders = 2 and spent > 5 or not (tier = heavy and lifecycle != at_risk)")]
    [TestCase("not not not (orders = 1 or spent > 2)")]
    [TestCase("email contains 'say \"hi\"' or role = \"o'brien\"")]
    [TestCase("email starts with \"info\" and not email ends with '.de'")]
    [TestCase("orders in (-1, 2) or orders between 1 and -3 or churn < 0.50")]
    [TestCase("last_order between '2025-01-01' and \"2025-12-31 18:00\" and first_order < 1 year ago")]
    [TestCase("bought_product not in (1, 2) since 3 weeks ago or top_category = 3 since \"2026-01-01\" or bought_category is empty")]
    [TestCase("newsletter = yes and cart_offer != no and gender = female and age between 25 and 34 and customer_type = registered")]
    [TestCase("segment = \"VIP\" and lifecycle = \"at_risk\" and lifecycle = AtRisk")]
    [TestCase("spent > 500 since 60 days ago and orders between 1 and 3 from \"2025-01-01\" to \"2025-03-31\" or items in (1, 2) since \"2026-01-01\"")]
    [TestCase("product_quantity(12) >= 3 and not category_orders(5) not in (0) from 2 years ago to 1 year ago or category_quantity(7) between 1 and 4")]
    [TestCase("ordered_in_month in (11, 12) and ordered_in_season = winter since 1 year ago or used_discount is empty from \"2025-01-01\" to 30 days ago")]
    [TestCase("registered > 7 days ago and orders = 0 and last_visit < 30 days ago")]
    [TestCase("registered between '2026-01-01' and \"2026-01-31\" or registered is empty")]
    [TestCase("days_to_birthday <= 7 or days_to_birthday not in (0, 365) or days_to_birthday between 1 and 3")]
    [TestCase("birthday_month = this_month or birthday_month in (NEXT_MONTH, last_month, 12)")]
    public void Text_to_tree_to_text_is_the_printed_rule(string rule) => AssertKeepsRule(rule);

    [Test]
    public void The_id_and_the_window_end_are_properties_of_the_condition()
    {
        var tree = Tree("product_orders(12) >= 2 from \"2025-01-01\" to 30 days ago and used_discount is not empty since 1 year ago");
        var (figure, discount) = (tree.Children[0], tree.Children[1]);
        Assert.That((figure.Field, figure.Argument, figure.Operator, figure.Since, figure.Until), Is.EqualTo(("product_orders", (int?)12, ">=", "\"2025-01-01\"", "30 days ago")));
        Assert.That((discount.Field, discount.Argument, discount.Operator, discount.Since, discount.Until), Is.EqualTo(("used_discount", (int?)null, "is not empty", "1 year ago", (string)null)));

        // as the builder sends them back: the id in its own box, the window's two ends in theirs
        var built = RuleTree.Group("all", new RuleTree { Kind = "condition", Field = "category_quantity", Argument = 5, Operator = "between", Values = ["2", "4"], Since = "\"2026-01-01\"", Until = "\"2026-03-31\"" });
        Assert.That(ThroughJson(built).ToText(), Is.EqualTo("category_quantity(5) between 2 and 4 from \"2026-01-01\" to \"2026-03-31\""));
    }

    [TestCase("product_quantity", null, null, null, "needs the id of a product or category")]
    [TestCase("product_quantity", -1, null, null, "needs an id (a whole number above 0), not -1")]
    [TestCase("orders", 3, null, null, "'orders' takes no id in parentheses")]
    [TestCase("orders", null, null, "\"2026-01-01\"", "'to' needs a 'from'")]
    [TestCase("orders", null, "\"2026-01-01\"", "7", "A window needs a date")]
    public void A_bad_id_or_window_from_the_builder_is_refused(string field, int? argument, string since, string until, string problem)
    {
        var tree = RuleTree.Group("all", new RuleTree { Kind = "condition", Field = field, Argument = argument, Operator = ">=", Values = ["1"], Since = since, Until = until });

        var error = Assert.Throws<RuleSyntaxException>(() => tree.ToText());
        Assert.That(error.Problem, Does.Contain(problem));
    }

    [Test]
    public void Generated_rules_survive_the_builder()
    {
        foreach (var rule in GeneratedRules.Rules)
            AssertKeepsRule(rule);
    }

    [Test]
    public void A_tree_made_in_the_builder_reads_as_its_rule()
    {
        var tree = RuleTree.Group("any",
            RuleTree.Condition("Orders", ">=", " 3 "),
            RuleTree.Group("all", RuleTree.Condition("lifecycle", "not in", "at_risk", "'lapsed'"), RuleTree.Condition("email", "is empty")),
            new RuleTree { Kind = "condition", Field = "bought_product", Operator = "=", Values = ["12"], Since = "90 days ago", Negated = true });

        Assert.That(ThroughJson(tree).ToText(),
            Is.EqualTo("orders >= 3 or lifecycle not in (at_risk, \"lapsed\") and email is empty or not bought_product = 12 since 90 days ago"));
        Assert.DoesNotThrow(() => RuleCompiler.Compile(tree.ToNode(), GeneratedRules.Now));
    }

    [TestCase("orders", "=", new[] { "1 or spent > 0" }, null, "in the value 1 or spent > 0")]
    [TestCase("orders", "in", new[] { "1) or (spent > 0" }, null, "is not one value")]
    [TestCase("orders", "in", new[] { "1, 2" }, null, "is not one value")]
    [TestCase("bought_product", "=", new[] { "1 since 3 days ago" }, null, "in the value")]
    [TestCase("orders", "=", new[] { "" }, null, "A value is empty")]
    [TestCase("orders", "between", new[] { "1" }, null, "needs two values")]
    [TestCase("orders", "in", new string[0], null, "needs at least one value")]
    [TestCase("orders", "is empty", new[] { "1" }, null, "takes no value")]
    [TestCase("orders", "like", new[] { "1" }, null, "Unknown operator")]
    [TestCase("ordrs", "=", new[] { "1" }, null, "Unknown field 'ordrs'")]
    [TestCase("orders not", "in", new[] { "1" }, null, "Unknown field 'orders not'")]
    [TestCase("orders = 1 or spent", ">", new[] { "1" }, null, "Unknown field")]
    [TestCase("aov", "=", new[] { "1" }, "3 days ago", "'since' applies to orders, spent, items")]
    [TestCase("orders", "is empty", new string[0], "3 days ago", "A window (since, from … to) follows 'is empty' for purchases only")]
    [TestCase("bought_product", "contains", new[] { "1" }, "3 days ago", "A window (since, from … to) cannot follow 'contains'")]
    [TestCase("orders", "between", new[] { "-1", "3" }, null, "Unexpected character '-'")]
    [TestCase("email", "=", new[] { "\"open" }, null, "not closed")]
    public void A_bad_condition_from_the_builder_is_refused_as_the_editor_would(string field, string op, string[] values, string since, string problem)
    {
        var tree = RuleTree.Group("all", new RuleTree { Kind = "condition", Field = field, Operator = op, Values = [.. values], Since = since });

        var error = Assert.Throws<RuleSyntaxException>(() => tree.ToText());
        Assert.That(error.Problem, Does.Contain(problem));
    }

    [Test]
    public void A_bad_group_is_refused()
    {
        Assert.Throws<RuleSyntaxException>(() => RuleTree.Group("all").ToNode());
        Assert.Throws<RuleSyntaxException>(() => RuleTree.Group("most", RuleTree.Condition("orders", "=", "1")).ToNode());
        Assert.Throws<RuleSyntaxException>(() => new RuleTree { Kind = "box" }.ToNode());
        Assert.That(Assert.Throws<RuleSyntaxException>(() => RuleTree.Condition("ordrs", "=", "1").ToNode()).Suggestion, Is.EqualTo("orders"));
        // an unknown enumeration value is the compiler's to refuse, as in the text editor
        var misspelt = RuleTree.Condition("lifecycle", "=", "at_rsk").ToNode();
        Assert.That(Assert.Throws<RuleSyntaxException>(() => RuleCompiler.Compile(misspelt, GeneratedRules.Now)).Suggestion, Is.EqualTo("AtRisk"));
    }
}
