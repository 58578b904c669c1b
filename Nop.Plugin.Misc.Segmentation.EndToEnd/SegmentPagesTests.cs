using System.Text;
using Microsoft.Playwright;
using Nop.Plugin.Misc.Segmentation.EndToEnd.Infrastructure;

namespace Nop.Plugin.Misc.Segmentation.EndToEnd;

/// <summary>
/// Scenario 6: the owner's segment pages. A rule segment built with the builder and typed text, its typo shown and
/// fixed, the live count following the rule, saved with the count the preview showed; its members in the grid and
/// in the CSV export; a static list imported from a file with a bad line, then from a good one.
/// </summary>
[TestFixture, Order(6), NonParallelizable]
public class SegmentPagesTests
{
    private const string UpdateTask = "Customer segmentation: update profiles and segments";

    [TearDown]
    public Task EndAsync() => Report.EndAsync();

    private static Task<long> CountAsync(string sql, params (string, object)[] parameters) => Suite.Store.ScalarAsync<long>(sql, parameters);

    private static ILocator Preview(Admin admin) => admin.Page.Locator(".segment-preview-count");

    /// <summary>Types as a person does (key by key), so the editor's own input handling runs.</summary>
    private static async Task TypeRuleAsync(Admin admin, string rule)
    {
        await admin.Page.FillAsync("#Rule", string.Empty);
        await admin.Page.Locator("#Rule").PressSequentiallyAsync(rule, new() { Delay = 15 });
    }

    [Test, Order(1)]
    public async Task A_rule_segment_is_built_previewed_while_typing_fixed_and_saved_with_the_previewed_count()
    {
        var admin = Report.Track(await Admin.SignInAsync());
        await admin.RunTaskAsync(UpdateTask);
        var buyers = await CountAsync("""SELECT count(*) FROM "SegmentationCustomerProfile" WHERE "StoreId" = 0 AND "OrdersCount" >= 1""");
        var repeat = await CountAsync("""SELECT count(*) FROM "SegmentationCustomerProfile" WHERE "StoreId" = 0 AND "OrdersCount" >= 2""");
        Assert.That(buyers, Is.GreaterThan(repeat), "the store has one-order and repeat buyers");

        await admin.GoAsync("/Admin/SegmentAdmin/List");
        await admin.Page.Locator("#segments-grid").GetByRole(AriaRole.Link, new() { Name = "Loyal customers", Exact = true }).WaitForAsync();
        await admin.Page.RunAndWaitForNavigationAsync(() => admin.Page.ClickAsync("#segment-create"));
        await admin.Page.FillAsync("#Name", "E2E buyers");

        // a typo: underlined where it is, with the likely field offered, and one click fixes it
        await TypeRuleAsync(admin, "ordrs >= 1");
        await admin.Page.Locator("mark.segment-rule-problem", new() { HasText = "ordrs" }).WaitForAsync();
        Assert.That(await admin.Page.InnerTextAsync(".segment-rule-error"), Does.Contain("orders"));
        await admin.ShotAsync("segment-editor-typo");
        await admin.Page.ClickAsync(".segment-fix");
        Assert.That(await admin.Page.InputValueAsync("#Rule"), Is.EqualTo("orders >= 1"));
        await Assertions.Expect(Preview(admin)).ToHaveTextAsync(buyers.ToString());
        await Assertions.Expect(admin.Page.Locator("mark.segment-rule-problem")).ToHaveCountAsync(0);

        // the count follows the rule as it changes
        await TypeRuleAsync(admin, "orders >= 1000");
        await Assertions.Expect(Preview(admin)).ToHaveTextAsync("0");
        await TypeRuleAsync(admin, "orders >= 1");
        await Assertions.Expect(Preview(admin)).ToHaveTextAsync(buyers.ToString());
        await admin.ShotAsync("segment-editor-preview");

        // the builder shows the same rule; changing its value there rewrites the text and the count
        await admin.Page.ClickAsync("#segment-view-builder");
        var row = admin.Page.Locator(".segment-condition").First;
        await Assertions.Expect(row.Locator(".segment-field")).ToHaveValueAsync("orders");
        await Assertions.Expect(row.Locator(".segment-operator")).ToHaveValueAsync(">=");
        await row.Locator(".segment-value").FillAsync("2");
        await row.Locator(".segment-value").DispatchEventAsync("change");
        await Assertions.Expect(admin.Page.Locator("#Rule")).ToHaveValueAsync("orders >= 2");
        await Assertions.Expect(Preview(admin)).ToHaveTextAsync(repeat.ToString());
        await admin.ShotAsync("segment-editor-builder");
        await admin.Page.ClickAsync("#segment-view-text");

        await admin.Page.RunAndWaitForNavigationAsync(() => admin.Page.ClickAsync("#segment-save"));
        Assert.That(await admin.NotificationsAsync(), Has.Some.Contains($"has {repeat} members"));
        var id = await CountAsync("""SELECT "Id" FROM "SegmentationSegment" WHERE "Name" = 'E2E buyers'""");
        Assert.That(await CountAsync("""SELECT count(*) FROM "SegmentationSegmentMember" WHERE "SegmentId" = @id""", ("id", id)), Is.EqualTo(repeat));
        await admin.ShotAsync("segment-saved");

        // members: the grid and the export name the same customers
        var grid = admin.Page.Locator("#segment-members-grid tbody tr:not(.dt-empty) td:first-child a");
        await Assertions.Expect(grid).ToHaveCountAsync((int)repeat);
        var shown = (await grid.AllInnerTextsAsync()).Select(t => t.Trim()).OrderBy(t => t).ToList();
        var download = await admin.Page.RunAndWaitForDownloadAsync(() => admin.Page.ClickAsync("#export-members"));
        var csv = await File.ReadAllLinesAsync(await download.PathAsync(), Encoding.UTF8);
        Assert.That(csv[0], Does.StartWith("CustomerId,Email"));
        Assert.That(csv.Skip(1).Select(l => l.Split(',')[1]).OrderBy(e => e).ToList(), Is.EqualTo(shown));
        // and nopCommerce's own customer export of the same members
        var excel = await admin.Page.RunAndWaitForDownloadAsync(() => admin.Page.ClickAsync("#export-members-nop"));
        Assert.That(excel.SuggestedFilename, Does.EndWith(".xlsx"));
        Assert.That(new FileInfo(await excel.PathAsync()).Length, Is.GreaterThan(0));

        // the list shows the new segment with its count
        await admin.GoAsync("/Admin/SegmentAdmin/List");
        var listed = admin.Page.Locator("#segments-grid tr", new() { HasText = "E2E buyers" });
        await Assertions.Expect(listed).ToContainTextAsync(repeat.ToString());
    }

