using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Segments.Rules;

public class RuleParserTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private static bool Matches(string rule, CustomerProfile profile) => RuleCompiler.ForMemory(RuleCompiler.Compile(rule, Now))(profile, RuleSources.None);

    private static readonly CustomerProfile Regular = new()
    {
        OrdersCount = 4, AmountSpent = 620m, Spent90Days = 510m, LastOrderDateUtc = Now.AddDays(-10), FirstOrderDateUtc = Now.AddDays(-400),
        CountryId = 3, LifecycleStage = LifecycleStage.Active, RfmGroup = RfmGroup.LoyalCustomers, PreferredHour = 20
    };

    [TestCase("orders >= 3 and spent_90d > 500 and last_order > 30 days ago and country_id in (3, 4)", true)]
    [TestCase("orders >= 5 or (spent > 600 and not lifecycle = at_risk)", true)]
    [TestCase("orders between 2 and 4", true)]
    [TestCase("orders between 5 and 9", false)]
    [TestCase("last_order < 30 days ago", false)]
    [TestCase("first_order < 1 year ago", true)]
    [TestCase("first_order < \"2025-06-01\"", true)]
    [TestCase("first_order < \"2025-05-01\"", false)]
    [TestCase("rfm_group in (Champions, loyal_customers)", true)]
    [TestCase("lifecycle not in (\"new\", \"churned\")", true)]
    [TestCase("birthday_month is empty", true)]
    [TestCase("preferred_hour is not empty and preferred_hour >= 18", true)]
    [TestCase("birthday_month != 5", true)]
    [TestCase("birthday_month = 5", false)]
    [TestCase("not (birthday_month = 5)", true)]
    [TestCase("ORDERS > 3 AND Spent <= 620", true)]
    [TestCase("churn < 0.5 and clv >= 0", true)]
    [TestCase("store = 0 and cart_items = 0", true)]
    public void Rules_decide_for_one_customer(string rule, bool expected)
    {
        Assert.That(Matches(rule, Regular), Is.EqualTo(expected));
    }

    [Test]
    public void And_binds_tighter_than_or()
    {
        Assert.That(Matches("orders = 1 and spent > 0 or orders = 4", Regular), Is.True);
        Assert.That(Matches("orders = 1 and (spent > 0 or orders = 4)", Regular), Is.False);
    }

    [TestCase("", 0, "The rule is empty")]
    [TestCase("contry in (\"DE\", \"AT\")", 0, "Unknown field 'contry'", "country")]
    [TestCase("customer_type = registred", 16, "'registred' is not a value of 'customer_type'", "registered")]
    [TestCase("newsletter = maybe", 13, "'newsletter' is yes or no")]
    [TestCase("newsletter is empty", 0, "'newsletter' is yes or no, never empty")]
    [TestCase("bought_category = 1.5", 18, "'bought_category' needs an id")]
    [TestCase("bought_category > 3", 0, "'bought_category' cannot be compared with '>'")]
    [TestCase("bought_product = 3 since 30", 25, "A window needs a date")]
    [TestCase("aov > 3 since 30 days ago", 8, "'since' applies to orders, spent, items")]
    [TestCase("orders > 3 from 30 days ago", 27, "Expected 'to' in 'from … to …'")]
    [TestCase("orders > 3 from 30 days ago to 7", 31, "A window needs a date")]
    [TestCase("lifecycle = new from \"2026-01-01\" to \"2026-02-01\"", 16, "'from' applies to orders")]
    [TestCase("product_quantity > 3", 17, "needs the id of a product or category in parentheses")]
    [TestCase("product_quantity(0) > 3", 17, "needs an id (a whole number above 0)")]
    [TestCase("product_quantity(1.5) > 3", 17, "needs an id (a whole number above 0)")]
    [TestCase("product_quantity(12 > 3", 20, "Expected ')' after the id")]
    [TestCase("orders(12) > 3", 6, "'orders' takes no id in parentheses")]
    [TestCase("product_orders(3) is empty", 0, "is a number, never empty")]
    [TestCase("orders contains 3", 0, "'contains' applies to text fields")]
    [TestCase("orders starts with 3", 0, "'starts with' applies to text fields")]
    [TestCase("age ends with \"3\"", 0, "'age' cannot be compared with 'ends with'")]
    [TestCase("email starts \"x\"", 6, "Expected an operator (=, !=, <, <=, >, >=, in, not in, contains, starts with, ends with")]
    [TestCase("email ends with", 15, "Expected a value")]
    [TestCase("bought_product starts with \"1\"", 0, "'bought_product' cannot be compared with 'starts with'")]
    [TestCase("gender between \"F\" and \"M\"", 0, "'gender' cannot be used with 'between'")]
    [TestCase("age > -3", 6, "'age' needs whole years")]
    [TestCase("country = 3", 10, "'country' needs text")]
    [TestCase("orders >= 3 and spnt_90d > 500", 16, "Unknown field 'spnt_90d'", "spent_90d")]
    [TestCase("orders >=", 9, "Expected a value, found the end of the rule")]
    [TestCase("orders 3", 7, "Expected an operator")]
    [TestCase("(orders > 3", 11, "Expected ')'")]
    [TestCase("orders > 3)", 10, "Expected 'and', 'or' or the end of the rule")]
    [TestCase("orders between 1 or 3", 17, "Expected 'and' in 'between")]
    [TestCase("lifecycle = at_rsk", 12, "'at_rsk' is not a value of 'lifecycle'", "AtRisk")]
    [TestCase("orders > \"many\"", 9, "'orders' needs a number")]
    [TestCase("last_order < 30 days", 20, "Expected 'ago'")]
    [TestCase("last_order < 30", 13, "'last_order' needs a date")]
    [TestCase("first_order > \"31/12/2025\"", 14, "is not a date")]
    [TestCase("orders > 2.5", 9, "holds whole numbers")]
    [TestCase("orders > 3 & spent > 1", 11, "Unexpected character '&'")]
    [TestCase("lifecycle = \"new", 12, "not closed")]
    [TestCase("orders in (1, 2", 15, "Expected ',' or ')'")]
    [TestCase("birthday_month is", 17, "Expected 'empty'")]
    public void Bad_rules_say_where_and_what(string rule, int position, string problem, string suggestion = null)
    {
        var error = Assert.Throws<RuleSyntaxException>(() => RuleCompiler.Compile(rule, Now));

        Assert.That(error.Position, Is.EqualTo(position), error.Message);
        Assert.That(error.Problem, Does.Contain(problem));
        Assert.That(error.Suggestion, Is.EqualTo(suggestion));
    }

    [TestCase("last_order > 100000 years ago", "before 1753")]
    [TestCase("last_order > 99999999999999999999 days ago", "before 1753")]
    [TestCase("last_order > 4000000 months ago", "before 1753")]
    [TestCase("first_order > \"1700-01-01\"", "outside the dates a rule can name")]
    [TestCase("first_order < \"9999-12-31\"", "outside the dates a rule can name")]
    [TestCase("last_order between \"2025-01-01\" and \"0001-01-01\"", "outside the dates a rule can name")]
    public void Dates_beyond_what_every_database_stores_are_a_rule_error_not_a_crash(string rule, string problem)
    {
        var error = Assert.Throws<RuleSyntaxException>(() => RuleCompiler.Compile(rule, Now));
        Assert.That(error.Problem, Does.Contain(problem));
    }

    [Test]
    public void Far_but_reachable_dates_compile()
    {
        Assert.That(Matches("first_order > 270 years ago", Regular), Is.True);
        Assert.That(Matches("last_order > 3000 months ago", Regular), Is.True);
        Assert.That(Matches("first_order > \"1753-01-01\"", Regular), Is.True);
    }

    [Test]
    public void Values_travel_as_parameters_not_as_text()
    {
        var expression = RuleCompiler.Compile("orders > 3 and last_order > 30 days ago and lifecycle = active", Now);

        // every value is read from a holder object, which linq2db turns into a query parameter
        var text = expression.ToString();
        Assert.That(text, Does.Not.Contain(" 3)").And.Not.Contain("2026"));
        Assert.That(text, Does.Contain(".Value"));

        // the same for fields outside the profile: text, ids, ages and dates are held, not written into the tree
        var related = RuleCompiler.Compile("country = \"ZZ\" and bought_category = 987654 since 30 days ago and age > 77 and email contains \"x'y\"", Now)
            .ToString();
        Assert.That(related, Does.Not.Contain("zz").And.Not.Contain("987654").And.Not.Contain("77").And.Not.Contain("x'y").And.Not.Contain("2026"));
    }
}
