using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Nop.Plugin.Misc.Segmentation.EndToEnd.Infrastructure;

namespace Nop.Plugin.Misc.Segmentation.EndToEnd;

/// <summary>
/// Scenario 7: what the owner reads. The dashboard with its charts drawn from the store's own orders, a click on an
/// RFM cell landing on exactly that cell's customers, a segment's details beside the store, the block on the admin
/// home page and the panel on a customer's page; none of it leaves an error in System > Log.
/// </summary>
[TestFixture, Order(7), NonParallelizable]
public class AnalyticsPagesTests
{
    private const string UpdateTask = "Customer segmentation: update profiles and segments";

    [TearDown]
    public Task EndAsync() => Report.EndAsync();

    /// <summary>
    /// System > Log since the given moment, less the one entry nopCommerce's own home page writes on a machine offline
    /// (its news feed from nopcommerce.com), which says nothing about the plugin.
    /// </summary>
    private static async Task<List<string>> ErrorsSinceAsync(DateTime since) =>
        (await Suite.Store.ErrorsSinceAsync(since)).Where(e => !e.StartsWith("No access to the news.", StringComparison.Ordinal)).ToList();

    private static Task<long> CountAsync(string sql, params (string, object)[] parameters) => Suite.Store.ScalarAsync<long>(sql, parameters);

    /// <summary>Whether Chart.js drew something on the canvas: a chart bound to it and pixels that are not blank.</summary>
    private static async Task<bool> DrawnAsync(Admin admin, string canvasId) =>
        await admin.Page.EvaluateAsync<bool>("""
            id => {
                const canvas = document.getElementById(id);
                if (!canvas || !window.Chart || !Chart.getChart(canvas)) return false;
                const { width, height } = canvas;
                if (!width || !height) return false;
                const pixels = canvas.getContext('2d').getImageData(0, 0, width, height).data;
                for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
                return false;
            }
            """, canvasId);

    /// <summary>How many days the dashboard's period covers, from its day boxes (yyyy-MM-dd).</summary>
    private static async Task<int> PeriodDaysAsync(Admin admin, string from, string to)
    {
        var first = DateTime.ParseExact(await admin.Page.InputValueAsync(from), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var last = DateTime.ParseExact(await admin.Page.InputValueAsync(to), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return (int)(last - first).TotalDays + 1;
    }

    /// <summary>The first of the last <paramref name="days"/> days, counted back from the last day the details card shows now.</summary>
    private static async Task<string> PeriodStartAsync(Admin admin, int days)
    {
        var to = await admin.Page.Locator(".segment-details-content").GetAttributeAsync("data-to");
        return DateTime.ParseExact(to!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).AddDays(1 - days)
            .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task WaitDrawnAsync(Admin admin, string canvasId)
    {
        await admin.Page.Locator("#" + canvasId).WaitForAsync();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!await DrawnAsync(admin, canvasId))
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(until), $"#{canvasId} was not drawn");
            await Task.Delay(250);
        }
    }