    [Test, Order(3)]
    public async Task A_post_without_the_anti_forgery_token_and_a_shopper_in_the_admin_are_refused_and_change_nothing()
    {
        var admin = Report.Track(await Admin.SignInAsync());
        var id = await CountAsync("""SELECT "Id" FROM "SegmentationSegment" WHERE "Name" = 'E2E list'""");
        // the admin's own session, but no token: nopCommerce answers 400 and deletes nothing
        var forged = await admin.Page.APIRequest.PostAsync($"{Suite.Store.Url}/Admin/SegmentAdmin/Delete/{id}", new() { Form = admin.Page.APIRequest.CreateFormData().Set("id", id.ToString()) });
        Assert.That(forged.Status, Is.EqualTo(400));
        Assert.That(await CountAsync("""SELECT count(*) FROM "SegmentationSegment" WHERE "Id" = @id""", ("id", id)), Is.EqualTo(1));

        // a registered shopper does not get in
        var shopper = Report.Track(await Shop.RegisterAsync("Sam", "Shopper", $"sam{Guid.NewGuid():N}@example.test"));
        await shopper.Page.GotoAsync($"{Suite.Store.Url}/Admin/SegmentAdmin/List");
        Assert.That(shopper.Page.Url, Does.Not.Contain("/Admin/SegmentAdmin"), "sent to sign in or access denied");
        var answer = await shopper.Page.APIRequest.PostAsync($"{Suite.Store.Url}/Admin/SegmentAdmin/SegmentList");
        Assert.That(await answer.TextAsync(), Does.Not.Contain("E2E list"));
        await shopper.ShotAsync("segment-list-as-shopper");
    }

