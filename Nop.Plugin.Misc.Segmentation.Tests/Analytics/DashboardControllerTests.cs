using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Segmentation.Controllers;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Models.Admin;
using Nop.Plugin.Misc.Segmentation.Services;
using Nop.Plugin.Misc.Segmentation.Services.Analytics;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using Nop.Services.Security;
using Nop.Web.Framework;
using Nop.Web.Framework.Mvc.Filters;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Analytics;

/// <summary>The dashboard page and its list actions: permissions, the period in the owner's time zone, and what is refused.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
[SetCulture("en-US")]
public class DashboardControllerTests
{
    // 01:30 on 1 July for an owner three hours east of UTC
    private static readonly DateTime Now = new(2026, 6, 30, 22, 30, 0, DateTimeKind.Utc);

    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.CreateCustomTimeZone("Test+3", TimeSpan.FromHours(3), "UTC+3", "UTC+3");

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private DashboardHost _host;

    public DashboardControllerTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public void SetUp()
    {
        _store = StoreDatabase.Create(_kind);
        _host = new DashboardHost(_store, new ManualClock(Now)) { TimeZone = Moscow };
    }

    [TearDown]
    public void TearDown()
    {
        _store?.Dispose();
    }

    private async Task<Segment> SegmentAsync(string name, string systemName, bool active = true)
    {
        var segment = new Segment { Name = name, SystemName = systemName, Active = active, CreatedOnUtc = Now, UpdatedOnUtc = Now };
        await _store.Repository<Segment>().InsertAsync(segment);
        return segment;
    }

    private static DashboardModel ModelOf(IActionResult result)
    {
        Assert.That(result, Is.InstanceOf<ViewResult>());
        var view = (ViewResult)result;
        Assert.That(view.ViewName, Is.EqualTo("~/Plugins/Misc.Segmentation/Views/Admin/Dashboard/Index.cshtml"));
        return (DashboardModel)view.Model;
    }

    private bool AnalyticsCached => _store.Cache.Entries.Keys.Any(k => k.StartsWith(SegmentationDefaults.AnalyticsPrefix, StringComparison.Ordinal));