    [Test, Order(1)]
    public async Task The_dashboard_draws_its_charts_and_an_rfm_cell_opens_exactly_its_customers()
    {
        var since = DateTime.UtcNow.AddSeconds(-1);
        var admin = Report.Track(await Admin.SignInAsync());
        await admin.RunTaskAsync(UpdateTask);

        await admin.GoAsync("/Admin/SegmentDashboard/Index");
        foreach (var canvas in new[] { "rfm-grid", "segment-sizes", "segment-flows", "cart-funnel" })
            await WaitDrawnAsync(admin, canvas);
        await admin.ShotAsync("dashboard");

        // another offered period: the day boxes stay hidden and out of the request, the page shows the last 90 days
        Assert.That(await admin.Page.Locator("#From").IsVisibleAsync(), Is.False, "the day boxes belong to other days only");
        await admin.Page.SelectOptionAsync("#Days", "90");
        await admin.Page.RunAndWaitForNavigationAsync(() => admin.Page.ClickAsync("#dashboard-apply"));
        Assert.That(admin.Page.Url, Does.Contain("Days=90").And.Not.Contain("From="));
        Assert.That(await PeriodDaysAsync(admin, "#From", "#To"), Is.EqualTo(90));
        foreach (var canvas in new[] { "segment-sizes", "segment-flows", "cart-funnel" })
            await WaitDrawnAsync(admin, canvas);
        await admin.Page.SelectOptionAsync("#Days", "0");
        Assert.That(await admin.Page.Locator("#From").IsVisibleAsync(), Is.True, "other days show their boxes");
        await admin.ShotAsync("dashboard-other-days");
        // the page's lists (open offers, customers at risk) load after the charts: leaving while they post would cut
        // their requests short, which the store logs as a bad request
        await admin.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        // the fullest cell of the all-stores grid, clicked where the chart drew it
        var (recency, frequency, customers) = (await Suite.Store.ListAsync(
            """
            SELECT "RecencyScore", "FrequencyScore", count(*) FROM "SegmentationCustomerProfile"
            WHERE "StoreId" = 0 AND "OrdersCount" > 0 GROUP BY "RecencyScore", "FrequencyScore" ORDER BY count(*) DESC, 1, 2 LIMIT 1
            """, r => (r.GetInt32(0), r.GetInt32(1), r.GetInt64(2)))).Single();
        var point = await admin.Page.EvaluateAsync<double[]>("""
            ([r, f]) => {
                const canvas = document.getElementById('rfm-grid');
                const chart = Chart.getChart(canvas);
                const meta = chart.getDatasetMeta(0);
                const index = chart.data.datasets[0].data.findIndex(d => d.r === r && d.f === f);
                if (index < 0) return null;
                const box = canvas.getBoundingClientRect();
                const cell = meta.data[index];
                const c = cell.getCenterPoint();
                return [box.left + c.x, box.top + c.y];
            }
            """, new[] { recency, frequency });
        Assert.That(point, Is.Not.Null, $"the grid has the cell R{recency} F{frequency}");
        await admin.Page.RunAndWaitForNavigationAsync(() => admin.Page.Mouse.ClickAsync((float)point[0], (float)point[1]));
        Assert.That(admin.Page.Url, Does.Contain("RfmCell").IgnoreCase);

        var expected = await Suite.Store.ListAsync(
            """
            SELECT c."Email" FROM "SegmentationCustomerProfile" p JOIN "Customer" c ON c."Id" = p."CustomerId"
            WHERE p."StoreId" = 0 AND p."OrdersCount" > 0 AND p."RecencyScore" = @r AND p."FrequencyScore" = @f ORDER BY 1
            """, r => r.IsDBNull(0) ? "" : r.GetString(0), ("r", recency), ("f", frequency));
        Assert.That(expected, Has.Count.EqualTo(customers));
        var rows = admin.Page.Locator("#rfm-cell-grid tbody tr:not(.dt-empty)");
        await Assertions.Expect(rows).ToHaveCountAsync((int)Math.Min(customers, 15));
        var shown = (await admin.Page.Locator("#rfm-cell-grid tbody tr:not(.dt-empty) td:nth-child(2)").AllInnerTextsAsync()).Select(t => t.Trim()).ToList();
        Assert.That(shown, Is.SubsetOf(expected));
        await admin.ShotAsync("rfm-cell-members");

        Assert.That(await ErrorsSinceAsync(since), Is.Empty, "System > Log");
    }

