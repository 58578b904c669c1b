using System.Globalization;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Directory;
using Nop.Core.Domain.Localization;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Profiles;
using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Segments.Rules;

public class RulePrinterTests
{
    private static string Canonical(string rule) => RulePrinter.Print(RuleParser.Parse(rule));

    [TestCase("orders >= 3 and spent_90d > 500", "orders >= 3 and spent_90d > 500")]
    [TestCase("ORDERS == 3 AND Spent<=620", "orders = 3 and spent <= 620")]
    [TestCase("((orders > 1))", "orders > 1")]
    // or < and < not: parentheses only where the parser would otherwise build another tree
    [TestCase("(orders = 1 or orders = 2) and spent > 5", "(orders = 1 or orders = 2) and spent > 5")]
    [TestCase("orders = 1 or (orders = 2 and spent > 5)", "orders = 1 or orders = 2 and spent > 5")]
    [TestCase("(orders = 1 and orders = 2) and spent > 5", "orders = 1 and orders = 2 and spent > 5")]
    [TestCase("(orders = 1 or orders = 2) or spent > 5", "orders = 1 or orders = 2 or spent > 5")]
    // the parser chains to the left, so a chain on the right keeps its parentheses
    [TestCase("orders = 1 and (orders = 2 and spent > 5)", "orders = 1 and (orders = 2 and spent > 5)")]
    [TestCase("orders = 1 or (orders = 2 or spent > 5)", "orders = 1 or (orders = 2 or spent > 5)")]
    [TestCase("not (orders = 1 and spent > 5)", "not (orders = 1 and spent > 5)")]
    [TestCase("not (orders = 1 or spent > 5) and tier = heavy", "not (orders = 1 or spent > 5) and tier = heavy")]
    [TestCase("not (orders = 1)", "not orders = 1")]
    [TestCase("not (not orders = 1)", "not not orders = 1")]
    [TestCase("spent > 5 and not (orders = 1 or orders = 2)", "spent > 5 and not (orders = 1 or orders = 2)")]
    [TestCase("orders between 1 and 3 and spent > 5 or not orders in (1)", "orders between 1 and 3 and spent > 5 or not orders in (1)")]
    // values: text in double quotes unless it holds one, numbers invariant without trailing zeros, units singular for 1
    [TestCase("country in ('DE','AT')", "country in (\"DE\", \"AT\")")]
    [TestCase("email contains 'say \"hi\"'", "email contains 'say \"hi\"'")]
    [TestCase("email contains \"o'brien\"", "email contains \"o'brien\"")]
    [TestCase("role = \"\"", "role = \"\"")]
    [TestCase("churn < 0.50", "churn < 0.5")]
    [TestCase("spent >= 100.000", "spent >= 100")]
    [TestCase("orders = -0", "orders = 0")]
    [TestCase("orders in (-1, 2) or orders between 1 and -3", "orders in (-1, 2) or orders between 1 and -3")]
    [TestCase("orders=-1", "orders = -1")]
    [TestCase("last_order > 1 days ago", "last_order > 1 day ago")]
    [TestCase("last_order > 030 DAY ago", "last_order > 30 days ago")]
    [TestCase("last_order > 0 hours ago", "last_order > 0 hours ago")]
    [TestCase("last_order > 2 Weeks AGO or first_order < 1 month ago", "last_order > 2 weeks ago or first_order < 1 month ago")]
    [TestCase("first_order < 1.0 years ago", "first_order < 1 year ago")]
    [TestCase("last_order between '2025-01-01' and \"2025-12-31 18:00\"", "last_order between \"2025-01-01\" and \"2025-12-31 18:00\"")]
    // words as written: the compiler reads them without regard to case or underscores
    [TestCase("lifecycle = AtRisk or lifecycle = at_risk", "lifecycle = AtRisk or lifecycle = at_risk")]
    [TestCase("lifecycle = 'at_risk'", "lifecycle = \"at_risk\"")]
    [TestCase("newsletter != YES", "newsletter != YES")]
    [TestCase("bought_category not in (3, 5) since '2026-01-01'", "bought_category not in (3, 5) since \"2026-01-01\"")]
    [TestCase("bought_product = 12 SINCE 90 days ago", "bought_product = 12 since 90 days ago")]
    [TestCase("birthday_month IS NOT EMPTY and tier is empty", "birthday_month is not empty and tier is empty")]
    [TestCase("gender not in (female)", "gender not in (female)")]
    [TestCase("SPENT > 500 Since 60 Days Ago", "spent > 500 since 60 days ago")]
    [TestCase("orders >= 1 FROM '2025-01-01' TO \"2025-03-31\"", "orders >= 1 from \"2025-01-01\" to \"2025-03-31\"")]
    [TestCase("items between 2 and 5 from 90 days ago to 30 days ago", "items between 2 and 5 from 90 days ago to 30 days ago")]
    [TestCase("orders not in (0, 1) since \"2026-01-01 08:00\"", "orders not in (0, 1) since \"2026-01-01 08:00\"")]
    [TestCase("Product_Quantity ( 12 ) >= 3", "product_quantity(12) >= 3")]
    [TestCase("product_orders(12)>=2 since 1 year ago", "product_orders(12) >= 2 since 1 year ago")]
    [TestCase("category_quantity(5) in (1, 2) from \"2025-01-01\" to 1 day ago", "category_quantity(5) in (1, 2) from \"2025-01-01\" to 1 day ago")]
    [TestCase("category_orders(5) between 2 and 4", "category_orders(5) between 2 and 4")]
    [TestCase("ordered_in_month in (11, 12) since 2 years ago", "ordered_in_month in (11, 12) since 2 years ago")]
    [TestCase("ordered_in_season = Winter", "ordered_in_season = Winter")]
    [TestCase("used_discount is empty from \"2025-01-01\" to \"2025-12-31\"", "used_discount is empty from \"2025-01-01\" to \"2025-12-31\"")]
    [TestCase("used_discount is not empty and ordered_in_store != 2", "used_discount is not empty and ordered_in_store != 2")]
    [TestCase("email STARTS   With 'say \"hi\"' or role Ends WITH \"Sale\"", "email starts with 'say \"hi\"' or role ends with \"Sale\"")]
    [TestCase("REGISTERED > 7 Days ago and Orders = 0", "registered > 7 days ago and orders = 0")]
    [TestCase("registered between '2026-01-01' and '2026-01-31'", "registered between \"2026-01-01\" and \"2026-01-31\"")]
    [TestCase("last_visit < 30 DAYS ago", "last_visit < 30 days ago")]
    [TestCase("Days_To_Birthday <= 7.0 or days_to_birthday in (0,1)", "days_to_birthday <= 7 or days_to_birthday in (0, 1)")]
    [TestCase("birthday_month = This_Month or birthday_month in (next_month,last_month, 3)", "birthday_month = This_Month or birthday_month in (next_month, last_month, 3)")]
    public void Prints_the_canonical_form(string rule, string expected)
    {
        Assert.That(Canonical(rule), Is.EqualTo(expected));
        AssertRoundTrip(rule);
    }

