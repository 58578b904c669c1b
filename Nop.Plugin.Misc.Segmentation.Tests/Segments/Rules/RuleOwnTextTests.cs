using System.Globalization;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Segments.Rules;

/// <summary>
/// The customer's own text (e-mail, gender) and the newsletter subscription in letters engines fold differently,
/// with profiles made by the profile service: the same hand-worked answers from SQL and memory on every engine and
/// under every culture.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class RuleOwnTextTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private readonly Dictionary<string, Customer> _customers = [];

    public RuleOwnTextTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [OneTimeSetUp]
    public async Task CreateCustomers()
    {
        _store = StoreDatabase.Create(_kind);
        var product = await _store.AddProductAsync(10);
        // name, e-mail, gender, stores ordered in
        foreach (var (name, email, gender, stores) in new (string, string, string, int[])[]
                 {
                     ("jose", "jose@x.de", "M", [1]),
                     ("josé", "JOSÉ@x.de", null, [1]),
                     ("buch", "X@BÜCHER.DE", "f", [1]),
                     ("ivan", "ИВАН@mail.ru ", "", [1, 2]),
                     ("irem", "İrem@x.de", "İ", [1])
                 })
        {
            var customer = await _store.AddCustomerAsync(c => (c.Email, c.Gender) = (email, gender));
            _customers[name] = customer;
            foreach (var store in stores)
                await _store.AddOrderAsync(customer, store, Now.AddDays(-3), 10, (product, 1));
        }

        // addresses typed in other letter case when subscribing; İ lowers to itself, not to i, so irem's is another address
        await _store.Repository<NewsLetterSubscription>().InsertAsync(new List<NewsLetterSubscription>
        {
            new() { Email = "x@bücher.de", Active = true, StoreId = 1 },
            new() { Email = "иван@MAIL.RU ", Active = true, StoreId = 2 },
            new() { Email = "irem@x.de", Active = true, StoreId = 1 },
            new() { Email = "jose@x.de", Active = false, StoreId = 1 }
        });
        await _store.ProfileService().RefreshRangeAsync(0, int.MaxValue, Now, await _store.ProfileService().LoadStoreStatisticsAsync());
    }

    [OneTimeTearDown]
    public void Drop() => _store?.Dispose();

    /// <summary>Worked out by hand with invariant lower-casing: É → é (not e), Ü → ü, И → и, İ stays İ, spaces count.</summary>
    private static readonly (string Rule, string Expected)[] _answers =
    [
        ("store = 1 and email = \"josé@x.de\"", "josé"),
        ("store = 1 and email = \"jose@x.de\"", "jose"),
        ("store = 1 and email = \"JOSE@X.DE\"", "jose"),
        ("store = 1 and email contains \"é\"", "josé"),
        ("store = 1 and email ends with \"@bücher.de\"", "buch"),
        ("store = 1 and email ends with \"@BUCHER.DE\"", ""),
        ("store = 1 and email in (\"x@bücher.de\", \"josé@X.DE\")", "josé buch"),
        ("store = 1 and email = \"иван@mail.ru\"", ""),
        ("store = 1 and email = \"иван@mail.ru \"", "ivan"),
        ("store = 1 and email ends with \"RU \"", "ivan"),
        ("store = 1 and email != \"иван@mail.ru\"", "jose josé buch ivan irem"),
        ("store = 1 and email starts with \"irem\"", ""),
        ("store = 1 and email starts with \"İREM\"", "irem"),
        ("store = 1 and gender = male", "jose"),
        ("store = 1 and gender = \"F\"", "buch"),
        ("store = 1 and gender = \"i\"", ""),
        ("store = 1 and gender = \"İ\"", "irem"),
        ("store = 1 and gender is empty", "josé ivan"),
        ("store = 1 and newsletter = yes", "buch"),
        ("store = 2 and newsletter = yes", "ivan"),
        ("store = 0 and newsletter = yes", "buch ivan"),
        ("store = 0 and newsletter = no", "jose josé irem")
    ];

    [TestCase("en-US")]
    [TestCase("tr-TR")]
    [TestCase("de-DE")]
    public async Task Every_engine_and_culture_gives_the_worked_out_answers(string name)
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
        try
        {
            // the profiles' folded copies are written under this culture too, so a culture-bound fold on that side shows
            await _store.ProfileService().RefreshRangeAsync(0, int.MaxValue, Now, await _store.ProfileService().LoadStoreStatisticsAsync());
            foreach (var (rule, expected) in _answers)
            {
                var wanted = expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(n => _customers[n].Id).Order().ToList();
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

    [Test]
    public async Task A_subscription_in_other_letter_case_refreshes_the_profiles_of_that_address()
    {
        var josé = _customers["josé"];
        var events = _store.AdminMenuEventConsumer(new ManualClock(Now));
        var subscription = new NewsLetterSubscription { Email = "josé@X.DE", Active = true, StoreId = 1 };
        await _store.Repository<NewsLetterSubscription>().InsertAsync(subscription);
        try
        {
            await events.HandleEventAsync(new EmailSubscribedEvent(subscription));
            Assert.That(await NewsletterAsync(josé.Id), Is.EqualTo(new[] { (0, true), (1, true) }));

            subscription.Active = false;
            await _store.Repository<NewsLetterSubscription>().UpdateAsync(subscription);
            await events.HandleEventAsync(new EmailUnsubscribedEvent(subscription));
            Assert.That(await NewsletterAsync(josé.Id), Is.EqualTo(new[] { (0, false), (1, false) }));
        }
        finally
        {
            await _store.Repository<NewsLetterSubscription>().DeleteAsync(subscription);
        }
    }

    private async Task<List<(int StoreId, bool Newsletter)>> NewsletterAsync(int customerId) =>
        (await _store.Repository<CustomerProfile>().Table.Where(p => p.CustomerId == customerId).ToListAsync())
        .OrderBy(p => p.StoreId).Select(p => (p.StoreId, p.Newsletter)).ToList();
}