    [Test]
    public void Every_action_is_an_admin_action_behind_the_segment_permission_and_customer_lists_behind_customers_view()
    {
        var type = typeof(SegmentDashboardController);
        Assert.That(type.GetCustomAttribute<AuthorizeAdminAttribute>(), Is.Not.Null);
        Assert.That(type.GetCustomAttribute<AreaAttribute>()?.RouteValue, Is.EqualTo(AreaNames.ADMIN));
        Assert.That(type.GetCustomAttribute<AutoValidateAntiforgeryTokenAttribute>(), Is.Not.Null);
        Assert.That(typeof(Nop.Web.Framework.Controllers.BasePluginController).IsAssignableFrom(type));

        var actions = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);
        Assert.That(actions.Select(a => a.Name), Is.EquivalentTo(new[] { "Index", "RfmCell", "RfmCellMembers", "OpenOffers", "AtRiskCustomers" }));
        string[] PermissionsOf(MethodInfo action) => action.GetCustomAttributes<CheckPermissionAttribute>().SelectMany(a => a.PermissionSystemName).ToArray();
        foreach (var action in actions)
            Assert.That(PermissionsOf(action), Does.Contain(SegmentationPermissionConfigManager.MANAGE_SEGMENTS), action.Name);
        foreach (var name in new[] { "RfmCell", "RfmCellMembers", "OpenOffers", "AtRiskCustomers" })
            Assert.That(PermissionsOf(actions.Single(a => a.Name == name)), Does.Contain(StandardPermission.Customers.CUSTOMERS_VIEW), name);
        foreach (var name in new[] { "RfmCellMembers", "OpenOffers", "AtRiskCustomers" })
            Assert.That(actions.Single(a => a.Name == name).GetCustomAttribute<HttpPostAttribute>(), Is.Not.Null, name);
    }

    [Test]
    public async Task The_default_period_is_the_last_30_whole_days_in_the_stores_time_zone()
    {
        var (period, errors) = await _host.Factory().ParsePeriodAsync(null, null, null);

        Assert.That(errors, Is.Empty);
        Assert.That((period.FromDay, period.ToDay), Is.EqualTo((new DateTime(2026, 6, 2), new DateTime(2026, 7, 1))), "it is already 1 July there");
        Assert.That((period.FromUtc, period.ToUtc), Is.EqualTo((new DateTime(2026, 6, 1, 21, 0, 0), new DateTime(2026, 7, 1, 21, 0, 0))),
            "from the start of the first day to the start of the day after the last");

        var (picked, _) = await _host.Factory().ParsePeriodAsync(null, "2026-03-01", "2026-03-01");
        Assert.That((picked.FromUtc, picked.ToUtc), Is.EqualTo((new DateTime(2026, 2, 28, 21, 0, 0), new DateTime(2026, 3, 1, 21, 0, 0))), "one whole day");
    }

    [Test]
    public async Task The_page_offers_the_last_7_30_and_90_days_and_refuses_another_length()
    {
        var week = ModelOf(await _host.Controller().Index(1, 7, "2026-01-01", "2026-01-31", null));
        Assert.That(week.Errors, Is.Empty);
        Assert.That((week.Days, week.From, week.To), Is.EqualTo((7, "2026-06-25", "2026-07-01")), "the last 7 days up to today there, whatever days are sent");
        Assert.That(week.AvailablePeriods.Select(p => (p.Value, p.Selected)), Is.EqualTo(new[] { ("7", true), ("30", false), ("90", false), ("0", false) }));

        var own = ModelOf(await _host.Controller().Index(1, AnalyticsPeriodService.OtherDays, "2026-01-01", "2026-01-31", null));
        Assert.That((own.Days, own.From, own.To), Is.EqualTo((0, "2026-01-01", "2026-01-31")));

        _store.Cache.Entries.Clear();
        var refused = ModelOf(await _host.Controller().Index(1, 14, null, null, null));
        Assert.That(refused.Errors, Is.EqualTo(new[] { "A period of 14 days is not offered. Pick one from the list (7, 30, 90 days), or other days of your own." }));
        Assert.That(refused.Rfm, Is.Null, "no figures");
        Assert.That(_store.Cache.Entries.Keys.Where(k => k.StartsWith(SegmentationDefaults.AnalyticsPrefix)), Is.Empty, "nothing computed");
    }

    [Test]
    public async Task The_page_shows_every_section_for_a_store_and_period()
    {
        var champions = await SegmentAsync("RFM: Champions", "rfm_champions");
        var lost = await SegmentAsync("RFM: Lost", "rfm_lost");
        await SegmentAsync("Mine", null);
        var (period, _) = await _host.Factory().ParsePeriodAsync(null, null, null);
        _host.GivenReports(1, period.FromUtc, period.ToUtc, [champions.Id, lost.Id],
            [new SegmentFlow(champions.Id, champions.Id, 5), new SegmentFlow(champions.Id, 0, 2), new SegmentFlow(0, lost.Id, 1)],
            new CartFunnel(10, [6, 3], 2, 123.4m, 4, 3, 1), new PredictionSummary(9876.5m, 1234, 0.256m, 7));

        var model = ModelOf(await _host.Controller().Index(1, null, null, null, null));

        Assert.That(model.Errors, Is.Empty);
        Assert.That((model.From, model.To, model.PeriodText), Is.EqualTo(("2026-06-02", "2026-07-01", "6/2/2026 – 7/1/2026")));
        Assert.That(model.SegmentIds, Is.EquivalentTo(new[] { champions.Id, lost.Id }), "the built-in RFM groups by default");
        Assert.That(model.AvailableStores.Select(s => (s.Value, s.Selected)), Is.EqualTo(new[] { ("0", false), ("1", true), ("2", false) }));
        Assert.That(model.Rfm.Cells, Has.Count.EqualTo(25));
        Assert.That(model.Rfm.CellUrlPattern, Is.EqualTo("~/Admin/SegmentDashboard/RfmCell?storeId=1&recency={recency}&frequency={frequency}"));
        Assert.That(model.Distribution.Dimensions.Select(d => d.Key), Is.EqualTo(new[] { "lifecycle", "tier" }));

        Assert.That(model.Flows.Flows.Select(f => (f.From, f.To, f.Customers)), Is.EqualTo(new[]
        {
            ($"s{champions.Id}", $"e{champions.Id}", 5), ($"s{champions.Id}", "e0", 2), ("s0", $"e{lost.Id}", 1)
        }));
        Assert.That(model.Flows.Labels[$"s{champions.Id}"], Is.EqualTo("RFM: Champions (start)"));
        Assert.That(model.Flows.Labels[$"e{champions.Id}"], Is.EqualTo("RFM: Champions (end)"));
        Assert.That(model.Flows.Labels["s0"], Is.EqualTo("In none of them (start)"));
        Assert.That(model.Flows.Labels["e0"], Is.EqualTo("In none of them (end)"));

        Assert.That(model.Carts.Steps.Select(s => (s.Label, s.Carts)), Is.EqualTo(new[]
        {
            ("Detected", 10), ("Reminder 1 sent", 6), ("Reminder 2 sent", 3), ("Recovered", 2)
        }));
        Assert.That((model.Carts.RecoveryRateText, model.Carts.RecoveredRevenueText, model.Carts.StillOpenText, model.Carts.ExpiredText, model.Carts.EmptiedText),
            Is.EqualTo(("20.0%", "123.40", "4", "3", "1")));
        Assert.That((model.Predictions.ExpectedRevenueText, model.Predictions.CustomersPredictedText, model.Predictions.AverageChurnText, model.Predictions.ValuableAtRiskText),
            Is.EqualTo(("9876.50", "1,234", "26%", "7")));
        Assert.That((model.OfferSearchModel.StoreId, model.AtRiskSearchModel.StoreId), Is.EqualTo((1, 1)));
    }

    [Test]
    public async Task Without_customers_view_the_page_links_to_no_customer_list()
    {
        _host.CanViewCustomers = false;
        var (period, _) = await _host.Factory().ParsePeriodAsync(null, null, null);
        _host.GivenReports(0, period.FromUtc, period.ToUtc, [], [], new CartFunnel(0, [], 0, 0, 0, 0, 0), new PredictionSummary(0, 0, 0, 0));

        var model = ModelOf(await _host.Controller().Index(0, null, null, null, null));

        Assert.That(model.CanViewCustomers, Is.False);
        Assert.That(model.Rfm.CellUrlPattern, Is.Null);
        Assert.That(model.Rfm.Cells.Select(c => c.Url), Is.All.Null);
        Assert.That(model.Flows.Note, Is.EqualTo("Pick the segments to follow above."), "no RFM segments exist to default to");
        Assert.That(model.Carts.RecoveryRateText, Is.EqualTo("0.0%"), "nothing detected");
    }

    [TestCase("2026-06-10", "2026-06-01", "The period starts on 6/10/2026, after its end on 6/1/2026.")]
    [TestCase("2026-02-30", null, "\"2026-02-30\" is not a day: pick one from 1753-01-01 to 9999-12-30.")]
    [TestCase(null, "yesterday", "\"yesterday\" is not a day: pick one from 1753-01-01 to 9999-12-30.")]
    [TestCase("1700-01-01", "2026-01-01", "\"1700-01-01\" is not a day: pick one from 1753-01-01 to 9999-12-30.")]
    [TestCase("2026-01-01", "9999-12-31", "\"9999-12-31\" is not a day: pick one from 1753-01-01 to 9999-12-30.")]
    public async Task A_bad_period_is_refused_with_its_reason_and_nothing_is_computed(string from, string to, string message)
    {
        var model = ModelOf(await _host.Controller().Index(1, null, from, to, null));

        Assert.That(model.Errors, Is.EqualTo(new[] { message }));
        Assert.That((model.Rfm, model.Distribution, model.Flows, model.Carts, model.Predictions), Is.EqualTo(((DashboardRfmModel)null,
            (DashboardDistributionModel)null, (DashboardFlowsModel)null, (DashboardCartsModel)null, (DashboardPredictionsModel)null)));
        Assert.That(model.SegmentSizes, Is.Empty);
        Assert.That(AnalyticsCached, Is.False);
        Assert.That(model.AvailableStores, Has.Count.EqualTo(3), "the filters stay usable");
    }

    [Test]
    public async Task An_unknown_store_or_segment_is_refused()
    {
        var model = ModelOf(await _host.Controller().Index(9, null, null, null, null));
        Assert.That(model.Errors, Is.EqualTo(new[] { "There is no store with id 9." }));
        Assert.That(model.Rfm, Is.Null);

        var off = await SegmentAsync("Off", null, false);
        model = ModelOf(await _host.Controller().Index(1, null, null, null, [off.Id, 4242]));
        Assert.That(model.Errors, Is.EqualTo(new[] { $"No switched-on segment has the id {off.Id}, 4242." }));
        Assert.That(model.Rfm, Is.Null);
        Assert.That(AnalyticsCached, Is.False);
    }

    [Test]
    public async Task The_cell_page_and_the_lists_refuse_an_unknown_store_or_a_score_outside_1_to_5()
    {
        var controller = _host.Controller();
        Assert.That(await controller.RfmCell(9, 5, 5), Is.InstanceOf<NotFoundResult>());
        Assert.That(await controller.RfmCell(1, 0, 5), Is.InstanceOf<NotFoundResult>());
        Assert.That(await controller.RfmCell(1, 5, 6), Is.InstanceOf<NotFoundResult>());
        Assert.That(await controller.RfmCellMembers(new RfmCellSearchModel { StoreId = 9, Recency = 5, Frequency = 5, Length = 10 }), Is.InstanceOf<NotFoundResult>());
        Assert.That(await controller.RfmCellMembers(new RfmCellSearchModel { StoreId = 1, Recency = 5, Frequency = 0, Length = 10 }), Is.InstanceOf<NotFoundResult>());
        Assert.That(await controller.OpenOffers(new DashboardOfferSearchModel { StoreId = 9, Length = 10 }), Is.InstanceOf<NotFoundResult>());
        Assert.That(await controller.AtRiskCustomers(new DashboardAtRiskSearchModel { StoreId = 9, Length = 10 }), Is.InstanceOf<NotFoundResult>());

        var page = await controller.RfmCell(2, 5, 1);
        Assert.That(page, Is.InstanceOf<ViewResult>());
        var cell = (RfmCellPageModel)((ViewResult)page).Model;
        Assert.That(((ViewResult)page).ViewName, Is.EqualTo("~/Plugins/Misc.Segmentation/Views/Admin/Dashboard/RfmCell.cshtml"));
        Assert.That((cell.StoreId, cell.StoreName, cell.Recency, cell.Frequency, cell.Group), Is.EqualTo((2, "Outlet", 5, 1, "New customers")));
        Assert.That((cell.SearchModel.StoreId, cell.SearchModel.Recency, cell.SearchModel.Frequency), Is.EqualTo((2, 5, 1)));
    }
}