    [Test]
    public void Refuses_a_node_the_language_cannot_write()
    {
        RuleValue Text(string text) => new(RuleValueKind.Text, 0, text, 0);
        RuleValue Number(decimal number) => new(RuleValueKind.Number, number, null, 0);
        RuleValue Word(string word) => new(RuleValueKind.Word, 0, word, 0);

        RuleNode[] unwritable =
        [
            // no escape inside quotes: a text with both kinds has no spelling
            new ComparisonNode("email", "contains", Text("say \"don't\""), 0),
            // the tokenizer reads a minus only after an operator, '(', ',' or 'and'
            new BetweenNode("orders", Number(-1), Number(3), 0),
            new ComparisonNode("email", "contains", Number(-1), 0),
            new ComparisonNode("lifecycle", "=", Word("and"), 0),
            new ComparisonNode("lifecycle", "=", Word("at risk"), 0),
            new ComparisonNode("aov", "=", Number(3), 0) { Since = new RuleValue(RuleValueKind.RelativeDate, 3, "day", 0) },
            new ComparisonNode("orders", "=", Number(3), 0) { Until = Text("2026-01-01") },
            new ComparisonNode("orders", "=", Number(3), 0) { Since = Text("2026-01-01"), Until = Number(3) },
            new IsEmptyNode("orders", false, 0) { Since = Text("2026-01-01") },
            new ComparisonNode("product_quantity", "=", Number(3), 0),
            new ComparisonNode("product_quantity", "=", Number(3), 0) { Argument = 0 },
            new ComparisonNode("orders", "=", Number(3), 0) { Argument = 12 },
            new InNode("category_orders", [Number(3)], false, 0),
            new ComparisonNode("bought_product", "=", Number(3), 0) { Since = Number(3) },
            new ComparisonNode("orders", "~", Number(3), 0),
            new ComparisonNode("ordres", "=", Number(3), 0),
            new InNode("orders", [], false, 0),
            new ComparisonNode("last_order", "<", new RuleValue(RuleValueKind.RelativeDate, 1.5m, "day", 0), 0),
            new ComparisonNode("last_order", "<", new RuleValue(RuleValueKind.RelativeDate, 3, "fortnight", 0), 0)
        ];
        foreach (var node in unwritable)
            Assert.Throws<ArgumentException>(() => RulePrinter.Print(new AndNode(new ComparisonNode("orders", ">", Number(1), 0), node, 0)), node.ToString());
    }