    [Test, Order(2)]
    public async Task A_segments_details_stand_beside_the_store_with_its_trends_drawn()
    {
        var since = DateTime.UtcNow.AddSeconds(-1);
        var admin = Report.Track(await Admin.SignInAsync());
        var id = await CountAsync("""SELECT "Id" FROM "SegmentationSegment" WHERE "SystemName" = 'returning'""");
        var members = await CountAsync("""SELECT count(*) FROM "SegmentationSegmentMember" WHERE "SegmentId" = @id""", ("id", id));
        Assert.That(members, Is.GreaterThan(0), "the sample store has repeat buyers");

        // the details card loads itself for the last 30 days
        await admin.GoAsync($"/Admin/SegmentAdmin/Edit/{id}");
        await Assertions.Expect(admin.Page.Locator("#segment-kpi-members .segment-kpi-segment"))
            .ToHaveTextAsync(members.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("en-US")));
        foreach (var canvas in new[] { "segment-trend-members", "segment-trend-activity", "segment-trend-movements" })
            await WaitDrawnAsync(admin, canvas);
        await admin.ShotAsync("segment-details");

        // the last 7 days as soon as they are picked; other days show their boxes and wait for the button
        var content = admin.Page.Locator(".segment-details-content");
        Assert.That(await admin.Page.Locator("#segment-details-from").IsVisibleAsync(), Is.False);
        await admin.Page.SelectOptionAsync("#segment-details-days", "7");
        await Assertions.Expect(content).ToHaveAttributeAsync("data-from", await PeriodStartAsync(admin, 7));
        await admin.Page.SelectOptionAsync("#segment-details-days", "0");
        Assert.That(await admin.Page.Locator("#segment-details-from").IsVisibleAsync(), Is.True);
        Assert.That((await admin.Page.InputValueAsync("#segment-details-from"), await admin.Page.InputValueAsync("#segment-details-to")),
            Is.EqualTo((await content.GetAttributeAsync("data-from"), await content.GetAttributeAsync("data-to"))), "other days start from the days on show");
        await admin.ShotAsync("segment-details-other-days");

        Assert.That(await ErrorsSinceAsync(since), Is.Empty, "System > Log");
    }

    [Test, Order(3)]
    public async Task The_admin_home_block_and_a_customers_panel_show_the_plugins_figures()
    {
        var since = DateTime.UtcNow.AddSeconds(-1);
        var admin = Report.Track(await Admin.SignInAsync());

        await admin.GoAsync("/Admin");
        var block = admin.Page.Locator("#segmentation-dashboard-block");
        await block.WaitForAsync();
        Assert.That(await block.Locator("a[href*='SegmentDashboard']").CountAsync(), Is.GreaterThan(0), "the block links to the dashboard");
        // nopCommerce's own dashboard reports load after the page; leaving early logs them as errors
        await admin.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await admin.ShotAsync("admin-home-block");

        var (customerId, segments) = (await Suite.Store.ListAsync(
            """
            SELECT p."CustomerId", count(m."Id") FROM "SegmentationCustomerProfile" p
            JOIN "SegmentationSegmentMember" m ON m."CustomerId" = p."CustomerId"
            WHERE p."StoreId" = 0 AND p."OrdersCount" > 0 GROUP BY p."CustomerId" ORDER BY 2 DESC, 1 LIMIT 1
            """, r => (r.GetInt32(0), r.GetInt64(1)))).Single();
        var names = await Suite.Store.ListAsync(
            """SELECT s."Name" FROM "SegmentationSegmentMember" m JOIN "SegmentationSegment" s ON s."Id" = m."SegmentId" WHERE m."CustomerId" = @c""",
            r => r.GetString(0), ("c", customerId));

        await admin.GoAsync($"/Admin/Customer/Edit/{customerId}");
        var panel = admin.Page.Locator("#segmentation-customer-panel");
        await panel.WaitForAsync();
        if (!await panel.IsVisibleAsync())
            await admin.Page.ClickAsync("#segmentation-customer-panel .card-header");
        foreach (var name in names)
            await Assertions.Expect(panel).ToContainTextAsync(name);
        Assert.That(names, Has.Count.EqualTo(segments));
        await panel.ScrollIntoViewIfNeededAsync();
        await admin.ShotAsync("customer-panel");

        Assert.That(await ErrorsSinceAsync(since), Is.Empty, "System > Log");
    }
}
