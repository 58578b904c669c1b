using System.Globalization;
using System.Text;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Segments.Rules;

/// <summary>
/// Generated rules over generated profiles: the database (through the data layer's SQL) and the compiled predicate
/// (in memory) must pick exactly the same customers.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public partial class RuleDifferentialTests
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
        foreach (var row in rows)
        {
            // birthdays around today, the year's end and 29 February, so days_to_birthday meets its edges
            if (row.BirthdayMonth is { } month)
                row.BirthdayDay = random.Next(4) switch
                {
                    0 => Now.AddDays(random.Next(-3, 4)) is var near && near.Month == month ? near.Day : 1 + random.Next(DateTime.DaysInMonth(2024, month)),
                    1 when month is 12 or 1 => month == 12 ? 31 - random.Next(3) : 1 + random.Next(3),
                    1 when month == 2 => 28 + random.Next(2),
                    _ => 1 + random.Next(DateTime.DaysInMonth(2024, month))
                };
            row.RegisteredOnUtc = SomeDate(true);
            // every eighth a registered customer who never ordered: what a rebuild writes for them
            if (row.CustomerId % 8 == 0)
            {
                (row.OrdersCount, row.AmountSpent, row.AverageOrderValue, row.ItemsBought) = (0, 0, 0, 0);
                (row.Orders30Days, row.Spent30Days, row.Orders90Days, row.Spent90Days, row.Orders365Days, row.Spent365Days) = (0, 0, 0, 0, 0, 0);
                (row.FirstOrderDateUtc, row.LastOrderDateUtc, row.ExpectedNextOrderUtc, row.PreferredHour, row.PreferredWeekday) = (null, null, null, null, null);
                (row.CartValue, row.CartItems, row.LastCartActivityUtc) = (0, 0, null);
                (row.RecencyScore, row.FrequencyScore, row.MonetaryScore, row.RfmGroup) = (0, 0, 0, RfmGroup.None);
                (row.LifecycleStage, row.UsageTier, row.ChurnProbability, row.PredictedLifetimeValue) = (LifecycleStage.Prospect, UsageTier.None, 0, 0);
                row.RegisteredOnUtc ??= Now.AddDays(-random.Next(30));
            }
        }

        await _store.Repository<CustomerProfile>().InsertAsync(rows);
        _profiles = await _store.Repository<CustomerProfile>().Table.ToListAsync();
        Assume.That(_profiles, Has.Count.EqualTo(400));
        await FillRelatedAsync(random);
        // the profile's copies of the customer's e-mail, gender and subscription, as the profile service makes them
        await _store.CopyOwnTextToProfilesAsync();
        _profiles = await _store.Repository<CustomerProfile>().Table.ToListAsync();
        Assume.That(_profiles.Count(p => p.Newsletter), Is.GreaterThan(20));
        Assume.That(_profiles.Count(p => p.EmailKey?.Any(ch => ch > 127) == true), Is.GreaterThan(50));

        // what the event path would load for each customer, read through the same service
        var sourceNames = typeof(RuleSources).GetProperties().Select(p => p.Name).ToHashSet();
        var segments = await _store.Repository<Segment>().Table.ToListAsync();
        foreach (var customerId in _profiles.Select(p => p.CustomerId).Distinct())
        {
            var memberships = await _store.Repository<SegmentMember>().Table.Where(m => m.CustomerId == customerId).ToListAsync();
            _sources[customerId] = await _store.RuleSources().ForCustomerAsync(customerId, sourceNames, segments, memberships);
        }
    }

    private readonly Dictionary<int, RuleSources> _sources = [];

    /// <summary>Customers, roles, newsletter, countries, languages, segments, purchases and top categories for the 400 profiles.</summary>
    private async Task FillRelatedAsync(Random random)
    {
        // letters engines fold and compare differently: Turkish İ ı, ß, Ä, é and e, Cyrillic, CJK, a trailing space
        string[] domains = ["example.com", "Mail.de", "shop.fr", "INFO.example", "bücher.de", "BÜCHER.DE"];
        string[] names = ["user", "USER", "josé", "JOSÉ", "jose", "İrem", "irem", "IREM", "ırmak", "straße", "STRASSE", "ÄRZTE", "ärzte", "иван", "ИВАН", "王"];
        for (var i = 1; i <= 400; i++)
            await _store.AddCustomerAsync(c =>
            {
                var name = names[random.Next(names.Length)] + (random.Next(3) == 0 ? string.Empty : i.ToString(CultureInfo.InvariantCulture));
                c.Email = random.Next(8) == 0 ? null : $"{name}@{domains[random.Next(domains.Length)]}{(random.Next(10) == 0 ? " " : string.Empty)}";
                c.Gender = new[] { "M", "F", null, "", "f", "M ", "İ", "ı", "Ж" }[random.Next(9)];
                c.DateOfBirth = random.Next(4) == 0 ? null : Now.Date.AddDays(-random.Next(15 * 365, 80 * 365));
            });
        // every birthday edge: exactly n years old today, and one day short of it
        var edges = await _store.Repository<Nop.Core.Domain.Customers.Customer>().Table.Where(c => c.Id <= 10).ToListAsync();
        foreach (var (customer, index) in edges.Select((c, i) => (c, i)))
        {
            customer.DateOfBirth = Now.Date.AddYears(-(30 + index / 2)).AddDays(index % 2);
            await _store.Repository<Nop.Core.Domain.Customers.Customer>().UpdateAsync(customer);
        }

        // letters whose case engines and cultures fold differently (Turkish I/İ/ı, ß, Ä, Cyrillic, CJK, emoji)
        var roles = new[] { ("Registered", "Registered"), ("Guests", "Guests"), ("Wholesale", null), ("Vendors", "Vendors"), ("IŞIK İzmir", null),
                ("Straße Ärzte", null), ("Москва", null), ("北京", null) }
            .Select(r => new Nop.Core.Domain.Customers.CustomerRole { Name = r.Item1, SystemName = r.Item2, Active = r.Item1 != "Vendors" || random.Next(2) == 0 })
            .ToList();
        foreach (var role in roles)
            await _store.Repository<Nop.Core.Domain.Customers.CustomerRole>().InsertAsync(role);
        var mappings = Enumerable.Range(1, 400).SelectMany(id => roles.Where(_ => random.Next(3) == 0)
            .Select(r => new Nop.Core.Domain.Customers.CustomerCustomerRoleMapping { CustomerId = id, CustomerRoleId = r.Id })).ToList();
        // the prospects are registered (and hold no other role), and buy nothing below
        mappings.RemoveAll(m => m.CustomerId % 8 == 0);
        mappings.AddRange(Enumerable.Range(1, 400).Where(id => id % 8 == 0)
            .Select(id => new Nop.Core.Domain.Customers.CustomerCustomerRoleMapping { CustomerId = id, CustomerRoleId = roles[0].Id }));
        await _store.Repository<Nop.Core.Domain.Customers.CustomerCustomerRoleMapping>().InsertAsync(mappings);

        foreach (var (name, code) in new[] { ("Germany", "DE"), ("Austria", "AT"), ("France", "FR"), ("Nowhere", (string)null) })
            await _store.Repository<Nop.Core.Domain.Directory.Country>().InsertAsync(new Nop.Core.Domain.Directory.Country { Name = name, TwoLetterIsoCode = code });
        foreach (var (name, code) in new[] { ("English", "en"), ("Deutsch", "de") })
            await _store.Repository<Nop.Core.Domain.Localization.Language>().InsertAsync(new Nop.Core.Domain.Localization.Language { Name = name, LanguageCulture = code, UniqueSeoCode = code });

        var customers = await _store.Repository<Nop.Core.Domain.Customers.Customer>().Table.ToListAsync();
        var subscriptions = customers.Where(c => c.Email != null && random.Next(3) == 0).Select(c => new Nop.Core.Domain.Messages.NewsLetterSubscription
        {
            // as typed, or in other letter case (the Turkish upper case turns i into İ)
            Email = random.Next(3) switch
            {
                0 => c.Email,
                1 => c.Email.ToUpperInvariant(),
                _ => c.Email.ToUpper(CultureInfo.GetCultureInfo("tr-TR"))
            },
            Active = random.Next(4) != 0, StoreId = 1 + random.Next(2)
        }).ToList();
        await _store.Repository<Nop.Core.Domain.Messages.NewsLetterSubscription>().InsertAsync(subscriptions);

        var products = new List<Nop.Core.Domain.Catalog.Product>();
        for (var i = 0; i < 6; i++)
        {
            var product = await _store.AddProductAsync(10 + i);
            products.Add(product);
            await _store.MapToCategoryAsync(product, 1 + i % 3);
            if (i % 2 == 0)
                await _store.MapToCategoryAsync(product, 4);
        }

        // orders at noon (a window "n days ago" or "… 12:00" falls exactly on some), at midnight and a second before it;
        // some cancelled, fully refunded or partly refunded; one or two lines; a discount used on some
        var usages = new List<Nop.Core.Domain.Discounts.DiscountUsageHistory>();
        foreach (var customer in customers.Where(c => random.Next(3) != 0 && c.Id % 8 != 0))
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                var day = Now.AddDays(-random.Next(400));
                var placed = random.Next(4) switch { 0 => day.Date, 1 => day.Date.AddSeconds(-1), _ => day };
                var lines = Enumerable.Range(0, 1 + random.Next(2)).Select(_ => (products[random.Next(products.Count)], 1 + random.Next(3))).ToArray();
                var order = await _store.AddOrderAsync(customer, 1 + random.Next(2), placed, 10m * random.Next(1, 20) + 0.25m * random.Next(4), o =>
                {
                    o.OrderStatusId = random.Next(6) == 0 ? 40 : 20;
                    o.PaymentStatusId = random.Next(10) == 0 ? (int)Nop.Core.Domain.Payments.PaymentStatus.Refunded : (int)Nop.Core.Domain.Payments.PaymentStatus.Paid;
                    o.RefundedAmount = random.Next(5) == 0 ? 5m : 0m;
                }, lines);
                usages.AddRange(Enumerable.Range(1, 4).Where(_ => random.Next(5) == 0).Select(discount =>
                    new Nop.Core.Domain.Discounts.DiscountUsageHistory { DiscountId = discount, OrderId = order.Id, CreatedOnUtc = placed }));
            }

        await _store.Repository<Nop.Core.Domain.Discounts.DiscountUsageHistory>().InsertAsync(usages);
        // and the top categories the profiles keep from those orders
        await _store.CategoryService().RefreshRangeAsync(0, int.MaxValue);

        // open offers (some expired) and closed ones, in both stores
        await _store.Repository<AbandonedCart>().InsertAsync(Enumerable.Range(1, 400).Where(_ => random.Next(3) == 0).Select(id => new AbandonedCart
        {
            CustomerId = id, StoreId = 1 + random.Next(2), CartValue = 10, CartItems = 1, LastCartActivityUtc = Now.AddDays(-2), DetectedOnUtc = Now.AddDays(-2),
            OfferExpiresOnUtc = Now.AddHours(random.Next(-48, 48)), Status = random.Next(3) == 0 ? AbandonedCartStatus.Recovered : AbandonedCartStatus.Open
        }).ToList());

        foreach (var name in new[] { "VIP", "Loyal fans", "ÄRZTE in İSTANBUL", "Клуб" })
        {
            var segment = new Segment { Name = name, SegmentType = SegmentType.Static, Active = true, CreatedOnUtc = Now, UpdatedOnUtc = Now };
            await _store.Repository<Segment>().InsertAsync(segment);
            await _store.Repository<SegmentMember>().InsertAsync(Enumerable.Range(1, 400).Where(_ => random.Next(3) == 0)
                .Select(id => new SegmentMember { SegmentId = segment.Id, CustomerId = id, MemberSinceUtc = Now }).ToList());
        }
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
        for (var i = 0; i < 400; i++)
        {
            var rule = generator.Rule(depth: 3);
            var expression = RuleCompiler.Compile(rule, Now);
            var predicate = RuleCompiler.ForMemory(expression);

            var query = RuleCompiler.ForQuery(expression, _store.RuleSources().ForStore());
            var inDatabase = (await _store.Repository<CustomerProfile>().Table.Where(query).Select(p => p.Id).ToListAsync()).Order().ToList();
            var inMemory = _profiles.Where(p => predicate(p, _sources[p.CustomerId])).Select(p => p.Id).Order().ToList();

            Assert.That(inDatabase, Is.EqualTo(inMemory), rule);
            if (inMemory.Count > 0 && inMemory.Count < _profiles.Count)
                nonTrivial++;
        }

        Assert.That(nonTrivial, Is.GreaterThan(240), "most generated rules split the customers");
    }

    /// <summary>Random rules of the language, with values drawn from the data so that comparisons hit edges.</summary>
    internal sealed class RuleGenerator(Random random, IReadOnlyList<CustomerProfile> profiles)
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
            var not = random.Next(2) == 0 ? "not " : "";
            switch (field.Type)
            {
                case RuleFieldType.Flag:
                    return $"{field.Name} {(random.Next(2) == 0 ? "=" : "!=")} {(random.Next(2) == 0 ? "yes" : "no")}";
                case RuleFieldType.Text:
                    return random.Next(8) switch
                    {
                        0 => $"{field.Name} is {not}empty",
                        1 => $"{field.Name} {not}in ({Text(field)}, {Text(field)})",
                        2 => $"{field.Name} contains {Fragment(field)}",
                        3 => $"{field.Name} != {Text(field)}",
                        4 => $"{not}{field.Name} starts with {Fragment(field)}",
                        5 => $"{field.Name} ends with {Fragment(field)}",
                        _ => $"{field.Name} = {Text(field)}"
                    };
                case RuleFieldType.Purchase:
                    var since = random.Next(2) == 0 ? "" : Window();
                    return random.Next(5) switch
                    {
                        0 => $"{field.Name} is {not}empty{since}",
                        1 => $"{field.Name} {not}in ({Id(field)}, {Id(field)}){since}",
                        2 => $"{field.Name} != {Id(field)}{since}",
                        _ => $"{field.Name} = {Id(field)}{since}"
                    };
                case RuleFieldType.Quantity:
                {
                    var name = $"{field.Name}({1 + random.Next(field.Name.StartsWith("product") ? 7 : 5)})";
                    var window = random.Next(2) == 0 ? "" : Window();
                    string Count() => random.Next(4).ToString(CultureInfo.InvariantCulture);
                    return random.Next(6) switch
                    {
                        0 => $"{name} between {Count()} and {Count()}{window}",
                        1 => $"{name} {not}in ({Count()}, {Count()}){window}",
                        _ => $"{name} {_comparisons[random.Next(_comparisons.Length)]} {Count()}{window}"
                    };
                }
            }

            // orders, spent and items counted from the orders in a window, or read from the profile without one
            var windowed = field.Aggregate != null && random.Next(2) == 0 ? Window() : "";
            return random.Next(10) switch
            {
                0 when windowed == "" => $"{field.Name} is {not}empty",
                1 => $"{field.Name} between {Value(field, windowed != "")} and {Value(field, windowed != "")}{windowed}",
                2 => $"{field.Name} {not}in ({Value(field, windowed != "")}, {Value(field, windowed != "")}, {Value(field, windowed != "")}){windowed}",
                _ => $"{field.Name} {_comparisons[random.Next(_comparisons.Length)]} {Value(field, windowed != "")}{windowed}"
            };
        }

        /// <summary>since a date or a time ago, or from … to …: a whole day, a time, or a relative date at either end.</summary>
        private string Window()
        {
            string Date() => random.Next(3) switch
            {
                0 => $"{random.Next(0, 400)} {new[] { "days", "weeks", "months", "hours" }[random.Next(4)]} ago",
                1 => $"\"{Now.AddDays(-random.Next(400)):yyyy-MM-dd}\"",
                _ => $"\"{Now.AddDays(-random.Next(400)):yyyy-MM-dd} 12:00\""
            };
            return random.Next(2) == 0 ? $" since {Date()}" : $" from {Date()} to {Date()}";
        }

        private static readonly Dictionary<string, string[]> _texts = new()
        {
            ["customer_type"] = ["registered", "guest", "Registered"],
            ["role"] = ["Wholesale", "wholesale", "Vendors", "Registered", "nobody", "işik izmir", "ışık izmir", "STRAßE ÄRZTE", "strasse ärzte", "МОСКВА", "北京"],
            ["gender"] = ["male", "female", "M", "f", "x", "m ", "i", "İ", "ı", "ж"],
            ["email"] = ["user7@example.com", "USER12@MAIL.DE", "user15@info.EXAMPLE", "nobody@example.com", "josé@bücher.de", "JOSE@BÜCHER.DE",
                "jose@bücher.de", "irem@mail.de", "İREM@MAIL.DE", "ırmak@shop.fr", "straße@example.com", "strasse@example.com", "ärzte@shop.fr",
                "ИВАН@mail.de", "王@bücher.de", "user@example.com ", "user@example.com"],
            ["country"] = ["DE", "at", "FR", "US"],
            ["language"] = ["en", "DE", "fr"],
            ["segment"] = ["VIP", "loyal fans", "Nobody", "ärzte in istanbul", "ärzte in ıstanbul", "клуб"]
        };

        private static readonly Dictionary<string, string[]> _fragments = new()
        {
            ["email"] = ["example", "MAIL.de", "@shop", "user1", "%", "_", "~", "info", "USER", ".FR", "e", "é", "JOSÉ", "İ", "ı", "i", "ß", "ss",
                "Ä", "ü", "@BÜCHER.DE", "ив", "ИВ", "王", " ", "de ", "e@"],
            ["gender"] = ["m", "F", " ", "İ", "ı", "ж"],
            ["role"] = ["sale", "VEND", "ış", "iş", "İ", "ß", "ä", "мо", "京", "😀"],
            ["segment"] = ["vi", "fans", "Är", "İST", "ıst", "КЛ"]
        };

        private string Text(RuleField field) => $"\"{Pick(_texts[field.Name])}\"";

        private string Fragment(RuleField field) => $"\"{Pick(_fragments.GetValueOrDefault(field.Name) ?? _texts[field.Name])}\"";

        private string Id(RuleField field) => field.Name switch
        {
            "ordered_in_season" => Pick(["winter", "spring", "summer", "autumn", "fall"]),
            "ordered_in_month" => (1 + random.Next(12)).ToString(CultureInfo.InvariantCulture),
            "ordered_in_store" => (1 + random.Next(3)).ToString(CultureInfo.InvariantCulture),
            _ => (1 + random.Next(field.Name == "bought_product" ? 7 : 5)).ToString(CultureInfo.InvariantCulture)
        };

        private string Pick(string[] values) => values[random.Next(values.Length)];

        private string Value(RuleField field, bool windowed = false)
        {
            // a window's figure is small: a handful of orders or items, a few hundred spent
            if (windowed)
                return field.Name == "spent" ? Math.Max(0m, 50m * random.Next(8) + random.Next(-1, 2) * 0.5m).ToString(CultureInfo.InvariantCulture) : random.Next(6).ToString(CultureInfo.InvariantCulture);
            switch (field.Type)
            {
                case RuleFieldType.Age:
                    return (25 + random.Next(20)).ToString(CultureInfo.InvariantCulture);
                case RuleFieldType.Enum:
                    var names = Enum.GetNames(field.EnumType);
                    return names[random.Next(names.Length)];
                case RuleFieldType.Number when field.AnniversaryMonth != null:
                    // mostly the days an owner writes (a week, a month), the edges 0 and 365 and beyond
                    return new[] { 0, 1, 2, 3, 7, 14, 30, 31, 180, 364, 365, 366, random.Next(400) }[random.Next(13)].ToString(CultureInfo.InvariantCulture);
                case RuleFieldType.Number when field.Months && random.Next(3) == 0:
                    return RuleCompiler.MonthWords[random.Next(RuleCompiler.MonthWords.Count)];
                case RuleFieldType.Date:
                    if (random.Next(2) == 0)
                        return $"{random.Next(0, 40)} {new[] { "days", "weeks", "months", "years", "hours" }[random.Next(5)]} ago";
                    var sample = field.Selector.Compile().DynamicInvoke(profiles[random.Next(profiles.Count)]) as DateTime? ?? Now.AddDays(-random.Next(900));
                    return $"\"{sample.AddDays(random.Next(-2, 3)):yyyy-MM-dd}\"";
                default:
                    var value = field.Selector.Compile().DynamicInvoke(profiles[random.Next(profiles.Count)]);
                    var number = value switch { int n => n, decimal d => d, null => random.Next(10), _ => Convert.ToDecimal(value) };
                    // the language has no negative numbers (no field holds one)
                    if (random.Next(3) == 0)
                        number = Math.Max(0, number + random.Next(-1, 2));
                    return number.ToString(CultureInfo.InvariantCulture);
            }
        }
    }
}