    [Test]
    public void Random_trees_over_every_kind_of_condition_read_back_the_same()
    {
        // shapes the generator's text never has (a right-hand 'or' chain, 'not not'), built as trees directly
        var conditions = new[]
        {
            "orders >= 3", "spent < 0.5", "orders in (-1, 2)", "orders not in (4)", "orders between 1 and -3", "birthday_month is empty",
            "birthday_month is not empty", "email contains 'a\"b'", "email contains \"x'y\"", "email starts with \"a\"", "role ends with \"x\"", "lifecycle = at_risk", "lifecycle != \"new\"",
            "last_order > 30 days ago", "last_order < \"2026-01-31 18:00\"", "bought_product = 12 since 1 week ago",
            "bought_category not in (3, 5) since \"2026-01-01\"", "top_category in (1) since 2 years ago", "newsletter = yes", "age between 25 and 34",
            "spent > 500 since 60 days ago", "orders >= 1 from \"2025-01-01\" to \"2025-03-31\"", "product_quantity(12) between 1 and 3 since 1 week ago",
            "category_orders(5) not in (0) from 2 years ago to \"2026-01-01 18:00\"", "ordered_in_season in (winter, fall)", "used_discount is empty since 1 year ago"
        }.Select(RuleParser.Parse).ToArray();
        var random = new Random(5);

        RuleNode Tree(int depth) => depth == 0 || random.Next(4) == 0
            ? conditions[random.Next(conditions.Length)]
            : random.Next(5) switch
            {
                0 => new NotNode(Tree(depth - 1), 0),
                1 or 2 => new AndNode(Tree(depth - 1), Tree(depth - 1), 0),
                _ => new OrNode(Tree(depth - 1), Tree(depth - 1), 0)
            };

        for (var i = 0; i < 2000; i++)
        {
            var tree = Tree(5);
            var text = RulePrinter.Print(tree);
            Assert.That(RuleShape.Of(RuleParser.Parse(text)), Is.EqualTo(RuleShape.Of(tree)), text);
            Assert.That(RulePrinter.Print(RuleParser.Parse(text)), Is.EqualTo(text));
        }
    }

