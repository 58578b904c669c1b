using System.Globalization;
using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Segments.Rules;

/// <summary>
/// The same hand-worked answers whatever the request's culture (nopCommerce sets it per request, and order events
/// decide in memory inside the request): Turkish dotted and dotless i, German ß and umlauts, Cyrillic and CJK
/// text, decimals and dates, read, compiled and decided in memory and in SQL under each culture.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class RuleCultureTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private readonly Dictionary<string, int> _ids = [];

    public RuleCultureTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [OneTimeSetUp]
    public async Task CreateCustomers()
    {
        _store = StoreDatabase.Create(_kind);
        var roles = new[] { "IŞIK", "Straße", "Москва", "北京", "İzmir" }.Select(name => new CustomerRole { Name = name, Active = true }).ToList();
        foreach (var role in roles)
            await _store.Repository<CustomerRole>().InsertAsync(role);

        // name, e-mail, roles, spent, last order
        var customers = new (string Name, string Email, int[] Roles, decimal Spent, DateTime LastOrder)[]
        {
            ("ayse", "INFO@Example.com", [0], 1.75m, new DateTime(2026, 1, 31, 10, 0, 0, DateTimeKind.Utc)),
            ("jan", "jan@strasse.de", [1], 1.25m, new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc)),
            ("olga", "olga@mail.ru", [2], 12.5m, new DateTime(2025, 12, 24, 18, 30, 0, DateTimeKind.Utc)),
            ("li", "li@example.cn", [3, 4], 0m, new DateTime(2026, 6, 29, 23, 59, 0, DateTimeKind.Utc))
        };
        foreach (var (name, email, roleIndexes, spent, lastOrder) in customers)
        {
            var customer = await _store.AddCustomerAsync(c => c.Email = email);
            _ids[name] = customer.Id;
            await _store.Repository<CustomerCustomerRoleMapping>().InsertAsync(roleIndexes
                .Select(i => new CustomerCustomerRoleMapping { CustomerId = customer.Id, CustomerRoleId = roles[i].Id }).ToList());
            await _store.Repository<CustomerProfile>().InsertAsync(new CustomerProfile
            {
                CustomerId = customer.Id, StoreId = 1, AmountSpent = spent, LastOrderDateUtc = lastOrder, ComputedOnUtc = Now
            });
        }
        // the e-mail, gender and subscription copies the profile service keeps
        await _store.CopyOwnTextToProfilesAsync();

        foreach (var (name, member) in new[] { ("ÄRZTE", "ayse"), ("Клуб", "olga") })
        {
            var segment = new Segment { Name = name, SegmentType = SegmentType.Static, Active = true, CreatedOnUtc = Now, UpdatedOnUtc = Now };
            await _store.Repository<Segment>().InsertAsync(segment);
            await _store.Repository<SegmentMember>().InsertAsync(new SegmentMember { SegmentId = segment.Id, CustomerId = _ids[member], MemberSinceUtc = Now });
        }
    }

    [OneTimeTearDown]
    public void Drop() => _store?.Dispose();

    /// <summary>Rules and their answers, worked out by hand with invariant lower-casing (I → i; İ, ı and ß stay as they are).</summary>
    private static readonly (string Rule, string Expected)[] _answers =
    [
        // Turkish: a request in tr-TR lowers "INFO" to "ınfo"; the rule language does not
        ("email starts with \"info\"", "ayse"),
        ("email = \"info@example.com\"", "ayse"),
        ("email contains \"I\"", "ayse olga li"),
        ("email ends with \".COM\"", "ayse"),
        ("role = \"ışık\"", ""),
        ("role = \"işik\"", "ayse"),
        ("role = \"IŞIK\"", "ayse"),
        // .NET's invariant lower-casing keeps İ (dotted capital) as it is: İzmir is "İZMIR", not "izmir"
        ("role = \"İZMIR\"", "li"),
        ("role = \"İZMİR\"", ""),
        ("role starts with \"iz\"", ""),
        ("role starts with \"İz\"", "li"),
        // German: ß is not "ss", and Ä lowers to ä
        ("role = \"STRAßE\"", "jan"),
        ("role = \"strasse\"", ""),
        ("segment = \"ärzte\"", "ayse"),
        ("segment starts with \"Är\"", "ayse"),
        // Cyrillic and CJK
        ("role starts with \"мос\"", "olga"),
        ("role ends with \"СКВА\"", "olga"),
        ("segment ends with \"УБ\"", "olga"),
        ("role contains \"京\"", "li"),
        ("role not in (\"北京\", \"москва\")", "ayse jan"),
        // decimals are written with a point in every culture, dates as yyyy-MM-dd
        ("spent > 1.5", "ayse olga"),
        ("spent between 1.25 and 1.75", "ayse jan"),
        ("spent in (1.25, 12.5)", "jan olga"),
        ("spent < 0.5", "li"),
        ("last_order between \"2026-01-01\" and \"2026-01-31\"", "ayse"),
        ("last_order >= \"2026-02-01\"", "jan li"),
        ("last_order < \"2026-01-31 10:00\"", "olga"),
        ("last_order > 1 day ago", "li")
    ];

    [TestCase("en-US")]
    [TestCase("tr-TR")]
    [TestCase("ru-RU")]
    [TestCase("de-DE")]
    [TestCase("zh-CN")]
    public async Task Every_culture_gives_the_worked_out_answers(string name)
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
        try
        {
            foreach (var (rule, expected) in _answers)
            {
                var wanted = expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(n => _ids[n]).Order().ToList();
                var (inDatabase, inMemory) = await RuleAnswers.CustomersAsync(_store, rule, Now);
                Assert.That(inDatabase, Is.EqualTo(wanted), $"{rule} in SQL under {name}");
                Assert.That(inMemory, Is.EqualTo(wanted), $"{rule} in memory under {name}");
            }
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }
}