    [Test, Order(2)]
    public async Task A_static_list_import_with_a_bad_line_adds_nobody_and_reports_every_line_then_a_good_file_adds_them()
    {
        var admin = Report.Track(await Admin.SignInAsync());
        await admin.GoAsync("/Admin/SegmentAdmin/Create?type=20");
        await admin.Page.FillAsync("#Name", "E2E list");
        await admin.Page.RunAndWaitForNavigationAsync(() => admin.Page.ClickAsync("#segment-save"));
        var id = await CountAsync("""SELECT "Id" FROM "SegmentationSegment" WHERE "Name" = 'E2E list'""");
        var email = await Suite.Store.ScalarAsync<string>("""SELECT "Email" FROM "Customer" WHERE "Email" LIKE 'steve_gates@%' """);
        var customerId = await CountAsync("""SELECT "Id" FROM "Customer" WHERE "Email" = @email""", ("email", email));

        var bad = Path.Combine(Suite.Artifacts, "import-bad.csv");
        // a byte-order mark, Windows line endings, a header, a good address, an unknown one and an id
        await File.WriteAllTextAsync(bad, $"email\r\n{email.ToUpperInvariant()}\r\nnobody@example.invalid\r\n{customerId}\r\n", new UTF8Encoding(true));
        await admin.Page.SetInputFilesAsync("#segment-import-file", bad);
        await admin.Page.RunAndWaitForNavigationAsync(() => admin.Page.ClickAsync("#segment-import"));
        var report = admin.Page.Locator("#segment-import-report");
        await Assertions.Expect(report).ToContainTextAsync("Nothing was added; lines with a problem: 1.");
        await Assertions.Expect(report).ToContainTextAsync("UTF-8 (BOM)");
        await Assertions.Expect(admin.Page.Locator("#segment-import-lines tr.table-danger")).ToContainTextAsync("nobody@example.invalid");
        await admin.ShotAsync("segment-import-refused");
        Assert.That(await CountAsync("""SELECT count(*) FROM "SegmentationSegmentMember" WHERE "SegmentId" = @id""", ("id", id)), Is.Zero);

        var good = Path.Combine(Suite.Artifacts, "import-good.csv");
        await File.WriteAllTextAsync(good, $"{email}\n{customerId}\n");
        await admin.Page.SetInputFilesAsync("#segment-import-file", good);
        await admin.Page.RunAndWaitForNavigationAsync(() => admin.Page.ClickAsync("#segment-import"));
        await Assertions.Expect(admin.Page.Locator("#segment-import-report")).ToContainTextAsync("Customers added: 1;");
        Assert.That(await CountAsync("""SELECT count(*) FROM "SegmentationSegmentMember" WHERE "SegmentId" = @id""", ("id", id)), Is.EqualTo(1));
        Assert.That(await CountAsync("""SELECT "MemberCount" FROM "SegmentationSegment" WHERE "Id" = @id""", ("id", id)), Is.EqualTo(1), "the stored count is current");
        await Assertions.Expect(admin.Page.Locator("#segment-members-grid tbody tr td:first-child a")).ToContainTextAsync(email);
        await admin.ShotAsync("segment-import-done");

        // one more, found by name and added with its button
        await admin.Page.Locator("#segment-find-customers").PressSequentiallyAsync("arthur", new() { Delay = 20 });
        var add = admin.Page.Locator("#segment-found .segment-add-one").First;
        await add.ClickAsync();
        await Assertions.Expect(admin.Page.Locator("#segment-members-grid tbody tr td:first-child a")).ToHaveCountAsync(2);
        await admin.ShotAsync("segment-customer-added");
        Assert.That(await CountAsync("""SELECT "MemberCount" FROM "SegmentationSegment" WHERE "Id" = @id""", ("id", id)), Is.EqualTo(2));

        // movements record who entered and why
        await admin.Page.ClickAsync("#segment-movements .card-header, [data-card-name='segment-movements']");
        await admin.Page.ClickAsync("#search-movements");
        await Assertions.Expect(admin.Page.Locator("#segment-movements-grid tbody")).ToContainTextAsync("file import");
        await Assertions.Expect(admin.Page.Locator("#segment-movements-grid tbody")).ToContainTextAsync("added by the owner");
        await Assertions.Expect(admin.Page.Locator("#segment-member-count")).ToHaveTextAsync("2");
        await admin.ShotAsync("segment-movements");
    }
}