    [Test]
    public void Generated_rules_read_back_the_same_and_decide_the_same()
    {
        var rules = GeneratedRules.Rules;
        var split = 0;
        foreach (var rule in rules)
        {
            var text = AssertRoundTrip(rule);

            var original = RuleCompiler.ForMemory(RuleCompiler.Compile(rule, GeneratedRules.Now));
            var printed = RuleCompiler.ForMemory(RuleCompiler.Compile(text, GeneratedRules.Now));
            var before = GeneratedRules.Profiles.Where(p => original(p, GeneratedRules.SourcesOf(p))).Select(p => p.Id).ToList();
            var after = GeneratedRules.Profiles.Where(p => printed(p, GeneratedRules.SourcesOf(p))).Select(p => p.Id).ToList();
            Assert.That(after, Is.EqualTo(before), $"{rule}\n  printed: {text}");
            if (before.Count > 0 && before.Count < GeneratedRules.Profiles.Count)
                split++;
        }

        // the in-memory customers and their related rows make the rules decide something
        Assert.That(split, Is.GreaterThan(rules.Count / 2));
    }

    /// <summary>Parse(Print(Parse(rule))) is Parse(rule) but for positions, and printing again changes nothing.</summary>
    internal static string AssertRoundTrip(string rule)
    {
        var parsed = RuleParser.Parse(rule);
        var text = RulePrinter.Print(parsed);
        var reparsed = RuleParser.Parse(text);
        Assert.That(RuleShape.Of(reparsed), Is.EqualTo(RuleShape.Of(parsed)), $"{rule}\n  printed: {text}");
        Assert.That(RulePrinter.Print(reparsed), Is.EqualTo(text), rule);
        return text;
    }
}

/// <summary>A rule tree written out without positions, so two parses of different texts compare by structure.</summary>
internal static class RuleShape
{
    public static string Of(RuleNode node) => node switch
    {
        AndNode and => $"and({Of(and.Left)}, {Of(and.Right)})",
        OrNode or => $"or({Of(or.Left)}, {Of(or.Right)})",
        NotNode not => $"not({Of(not.Inner)})",
        ComparisonNode comparison => $"[{comparison.Field}({comparison.Argument}) {comparison.Operator} {Of(comparison.Value)} since {Of(comparison.Since)} to {Of(comparison.Until)}]",
        InNode @in => $"[{@in.Field}({@in.Argument}) {(@in.Negated ? "not in" : "in")} ({string.Join(", ", @in.Values.Select(Of))}) since {Of(@in.Since)} to {Of(@in.Until)}]",
        BetweenNode between => $"[{between.Field}({between.Argument}) between {Of(between.Low)} and {Of(between.High)} since {Of(between.Since)} to {Of(between.Until)}]",
        IsEmptyNode empty => $"[{empty.Field} is {(empty.Negated ? "not " : "")}empty since {Of(empty.Since)} to {Of(empty.Until)}]",
        _ => throw new ArgumentOutOfRangeException(nameof(node), node, null)
    };

    // a decimal compares by value (5.50 equals 5.5), so it is written without trailing zeros; text with its length, so no text can pose as another
    private static string Of(RuleValue value) => value == null
        ? "-"
        : $"{value.Kind}:{(value.Number / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture)}:{value.Text?.Length.ToString() ?? "null"}:{value.Text}";
}

/// <summary>
/// Rules from the differential test's generator, with 400 customers in memory: profiles and every related row the
/// rules read (roles, subscriptions, orders, segments, offers, top categories).
/// </summary>
internal static class GeneratedRules
{
    public static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    public static IReadOnlyList<CustomerProfile> Profiles { get; }

    private static readonly Dictionary<int, RuleSources> _sources = [];

    /// <summary>The customer's own rows (and the shared lookups), as the event path loads them: one scan per rule stays short.</summary>
    public static RuleSources SourcesOf(CustomerProfile profile) => _sources[profile.CustomerId];

