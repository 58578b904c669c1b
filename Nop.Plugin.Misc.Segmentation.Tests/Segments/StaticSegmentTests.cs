using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Segments;

[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class StaticSegmentTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private Segment _list;
    private Customer _anna, _boris, _gone;

    public StaticSegmentTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public async Task SetUp()
    {
        _store = StoreDatabase.Create(_kind);
        _anna = await _store.AddCustomerAsync(c => c.Email = "anna@example.com");
        _boris = await _store.AddCustomerAsync(c => c.Email = "Boris@Example.com");
        _gone = await _store.AddCustomerAsync(c => { c.Email = "gone@example.com"; c.Deleted = true; });
        _list = new Segment { Name = "Trade fair visitors", SegmentType = SegmentType.Static, Active = true, CreatedOnUtc = Now, UpdatedOnUtc = Now };
        await _store.Repository<Segment>().InsertAsync(_list);
    }

    [TearDown]
    public void TearDown() => _store?.Dispose();

    private async Task<int[]> MembersAsync() =>
        (await _store.Repository<SegmentMember>().Table.Where(m => m.SegmentId == _list.Id).Select(m => m.CustomerId).ToListAsync()).Order().ToArray();

    [Test]
    public async Task A_good_file_adds_everyone_it_names_once()
    {
        var csv = $"email,name\nanna@example.com,Anna\n\"boris@example.com\",Boris\n{_anna.Id}\n";

        var result = await _store.StaticSegments().ImportAsync(_list, new StringReader(csv), Now);

        Assert.That(result.Succeeded, Is.True);
        Assert.That(result.Rows.Select(r => (r.Line, r.CustomerId)), Is.EqualTo(new[] { (2, (int?)_anna.Id), (3, _boris.Id), (4, _anna.Id) }));
        Assert.That(result.Added, Is.EqualTo(2));
        Assert.That(await MembersAsync(), Is.EqualTo(new[] { _anna.Id, _boris.Id }));
        Assert.That(await _store.Repository<SegmentMovement>().Table.CountAsync(m => m.Reason == "import"), Is.EqualTo(2));
    }

    [Test]
    public async Task A_file_with_any_bad_line_changes_nothing_and_says_what_is_wrong_with_each_line()
    {
        var csv = "anna@example.com\nnobody@example.com\n999999\ngone@example.com\nnot-an-address\n;\n";

        var result = await _store.StaticSegments().ImportAsync(_list, new StringReader(csv), Now);

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Added, Is.Zero);
        Assert.That(await MembersAsync(), Is.Empty);
        Assert.That(await _store.Repository<SegmentMovement>().Table.CountAsync(), Is.Zero);
        Assert.That(result.Rows.Select(r => (r.Line, r.Error)), Is.EqualTo(new (int, string)[]
        {
            (1, null),
            (2, "No customer with e-mail nobody@example.com"),
            (3, "No customer with id 999999"),
            (4, "The customer with e-mail gone@example.com is deleted"),
            (5, "'not-an-address' is neither an e-mail address nor a customer id"),
            (6, "No e-mail or customer id")
        }));
    }

    [Test]
    public async Task An_empty_file_is_refused()
    {
        var result = await _store.StaticSegments().ImportAsync(_list, new StringReader("email\n\n"), Now);

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Rows.Single().Error, Is.EqualTo("The file names no customers"));
    }

    [Test]
    public async Task The_owner_adds_and_removes_by_hand_with_history()
    {
        Assert.That(await _store.StaticSegments().AddAsync(_list, [_anna.Id, _boris.Id, _anna.Id], "added by owner", Now), Is.EqualTo(2));
        Assert.That(await _store.StaticSegments().AddAsync(_list, [_anna.Id], "added by owner", Now), Is.Zero);
        Assert.That(await _store.StaticSegments().RemoveAsync(_list, [_anna.Id, _gone.Id], "removed by owner", Now.AddDays(1)), Is.EqualTo(1));

        Assert.That(await MembersAsync(), Is.EqualTo(new[] { _boris.Id }));
        var history = (await _store.Repository<SegmentMovement>().Table.ToListAsync()).OrderBy(m => m.Id).Select(m => (m.CustomerId, m.MovementType, m.Reason));
        Assert.That(history, Is.EqualTo(new[]
        {
            (_anna.Id, SegmentMovementType.Entered, "added by owner"), (_boris.Id, SegmentMovementType.Entered, "added by owner"),
            (_anna.Id, SegmentMovementType.Left, "removed by owner")
        }));
    }

    [Test]
    public async Task Lists_longer_than_one_IN_list_go_in_slices()
    {
        var many = Enumerable.Range(0, SegmentationDefaults.MaxInListSize * 2 + 500)
            .Select(_ => new Customer { CustomerGuid = Guid.NewGuid(), CreatedOnUtc = Now, LastActivityDateUtc = Now }).ToList();
        await _store.Repository<Customer>().InsertAsync(many);
        var ids = await _store.Repository<Customer>().Table.Where(c => c.Id > _gone.Id).Select(c => c.Id).ToListAsync();
        Assume.That(ids, Has.Count.EqualTo(many.Count));

        var result = await _store.StaticSegments().ImportAsync(_list, new StringReader(string.Join("\n", ids)), Now);
        Assert.That((result.Succeeded, result.Added), Is.EqualTo((true, ids.Count)));
        Assert.That(await _store.StaticSegments().AddAsync(_list, ids, "again", Now), Is.Zero);

        Assert.That(await _store.StaticSegments().RemoveAsync(_list, ids, "removed", Now), Is.EqualTo(ids.Count));
        Assert.That(await MembersAsync(), Is.Empty);
    }

    [Test]
    public void A_rule_segment_takes_no_list()
    {
        var dynamic = new Segment { Name = "d", SegmentType = SegmentType.Dynamic, Rule = "orders > 1" };
        Assert.That(async () => await _store.StaticSegments().AddAsync(dynamic, [_anna.Id], "x", Now), Throws.ArgumentException);
    }
}
