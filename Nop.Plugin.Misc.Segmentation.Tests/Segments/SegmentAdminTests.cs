using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Moq;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Plugin.Misc.Segmentation.Controllers;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Factories;
using Nop.Plugin.Misc.Segmentation.Models.Admin;
using Nop.Plugin.Misc.Segmentation.Services;
using Nop.Plugin.Misc.Segmentation.Services.Offers;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;
using Nop.Plugin.Misc.Segmentation.Tests.Fakes;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using Nop.Services.Catalog;
using Nop.Services.Helpers;
using Nop.Services.Messages;
using Nop.Web.Framework;
using Nop.Web.Framework.Mvc.Filters;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Segments;

/// <summary>The admin segment pages' controller and model factory over a real database.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class SegmentAdminTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private SegmentAdminHost _host;
    private FakeDiscounts _discounts;
    private Mock<INotificationService> _notifications;
    private Mock<ICampaignService> _campaigns;
    private List<Customer> _customers;

    public SegmentAdminTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public async Task SetUp()
    {
        _store = StoreDatabase.Create(_kind);
        _host = new SegmentAdminHost(_store, new ManualClock(Now));
        (_discounts, _notifications, _campaigns) = (_host.Discounts, _host.Notifications, _host.Campaigns);

        // customer i has i orders and spent 100·i in the all-stores profile; customer 0 has a cart only
        _customers = [];
        for (var i = 0; i < 12; i++)
        {
            var n = i;
            var customer = await _store.AddCustomerAsync(c => { c.Email = $"c{n:D2}@example.com"; c.FirstName = "Customer"; c.LastName = n.ToString(); });
            _customers.Add(customer);
            await _store.Repository<CustomerProfile>().InsertAsync(new CustomerProfile
            {
                CustomerId = customer.Id, StoreId = 0, OrdersCount = n, AmountSpent = 100m * n, LastOrderDateUtc = n == 0 ? null : Now.AddDays(-n),
                FirstOrderDateUtc = n == 0 ? null : Now.AddDays(-10 * n), ChurnProbability = n / 20m, ComputedOnUtc = Now,
                LifecycleStage = n == 0 ? LifecycleStage.Prospect : LifecycleStage.Active
            });
        }
    }

    [TearDown]
    public void TearDown() => _store?.Dispose();

    private SegmentAdminController Controller() => _host.Controller();

    private static SegmentModel Form(string name, string rule, int type = (int)SegmentType.Dynamic) =>
        new() { Name = name, Rule = rule, SegmentTypeId = type, Active = true };

    private async Task<Segment> SegmentNamedAsync(string name) => await _store.Repository<Segment>().Table.FirstOrDefaultAsync(s => s.Name == name);

    private async Task<int[]> MemberIdsAsync(int segmentId) =>
        (await _store.Repository<SegmentMember>().Table.Where(m => m.SegmentId == segmentId).Select(m => m.CustomerId).ToListAsync()).Order().ToArray();

    private int[] CustomersWithOrdersAtLeast(int n) => _customers.Where((_, i) => i >= n).Select(c => c.Id).Order().ToArray();

    [Test]
    public void Every_action_needs_the_plugin_permission_and_every_post_the_anti_forgery_token()
    {
        var type = typeof(SegmentAdminController);
        Assert.That(type.GetCustomAttribute<AuthorizeAdminAttribute>(), Is.Not.Null);
        Assert.That(type.GetCustomAttribute<AreaAttribute>()?.RouteValue, Is.EqualTo(AreaNames.ADMIN));
        // AutoValidateAntiforgeryToken checks every POST, PUT and DELETE of the controller
        Assert.That(type.GetCustomAttribute<AutoValidateAntiforgeryTokenAttribute>(), Is.Not.Null);
        Assert.That(type.GetMethods().Where(m => m.GetCustomAttribute<IgnoreAntiforgeryTokenAttribute>() != null), Is.Empty);

        var actions = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => m.ReturnType.IsAssignableTo(typeof(Task<IActionResult>)) || m.ReturnType == typeof(IActionResult)).ToList();
        Assert.That(actions, Has.Count.GreaterThan(15));
        foreach (var action in actions)
            Assert.That(action.GetCustomAttributes<CheckPermissionAttribute>().SelectMany(a => a.PermissionSystemName),
                Does.Contain(SegmentationPermissionConfigManager.MANAGE_SEGMENTS), action.Name);
        // what changes something is never a GET
        foreach (var name in new[] { "SetActive", "Delete", "Duplicate", "Evaluate", "AddMembers", "RemoveMember", "Import", "CreateDiscount", "MirrorRole", "PrepareCampaign", "ExportMembers" })
            Assert.That(actions.Where(a => a.Name == name).All(a => a.GetCustomAttribute<HttpPostAttribute>() != null), Is.True, name);
    }

    [Test]
    public async Task A_valid_rule_segment_is_saved_evaluated_and_its_count_equals_the_preview()
    {
        var controller = Controller();
        var preview = (RulePreviewModel)((JsonResult)await controller.Preview("orders >= 5 and spent < 1000", 0, 0)).Value!;

        var result = await controller.Create(Form("Good buyers", "orders >= 5 and spent < 1000"));

        var segment = await SegmentNamedAsync("Good buyers");
        Assert.That(result, Is.TypeOf<RedirectToActionResult>().With.Property(nameof(RedirectToActionResult.ActionName)).EqualTo("Edit"));
        Assert.That(((RedirectToActionResult)result).RouteValues!["id"], Is.EqualTo(segment.Id));
        var expected = _customers.Where((_, i) => i is >= 5 and < 10).Select(c => c.Id).ToArray();
        Assert.That(await MemberIdsAsync(segment.Id), Is.EqualTo(expected));
        Assert.That(segment.MemberCount, Is.EqualTo(expected.Length));
        Assert.That(preview.Valid, Is.True);
        Assert.That(preview.Matching, Is.EqualTo(expected.Length));
        Assert.That(preview.Customers, Is.EqualTo(12));
        Assert.That(preview.Entering, Is.EqualTo(expected.Length));
        Assert.That(preview.Sample.Select(c => c.Id), Is.EqualTo(expected));
        Assert.That(preview.Sample.Select(c => c.Email), Has.All.StartsWith("c0"));
    }

    [Test]
    public async Task The_preview_of_a_changed_rule_says_who_would_enter_and_leave_and_saving_moves_exactly_them()
    {
        var controller = Controller();
        await controller.Create(Form("Changing", "orders >= 8"));
        var segment = await SegmentNamedAsync("Changing");

        var preview = (RulePreviewModel)((JsonResult)await controller.Preview("orders between 3 and 9", 0, segment.Id)).Value!;
        Assert.That((preview.Matching, preview.Entering, preview.Leaving), Is.EqualTo((7, 5, 2)));

        var form = Form("Changing", "orders between 3 and 9");
        form.Id = segment.Id;
        await controller.Edit(form);
        Assert.That(await MemberIdsAsync(segment.Id), Is.EqualTo(_customers.Where((_, i) => i is >= 3 and <= 9).Select(c => c.Id).Order()));
        var moved = await _store.Repository<SegmentMovement>().Table.Where(m => m.SegmentId == segment.Id && m.CreatedOnUtc == Now).ToListAsync();
        Assert.That(moved.Count(m => m.MovementType == SegmentMovementType.Entered), Is.EqualTo(4 + 5), "four entered at creation, five now");
        Assert.That(moved.Count(m => m.MovementType == SegmentMovementType.Left), Is.EqualTo(2));
    }

    [Test]
    public async Task An_invalid_rule_is_refused_with_the_same_message_as_the_preview_and_nothing_is_saved()
    {
        var controller = Controller();
        var preview = (RulePreviewModel)((JsonResult)await controller.Preview("ordrs >= 5", 0, 0)).Value!;

        var result = await controller.Create(Form("Typo", "ordrs >= 5"));

        Assert.That(preview.Valid, Is.False);
        Assert.That(preview.ErrorPosition, Is.Zero);
        Assert.That(preview.Suggestion, Is.EqualTo("orders"));
        Assert.That(result, Is.TypeOf<ViewResult>().With.Property(nameof(ViewResult.ViewName)).EqualTo(SegmentAdminController.EditView));
        Assert.That(controller.ModelState[nameof(SegmentModel.Rule)]!.Errors.Single().ErrorMessage, Is.EqualTo(preview.Error));
        Assert.That(((SegmentModel)((ViewResult)result).Model!).Rule, Is.EqualTo("ordrs >= 5"), "the form comes back as typed");
        Assert.That(await _store.Repository<Segment>().Table.CountAsync(), Is.Zero);
    }

    [TestCase("", "orders > 1", "Name", "Enter a name.")]
    [TestCase("Taken", "orders > 1", "Name", "There is already a segment named \"Taken\"")]
    [TestCase("TAKEN", "orders > 1", "Name", "There is already a segment named \"TAKEN\"")]
    [TestCase("Empty rule", " ", "Rule", "Enter a rule.")]
    public async Task Bad_input_gets_its_message_on_its_field_and_changes_nothing(string name, string rule, string field, string message)
    {
        await Controller().Create(Form("Taken", "orders > 100"));
        var controller = Controller();

        var result = await controller.Create(Form(name, rule));

        Assert.That(result, Is.TypeOf<ViewResult>());
        Assert.That(controller.ModelState[field]!.Errors.Single().ErrorMessage, Does.StartWith(message));
        Assert.That(await _store.Repository<Segment>().Table.CountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_system_role_or_one_mirroring_another_segment_is_refused_and_a_new_role_is_created_and_filled()
    {
        var registered = new CustomerRole { Name = "Registered", SystemName = NopCustomerDefaults.RegisteredRoleName, IsSystemRole = true, Active = true };
        await _store.Repository<CustomerRole>().InsertAsync(registered);
        var controller = Controller();
        var form = Form("Heavy", "orders >= 10");
        form.CustomerRoleId = registered.Id;

        await controller.Create(form);
        Assert.That(controller.ModelState[nameof(SegmentModel.CustomerRoleId)]!.Errors.Single().ErrorMessage, Does.Contain("system role"));
        Assert.That(await _store.Repository<Segment>().Table.CountAsync(), Is.Zero);

        form.CustomerRoleId = 0;
        form.NewRoleName = "Heavy buyers";
        await Controller().Create(form);
        var segment = await SegmentNamedAsync("Heavy");
        Assert.That(await _store.RoleHoldersAsync(segment.CustomerRoleId), Is.EqualTo(CustomersWithOrdersAtLeast(10)));

        var other = Form("Other", "orders >= 1");
        other.CustomerRoleId = segment.CustomerRoleId;
        var refusing = Controller();
        await refusing.Create(other);
        Assert.That(refusing.ModelState[nameof(SegmentModel.CustomerRoleId)]!.Errors.Single().ErrorMessage, Does.Contain("already mirrors the segment \"Heavy\""));
    }

    [Test]
    public async Task A_missing_id_answers_not_found_everywhere()
    {
        var controller = Controller();
        const int missing = 4242;
        var answers = new Dictionary<string, IActionResult>
        {
            ["Edit"] = await controller.Edit(missing),
            ["Edit post"] = await controller.Edit(new SegmentModel { Id = missing, Name = "x", Rule = "orders > 1" }),
            ["Delete"] = await controller.Delete(missing),
            ["Duplicate"] = await controller.Duplicate(missing),
            ["Evaluate"] = await controller.Evaluate(missing),
            ["MemberList"] = await controller.MemberList(new SegmentMemberSearchModel { SegmentId = missing }),
            ["ExportMembers"] = await controller.ExportMembers(new SegmentMemberSearchModel { SegmentId = missing }),
            ["MovementList"] = await controller.MovementList(new SegmentMovementSearchModel { SegmentId = missing }),
            ["AddMembers"] = await controller.AddMembers(missing, "c01@example.com"),
            ["RemoveMember"] = await controller.RemoveMember(missing, _customers[0].Id),
            ["Import"] = await controller.Import(missing, null),
            ["CreateDiscount"] = await controller.CreateDiscount(missing),
            ["MirrorRole"] = await controller.MirrorRole(missing),
            ["PrepareCampaign"] = await controller.PrepareCampaign(missing),
            ["Edit 0"] = await controller.Edit(0),
            ["MemberList null"] = await controller.MemberList(null)
        };

        Assert.That(answers.Where(a => a.Value is not NotFoundResult).Select(a => a.Key), Is.Empty);

        // a rule segment is no static list: adding to it, or removing someone who is not in the list, is not found either
        await controller.Create(Form("Rule", "orders > 1"));
        var rule = await SegmentNamedAsync("Rule");
        Assert.That(await Controller().AddMembers(rule.Id, "c01@example.com"), Is.TypeOf<NotFoundResult>());
        await Controller().Create(Form("List", null, (int)SegmentType.Static));
        var list = await SegmentNamedAsync("List");
        Assert.That(await Controller().RemoveMember(list.Id, _customers[0].Id), Is.TypeOf<NotFoundResult>());
    }

    [Test]
    public async Task The_list_filters_and_pages_in_the_database_and_shows_counts_changes_roles_and_discounts()
    {
        var controller = Controller();
        foreach (var (name, rule) in new[] { ("Alpha", "orders >= 11"), ("Beta", "orders >= 6"), ("Gamma", "orders >= 1") })
            await controller.Create(Form(name, rule));
        await Controller().Create(Form("Static one", null, (int)SegmentType.Static));
        await Controller().SetActive([(await SegmentNamedAsync("Gamma")).Id], false);
        var beta = await SegmentNamedAsync("Beta");
        await _host.SegmentDiscounts().CreateAsync(beta, Nop.Core.Domain.Discounts.DiscountType.AssignedToOrderTotal, "Beta deal", true, 5);

        async Task<SegmentListModel> ListAsync(SegmentSearchModel search) =>
            (SegmentListModel)((JsonResult)await Controller().SegmentList(search)).Value!;

        var all = await ListAsync(new SegmentSearchModel { Length = 2 });
        Assert.That(all.RecordsTotal, Is.EqualTo(4));
        Assert.That(all.Data.Select(s => s.Name), Is.EqualTo(new[] { "Alpha", "Beta" }));
        var second = await ListAsync(new SegmentSearchModel { Length = 2, Start = 2 });
        Assert.That(second.Data.Select(s => s.Name), Is.EqualTo(new[] { "Gamma", "Static one" }));

        var betaRow = (await ListAsync(new SegmentSearchModel { SearchName = "et" })).Data.Single();
        Assert.That((betaRow.Name, betaRow.MemberCount, betaRow.Entered7Days, betaRow.Left7Days), Is.EqualTo(("Beta", 6, 6, 0)));
        Assert.That(betaRow.Discounts.Select(d => d.Name), Is.EqualTo(new[] { "Beta deal" }));
        Assert.That(betaRow.TypeName, Is.EqualTo("Rule"));

        var gamma = (await ListAsync(new SegmentSearchModel { SearchActiveId = 2 })).Data.Single();
        Assert.That((gamma.Name, gamma.MemberCount, gamma.Entered7Days, gamma.Left7Days), Is.EqualTo(("Gamma", 0, 11, 11)), "switched off: emptied");
        Assert.That((await ListAsync(new SegmentSearchModel { SearchTypeId = (int)SegmentType.Static })).Data.Single().Name, Is.EqualTo("Static one"));
        Assert.That((await ListAsync(new SegmentSearchModel { SearchStoreId = 2 })).RecordsTotal, Is.Zero);
    }

    [Test]
    public async Task Switching_on_refills_a_rule_segment_at_once_and_a_duplicate_is_an_unswitched_copy()
    {
        var controller = Controller();
        await controller.Create(Form("Regulars", "orders >= 4"));
        var segment = await SegmentNamedAsync("Regulars");
        await Controller().SetActive([segment.Id], false);
        Assert.That(await MemberIdsAsync(segment.Id), Is.Empty);
        Assert.That((await SegmentNamedAsync("Regulars")).MemberCount, Is.Zero);

        Assert.That(await Controller().SetActive([], true), Is.TypeOf<NoContentResult>());
        await Controller().SetActive([segment.Id], true);
        Assert.That(await MemberIdsAsync(segment.Id), Is.EqualTo(CustomersWithOrdersAtLeast(4)));

        var copied = (RedirectToActionResult)await Controller().Duplicate(segment.Id);
        var copy = await _store.Repository<Segment>().Table.FirstOrDefaultAsync(s => s.Id == (int)copied.RouteValues!["id"]!);
        Assert.That((copy.Name, copy.Rule, copy.Active, copy.CustomerRoleId), Is.EqualTo(("Regulars (copy)", "orders >= 4", false, 0)));
        var again = (RedirectToActionResult)await Controller().Duplicate(segment.Id);
        Assert.That((await _store.Repository<Segment>().Table.FirstOrDefaultAsync(s => s.Id == (int)again.RouteValues!["id"]!)).Name, Is.EqualTo("Regulars (copy) 2"));
    }

    [Test]
    public async Task Deleting_refuses_built_in_and_named_segments_and_otherwise_takes_members_and_movements_with_it()
    {
        var builtIn = new Segment { Name = "Loyal", SystemName = "loyal", SegmentType = SegmentType.BuiltIn, Rule = "orders >= 3", Active = true, CreatedOnUtc = Now, UpdatedOnUtc = Now };
        await _store.Repository<Segment>().InsertAsync(builtIn);
        await Controller().Create(Form("Base", "orders >= 2"));
        await Controller().Create(Form("Derived", "segment = \"base\" and spent > 500"));
        var (base_, derived) = (await SegmentNamedAsync("Base"), await SegmentNamedAsync("Derived"));

        await Controller().Delete(builtIn.Id);
        await Controller().Delete(base_.Id);
        var rename = Form("Renamed", "orders >= 2");
        rename.Id = base_.Id;
        var renaming = Controller();
        await renaming.Edit(rename);
        Assert.That(renaming.ModelState[nameof(SegmentModel.Name)]!.Errors.Single().ErrorMessage, Does.Contain("Derived"));
        Assert.That(await _store.Repository<Segment>().Table.CountAsync(), Is.EqualTo(3));
        _notifications.Verify(n => n.ErrorNotification(It.Is<string>(m => m.Contains("built-in")), true), Times.Once);
        _notifications.Verify(n => n.ErrorNotification(It.Is<string>(m => m.Contains("Derived")), true), Times.Once);

        Assert.That(await Controller().Delete(derived.Id), Is.TypeOf<RedirectToActionResult>());
        Assert.That(await Controller().Delete(base_.Id), Is.TypeOf<RedirectToActionResult>());
        Assert.That(await _store.Repository<Segment>().Table.Select(s => s.Name).ToListAsync(), Is.EqualTo(new[] { "Loyal" }));
        Assert.That(await _store.Repository<SegmentMember>().Table.CountAsync(m => m.SegmentId == base_.Id || m.SegmentId == derived.Id), Is.Zero);
        Assert.That(await _store.Repository<SegmentMovement>().Table.CountAsync(m => m.SegmentId == base_.Id || m.SegmentId == derived.Id), Is.Zero);
    }

    [Test]
    public async Task Members_are_searched_sorted_and_paged_in_the_database_and_the_export_holds_exactly_the_grid()
    {
        await Controller().Create(Form("Buyers", "orders >= 1"));
        var segment = await SegmentNamedAsync("Buyers");

        async Task<SegmentMemberListModel> PageAsync(SegmentMemberSearchModel search) =>
            (SegmentMemberListModel)((JsonResult)await Controller().MemberList(search)).Value!;

        var bySpent = await PageAsync(new SegmentMemberSearchModel { SegmentId = segment.Id, SortBy = "Spent", SortDescending = true, Length = 4 });
        Assert.That(bySpent.RecordsTotal, Is.EqualTo(11));
        Assert.That(bySpent.Data.Select(m => m.Email), Is.EqualTo(new[] { "c11@example.com", "c10@example.com", "c09@example.com", "c08@example.com" }));
        Assert.That(bySpent.Data.First().Spent, Is.EqualTo("1100.00"));
        var byEmail = await PageAsync(new SegmentMemberSearchModel { SegmentId = segment.Id, SortBy = "Email", SortDescending = true, Length = 3, Start = 3 });
        Assert.That(byEmail.Data.Select(m => m.Email), Is.EqualTo(new[] { "c08@example.com", "c07@example.com", "c06@example.com" }), "the e-mail sort, cut in the database");
        Assert.That(byEmail.RecordsTotal, Is.EqualTo(11));
        var searched = await PageAsync(new SegmentMemberSearchModel { SegmentId = segment.Id, SearchText = "C0", SortBy = "Orders", SortDescending = false, Length = 50 });
        Assert.That(searched.Data.Select(m => m.Orders), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }));

        // every page of the grid against the export
        var grid = new List<string>();
        for (var start = 0; ; start += 5)
        {
            var page = await PageAsync(new SegmentMemberSearchModel { SegmentId = segment.Id, Start = start, Length = 5 });
            grid.AddRange(page.Data.Select(m => $"{m.CustomerId},{m.Email}"));
            if (start + 5 >= page.RecordsTotal)
                break;
        }

        var export = Controller();
        var body = new MemoryStream();
        export.ControllerContext.HttpContext.Response.Body = body;
        var result = await export.ExportMembers(new SegmentMemberSearchModel { SegmentId = segment.Id });
        await result.ExecuteResultAsync(new ActionContext(export.ControllerContext.HttpContext, new RouteData(), new ActionDescriptor()));
        var bytes = body.ToArray();
        Assert.That(bytes.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "with a BOM for spreadsheet programs");
        var lines = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(l => l.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.That(lines[0], Is.EqualTo(string.Join(",", MemberCsvWriter.Columns)));
        Assert.That(lines.Skip(1).Select(l => string.Join(",", l.Split(',').Take(2))), Is.EqualTo(grid));
        Assert.That(export.ControllerContext.HttpContext.Response.ContentType, Does.StartWith("text/csv"));
    }

    [Test]
    public async Task The_member_ids_for_nopCommerces_own_export_are_every_member_in_id_order()
    {
        await Controller().Create(Form("Ten", "orders >= 2"));
        var segment = await SegmentNamedAsync("Ten");

        var answer = ((JsonResult)await Controller().MemberIds(segment.Id)).Value!;

        Assert.That(answer.GetType().GetProperty("Ids")!.GetValue(answer), Is.EqualTo(string.Join(",", CustomersWithOrdersAtLeast(2))));
        Assert.That(await Controller().MemberIds(4242), Is.TypeOf<NotFoundResult>());
    }

    [Test]
    public async Task Customers_are_found_by_email_name_or_id_and_added_to_a_static_list_one_by_one()
    {
        await Controller().Create(Form("Picked", null, (int)SegmentType.Static));
        var list = await SegmentNamedAsync("Picked");
        var deleted = await _store.AddCustomerAsync(c => { c.Email = "c99@example.com"; c.Deleted = true; });
        var system = await _store.AddCustomerAsync(c => { c.Email = "c98@example.com"; c.IsSystemAccount = true; });

        async Task<Newtonsoft.Json.Linq.JArray> FindAsync(string text) =>
            Newtonsoft.Json.Linq.JArray.FromObject(((JsonResult)await Controller().FindCustomers(list.Id, text)).Value!);

        Assert.That((await FindAsync("C1")).Select(c => (string)c["Email"]), Is.EqualTo(new[] { "c10@example.com", "c11@example.com" }), "never deleted or system accounts");
        Assert.That((await FindAsync(_customers[3].Id.ToString())).Select(c => (int)c["Id"]), Has.Member(_customers[3].Id));
        Assert.That(await FindAsync("c9"), Has.None.Matches<Newtonsoft.Json.Linq.JToken>(c => (int)c["Id"] == deleted.Id || (int)c["Id"] == system.Id));
        Assert.That(await FindAsync("  "), Is.Empty);

        Assert.That(await Controller().AddMember(list.Id, _customers[10].Id), Is.TypeOf<JsonResult>());
        Assert.That((bool)(await FindAsync("c10")).Single()["Member"]!, Is.True);
        Assert.That(await MemberIdsAsync(list.Id), Is.EqualTo(new[] { _customers[10].Id }));
        Assert.That(await Controller().AddMember(list.Id, deleted.Id), Is.TypeOf<NotFoundResult>(), "a deleted customer is not added");
        await Controller().Create(Form("Rule", "orders > 1"));
        Assert.That(await Controller().FindCustomers((await SegmentNamedAsync("Rule")).Id, "c1"), Is.TypeOf<NotFoundResult>());
    }

    [Test]
    public async Task An_import_reports_its_lines_in_the_owners_language()
    {
        await Controller().Create(Form("Liste", null, (int)SegmentType.Static));
        var list = await SegmentNamedAsync("Liste");
        await _store.Localization.AddOrUpdateLocaleResourceAsync(TestLocales.Read("ru").ToDictionary(), FakeLanguageService.Russian.Id);
        _store.Localization.WorkingLanguageId = FakeLanguageService.Russian.Id;

        var report = (ImportReportModel)((ViewResult)await Controller().AddMembers(list.Id, "nobody@example.com")).ViewData[nameof(ImportReportModel)]!;

        Assert.That(report.Lines.Single().Error, Is.EqualTo("Нет покупателя с e-mail nobody@example.com"));
        Assert.That(report.Summary, Is.EqualTo("Ничего не добавлено; строк с ошибками: 1."));
    }

    [Test]
    public async Task Static_lists_take_pasted_customers_and_uploaded_files_in_any_encoding_and_report_every_line()
    {
        await Controller().Create(Form("Fair", null, (int)SegmentType.Static));
        var list = await SegmentNamedAsync("Fair");

        var pasted = (ViewResult)await Controller().AddMembers(list.Id, $"C01@example.com, {_customers[2].Id}");
        Assert.That(((ImportReportModel)pasted.ViewData[nameof(ImportReportModel)]!).Succeeded, Is.True);
        Assert.That(await MemberIdsAsync(list.Id), Is.EqualTo(new[] { _customers[1].Id, _customers[2].Id }));

        // UTF-16 with its byte-order mark and Windows line endings, one unknown address: nothing is added
        var refused = (ViewResult)await Controller().Import(list.Id, File("email\r\nc03@example.com\r\nnobody@example.com\r\n", new UnicodeEncoding(false, true)));
        var report = (ImportReportModel)refused.ViewData[nameof(ImportReportModel)]!;
        Assert.That((report.Succeeded, report.Encoding), Is.EqualTo((false, "UTF-16 (BOM)")));
        Assert.That(report.Lines.Single(l => l.Error != null).Value, Is.EqualTo("nobody@example.com"));
        Assert.That(report.Summary, Is.EqualTo("Nothing was added; lines with a problem: 1."));
        Assert.That(await MemberIdsAsync(list.Id), Has.Length.EqualTo(2));

        // Latin-1 without a mark, old Mac line endings
        var latin = (ViewResult)await Controller().Import(list.Id, File("c04@example.com,Renée\rc05@example.com,José\r", Encoding.Latin1));
        var good = (ImportReportModel)latin.ViewData[nameof(ImportReportModel)]!;
        Assert.That((good.Succeeded, good.Encoding, good.Added), Is.EqualTo((true, "ISO-8859-1", 2)));
        Assert.That((await SegmentNamedAsync("Fair")).MemberCount, Is.EqualTo(4));

        var empty = (ImportReportModel)((ViewResult)await Controller().Import(list.Id, null)).ViewData[nameof(ImportReportModel)]!;
        Assert.That((empty.Succeeded, empty.Summary), Is.EqualTo((false, "Choose a file to import.")));

        Assert.That(await Controller().RemoveMember(list.Id, _customers[1].Id), Is.TypeOf<JsonResult>());
        Assert.That(await MemberIdsAsync(list.Id), Does.Not.Contain(_customers[1].Id));

        // the movements say why in the owner's words: pasted, imported from a file, removed
        var movements = (SegmentMovementListModel)((JsonResult)await Controller().MovementList(new SegmentMovementSearchModel { SegmentId = list.Id, Length = 50 })).Value!;
        Assert.That(movements.Data.Select(m => m.Reason).Distinct(), Is.EquivalentTo(new[] { "added by the owner", "file import", "removed by the owner" }));
    }

    /// <summary>An uploaded file as the encoding writes it, with its byte-order mark if it has one.</summary>
    private static IFormFile File(string text, Encoding encoding)
    {
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(text)).ToArray();
        return new FormFile(new MemoryStream(bytes), 0, bytes.Length, "importFile", "list.csv");
    }

    [Test]
    public async Task Put_to_work_creates_a_switched_off_discount_that_requires_the_segment_mirrors_a_role_and_prepares_a_campaign_to_it()
    {
        await Controller().Create(Form("Vip", "spent >= 900"));
        var segment = await SegmentNamedAsync("Vip");

        var campaignWithoutRole = await Controller().PrepareCampaign(segment.Id);
        Assert.That(campaignWithoutRole, Is.TypeOf<RedirectToActionResult>());
        _notifications.Verify(n => n.ErrorNotification(It.Is<string>(m => m.Contains("mirror the segment into a role first")), true), Times.Once);

        var discount = (RedirectResult)await Controller().CreateDiscount(segment.Id);
        var created = _discounts.Discounts.Single();
        Assert.That(discount.Url, Is.EqualTo($"~/Admin/Discount/Edit/{created.Id}"));
        Assert.That((created.Name, created.IsActive), Is.EqualTo(("Discount for Vip", false)));
        var requirement = await _store.Repository<SegmentRequirement>().Table.FirstOrDefaultAsync();
        Assert.That(requirement.Segments, Is.EqualTo(new[] { segment.Id }));

        await Controller().MirrorRole(segment.Id);
        segment = await SegmentNamedAsync("Vip");
        Assert.That(segment.CustomerRoleId, Is.Not.Zero);
        Assert.That(await _store.RoleHoldersAsync(segment.CustomerRoleId), Is.EqualTo(CustomersWithOrdersAtLeast(9)));

        var campaign = (RedirectResult)await Controller().PrepareCampaign(segment.Id);
        Assert.That(campaign.Url, Is.EqualTo("~/Admin/Campaign/Edit/77"));
        _campaigns.Verify(c => c.InsertCampaignAsync(It.Is<Campaign>(x => x.CustomerRoleId == segment.CustomerRoleId && x.Name == "Vip")), Times.Once);
    }

    [Test]
    public async Task The_reference_lists_every_field_with_its_meaning_and_the_stores_things_to_pick_and_finds_products_by_name_or_id()
    {
        await _store.Repository<Nop.Core.Domain.Directory.Country>().InsertAsync(new Nop.Core.Domain.Directory.Country { Name = "Germany", TwoLetterIsoCode = "DE" });
        await _store.Repository<CustomerRole>().InsertAsync(new CustomerRole { Name = "Wholesale", Active = true });
        var book = new Nop.Core.Domain.Catalog.Product { Name = "Pride and Prejudice", Price = 24 };
        var gone = new Nop.Core.Domain.Catalog.Product { Name = "Pride of the Old Shop", Price = 1, Deleted = true };
        await _store.Repository<Nop.Core.Domain.Catalog.Product>().InsertAsync(book);
        await _store.Repository<Nop.Core.Domain.Catalog.Product>().InsertAsync(gone);
        await _store.Repository<Nop.Core.Domain.Catalog.Category>().InsertAsync(new Nop.Core.Domain.Catalog.Category { Name = "Books" });

        var reference = Newtonsoft.Json.Linq.JObject.FromObject(((JsonResult)await Controller().RuleReference()).Value!);
        var fields = reference["fields"]!.ToDictionary(f => (string)f["name"]!);
        Assert.That(fields.Keys, Is.EquivalentTo(RuleReference.Fields.Select(f => f.Name)), "every field of the compiler's table");
        Assert.That(fields.Values.Select(f => (string)f["description"]), Has.None.Null.And.None.Empty.And.None.StartWith("Plugins."), "every field has its meaning");
        Assert.That(fields["country"]["options"]!.Select(o => ((string)o["Value"]!, (string)o["Label"]!)), Is.EqualTo(new[] { ("DE", "Germany") }));
        Assert.That(fields["role"]["options"]!.Select(o => (string)o["Value"]), Is.EqualTo(new[] { "Wholesale" }));
        Assert.That((string)fields["bought_product"]["lookup"], Is.EqualTo("product"));
        // months by name in the admin's language, then the words counted from today
        var months = fields["birthday_month"]["options"]!.Select(o => ((string)o["Value"]!, (string)o["Label"]!)).ToList();
        Assert.That(months.Take(12).Select(m => m.Item1), Is.EqualTo(Enumerable.Range(1, 12).Select(m => m.ToString())));
        Assert.That(months[0].Item2, Is.EqualTo(System.Globalization.CultureInfo.CurrentCulture.DateTimeFormat.GetMonthName(1)).And.Not.Empty);
        Assert.That(months.Skip(12).Select(m => m.Item1), Is.EqualTo(new[] { "this_month", "next_month", "last_month" }));

        async Task<string[]> FindAsync(string kind, string text) =>
            ((IEnumerable<RuleOption>)((JsonResult)await Controller().RuleLookup(kind, text)).Value!).Select(o => $"{o.Value}:{o.Label}").ToArray();
        Assert.That(await FindAsync("product", "PRIDE"), Is.EqualTo(new[] { $"{book.Id}:Pride and Prejudice" }), "by name, without regard to case, not deleted ones");
        Assert.That(await FindAsync("product", book.Id.ToString()), Is.EqualTo(new[] { $"{book.Id}:Pride and Prejudice" }));
        Assert.That(await FindAsync("category", "boo"), Has.Length.EqualTo(1));
        Assert.That(await FindAsync("customer", "a"), Is.Empty);
    }

    [TestCase("orders >= 3 and (spent > 100 or not lifecycle = at_risk)")]
    [TestCase("last_order > 30 days ago and country_id in (3, 4)")]
    [TestCase("not (orders between 2 and 5) or birthday_month is empty")]
    public async Task The_builder_tree_and_the_text_are_two_views_of_one_rule(string rule)
    {
        var tree = ((JsonResult)Controller().RuleToTree(rule)).Value!;
        var json = Newtonsoft.Json.JsonConvert.SerializeObject(tree.GetType().GetProperty("Tree")!.GetValue(tree));
        var back = ((JsonResult)await Controller().TreeToRule(json)).Value!;

        var text = (string)back.GetType().GetProperty("Rule")!.GetValue(back);
        Assert.That(text, Is.EqualTo(RulePrinter.Print(RuleParser.Parse(rule))));
        Assert.That(back.GetType().GetProperty("Error"), Is.Null, "the printed rule reads back");
    }

    [Test]
    public async Task The_builder_refuses_what_is_not_a_tree_with_a_message()
    {
        foreach (var bad in new[] { "{", "[]", "null", new string('[', 100) })
        {
            var answer = ((JsonResult)await Controller().TreeToRule(bad)).Value!;
            Assert.That(answer.GetType().GetProperty("Error")?.GetValue(answer), Is.Not.Null.And.Not.Empty, bad);
        }

        var error = ((JsonResult)Controller().RuleToTree("orders >=")).Value!;
        Assert.That(error.GetType().GetProperty("ErrorPosition")!.GetValue(error), Is.EqualTo(9));
    }
}