    static GeneratedRules()
    {
        var random = new Random(41);
        DateTime? Sometime() => random.Next(5) == 0 ? null : Now.AddMinutes(-random.Next(2 * 365 * 24 * 60));
        int? Maybe(int below) => random.Next(5) == 0 ? null : random.Next(below);
        decimal Amount() => Math.Round((decimal)random.NextDouble() * 800, random.Next(3));
        T One<T>() where T : struct, Enum => Enum.GetValues<T>()[random.Next(Enum.GetValues<T>().Length)];

        Profiles = Enumerable.Range(1, 400).Select(id => new CustomerProfile
        {
            Id = id, CustomerId = id, StoreId = random.Next(3), OrdersCount = random.Next(10), AmountSpent = Amount(), AverageOrderValue = Amount(),
            ItemsBought = random.Next(30), Orders30Days = random.Next(3), Spent30Days = Amount(), Orders90Days = random.Next(4), Spent90Days = Amount(),
            Orders365Days = random.Next(10), Spent365Days = Amount(), FirstOrderDateUtc = Sometime(), LastOrderDateUtc = Sometime(),
            CartValue = Amount(), CartItems = random.Next(4), LastCartActivityUtc = Sometime(), LastVisitUtc = Sometime(),
            RecencyScore = random.Next(6), FrequencyScore = random.Next(6), MonetaryScore = random.Next(6),
            RfmGroup = One<RfmGroup>(), LifecycleStage = One<LifecycleStage>(), UsageTier = One<UsageTier>(), AgeBand = One<AgeBand>(),
            PreferredHour = Maybe(24), PreferredWeekday = Maybe(7), BirthdayMonth = Maybe(12) + 1,
            CountryId = random.Next(5), StateProvinceId = random.Next(5), LanguageId = random.Next(3),
            ChurnProbability = Math.Round((decimal)random.NextDouble(), 2), ExpectedNextOrderUtc = Sometime(), PredictedLifetimeValue = Amount(),
            ComputedOnUtc = Now
        }).ToList();
        foreach (var profile in Profiles)
        {
            // a day that exists in the month (29 February included), and a registration date for most
            profile.BirthdayDay = profile.BirthdayMonth is { } month ? 1 + random.Next(DateTime.DaysInMonth(2024, month)) : null;
            profile.RegisteredOnUtc = Sometime();
        }

        string[] domains = ["example.com", "Mail.de", "shop.fr"];
        var customers = Enumerable.Range(1, 400).Select(id => new Customer
        {
            Id = id,
            Email = random.Next(8) == 0 ? null : $"user{id}@{domains[random.Next(domains.Length)]}",
            Gender = new[] { "M", "F", null, "" }[random.Next(4)],
            DateOfBirth = random.Next(4) == 0 ? null : Now.Date.AddDays(-random.Next(15 * 365, 80 * 365))
        }).ToList();
        // the profile's copies of the customer's own text, as the profile service makes them
        foreach (var (profile, customer) in Profiles.Zip(customers))
        {
            profile.EmailKey = ProfileCalculator.KeyOf(customer.Email);
            profile.GenderKey = ProfileCalculator.KeyOf(customer.Gender);
            profile.Newsletter = customer.Email != null && random.Next(3) == 0;
        }

        var roles = new[] { ("Registered", "Registered"), ("Guests", "Guests"), ("Wholesale", null), ("Vendors", "Vendors") }
            .Select((r, i) => new CustomerRole { Id = i + 1, Name = r.Item1, SystemName = r.Item2, Active = i != 3 }).ToList();
        var orders = new List<Order>();
        var items = new List<OrderItem>();
        var usages = new List<Nop.Core.Domain.Discounts.DiscountUsageHistory>();
        foreach (var customer in customers.Where(_ => random.Next(3) != 0))
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                var order = new Order
                {
                    Id = orders.Count + 1, CustomerId = customer.Id, StoreId = 1 + random.Next(2), CreatedOnUtc = Now.AddDays(-random.Next(400)),
                    OrderStatusId = random.Next(6) == 0 ? (int)OrderStatus.Cancelled : (int)OrderStatus.Complete,
                    OrderTotal = 10m * random.Next(1, 20), RefundedAmount = random.Next(5) == 0 ? 5m : 0m
                };
                orders.Add(order);
                items.Add(new OrderItem { OrderId = order.Id, ProductId = 1 + random.Next(6), Quantity = 1 + random.Next(3) });
                if (random.Next(3) == 0)
                    usages.Add(new Nop.Core.Domain.Discounts.DiscountUsageHistory { DiscountId = 1 + random.Next(4), OrderId = order.Id, CreatedOnUtc = order.CreatedOnUtc });
            }

        var all = new RuleSources
        {
            Customers = customers.AsQueryable(),
            Roles = roles.AsQueryable(),
            RoleMappings = customers.SelectMany(c => roles.Where(_ => random.Next(3) == 0)
                .Select(r => new CustomerCustomerRoleMapping { CustomerId = c.Id, CustomerRoleId = r.Id })).ToList().AsQueryable(),
            Countries = new[] { "DE", "AT", "FR", null }.Select((code, i) => new Country { Id = i + 1, TwoLetterIsoCode = code }).ToList().AsQueryable(),
            Languages = new[] { "en", "de" }.Select((code, i) => new Language { Id = i + 1, UniqueSeoCode = code }).ToList().AsQueryable(),
            Orders = orders.AsQueryable(),
            OrderItems = items.AsQueryable(),
            ProductCategories = Enumerable.Range(1, 6).SelectMany(p => new[] { 1 + p % 3, 4 }.Take(p % 2 == 0 ? 2 : 1)
                .Select(c => new ProductCategory { ProductId = p, CategoryId = c })).ToList().AsQueryable(),
            Segments = new[] { "VIP", "Loyal fans" }.Select((name, i) => new Segment { Id = i + 1, Name = name }).ToList().AsQueryable(),
            SegmentMembers = customers.SelectMany(c => new[] { 1, 2 }.Where(_ => random.Next(3) == 0)
                .Select(s => new SegmentMember { SegmentId = s, CustomerId = c.Id })).ToList().AsQueryable(),
            AbandonedCarts = customers.Where(_ => random.Next(3) == 0).Select(c => new AbandonedCart
            {
                CustomerId = c.Id, StoreId = 1 + random.Next(2), OfferExpiresOnUtc = Now.AddHours(random.Next(-48, 48)),
                Status = random.Next(3) == 0 ? AbandonedCartStatus.Recovered : AbandonedCartStatus.Open
            }).ToList().AsQueryable(),
            CustomerCategories = customers.SelectMany(c => Enumerable.Range(1, 5).Where(_ => random.Next(3) == 0)
                .Select(category => new CustomerCategory { CustomerId = c.Id, CategoryId = category, LastPurchasedUtc = Now.AddDays(-random.Next(400)) }))
                .ToList().AsQueryable(),
            DiscountUsages = usages.AsQueryable()
        };

        foreach (var customer in customers)
        {
            var id = customer.Id;
            var own = all.Orders.Where(o => o.CustomerId == id).ToList();
            _sources[id] = new RuleSources
            {
                Customers = new[] { customer }.AsQueryable(),
                Roles = all.Roles,
                RoleMappings = all.RoleMappings.Where(m => m.CustomerId == id).ToList().AsQueryable(),
                Countries = all.Countries,
                Languages = all.Languages,
                Orders = own.AsQueryable(),
                OrderItems = all.OrderItems.Where(i => own.Any(o => o.Id == i.OrderId)).ToList().AsQueryable(),
                ProductCategories = all.ProductCategories,
                Segments = all.Segments,
                SegmentMembers = all.SegmentMembers.Where(m => m.CustomerId == id).ToList().AsQueryable(),
                AbandonedCarts = all.AbandonedCarts.Where(a => a.CustomerId == id).ToList().AsQueryable(),
                CustomerCategories = all.CustomerCategories.Where(c => c.CustomerId == id).ToList().AsQueryable(),
                DiscountUsages = all.DiscountUsages.Where(u => own.Any(o => o.Id == u.OrderId)).ToList().AsQueryable()
            };
        }
    }

    /// <summary>2,000 rules, the same on every run (a fixed seed); drawn once, as the generator compiles a selector for each value.</summary>
    public static IReadOnlyList<string> Rules => _rules.Value;

    private static readonly Lazy<IReadOnlyList<string>> _rules = new(() =>
    {
        var generator = new RuleDifferentialTests.RuleGenerator(new Random(2026), Profiles);
        return Enumerable.Range(0, 2000).Select(_ => generator.Rule(depth: 3)).ToList();
    });
}
