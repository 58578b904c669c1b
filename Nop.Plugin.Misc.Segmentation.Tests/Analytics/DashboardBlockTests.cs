using Microsoft.AspNetCore.Mvc.ViewComponents;
using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Segmentation.Components;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Factories;
using Nop.Plugin.Misc.Segmentation.Models.Admin;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Analytics;

/// <summary>The block on the admin home page: four all-stores figures, from a store filled by hand.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class DashboardBlockTests
{
    /// <summary>Half past ten at night in UTC: already 1 July at 01:30 for an owner three hours ahead.</summary>
    private static readonly DateTime Now = new(2026, 6, 30, 22, 30, 0, DateTimeKind.Utc);

    private static readonly string Zone = Nop.Web.Framework.Infrastructure.AdminWidgetZones.DashboardCommonstatisticsAfter;

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private AnalyticsWidgetHost _host;

    public DashboardBlockTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public void SetUp()
    {
        _store = StoreDatabase.Create(_kind);
        _host = new AnalyticsWidgetHost(_store, Now) { TimeZone = TimeZoneInfo.CreateCustomTimeZone("Test+03", TimeSpan.FromHours(3), "Test+03", "Test+03") };
    }

    [TearDown]
    public void TearDown() => _store?.Dispose();

    private async Task ProfileAsync(Customer customer, int storeId, int orders, decimal spent, int monetary, decimal churn, decimal value) =>
        await _store.Repository<CustomerProfile>().InsertAsync(new CustomerProfile
        {
            CustomerId = customer.Id, StoreId = storeId, OrdersCount = orders, AmountSpent = spent, MonetaryScore = monetary, ChurnProbability = churn,
            PredictedLifetimeValue = value, ExpectedNextOrderUtc = orders > 0 ? Now.AddDays(30) : null, ComputedOnUtc = Now
        });

    private async Task CartAsync(Customer customer, int storeId, DateTime detected, AbandonedCartStatus status, decimal recovered) =>
        await _store.Repository<AbandonedCart>().InsertAsync(new AbandonedCart
        {
            CustomerId = customer.Id, StoreId = storeId, CartValue = 70m, CartItems = 1, LastCartActivityUtc = detected.AddHours(-3), DetectedOnUtc = detected,
            OfferExpiresOnUtc = detected.AddDays(7), Status = status, RecoveredAmount = recovered, RecoveredOrderId = recovered > 0 ? 1 : 0
        });

    private async Task<DashboardBlockModel> BlockAsync()
    {
        var result = await _host.DashboardBlock().InvokeAsync(Zone, null);
        var view = result as ViewViewComponentResult;
        Assert.That(view?.ViewName, Is.EqualTo(SegmentationDashboardBlockViewComponent.ViewPath));
        return (DashboardBlockModel)view!.ViewData!.Model;
    }

    private static string Describe(DashboardBlockModel m) =>
        $"profiled {m.ProfiledCustomers} ({m.CustomersWithOrders} with orders), expected {m.ExpectedRevenue} for {m.PredictedCustomers}, " +
        $"carts {m.RecoveredCarts} of {m.DetectedCarts} in {m.CartDays} days for {m.RecoveredRevenue}, at risk {m.ValuableAtRisk}, collapsed {m.Collapsed}";

    [Test]
    public async Task The_block_shows_all_stores_figures_and_the_carts_of_the_owner_s_last_thirty_days()
    {
        var (a, b, c, d) = (await _store.AddCustomerAsync(), await _store.AddCustomerAsync(), await _store.AddCustomerAsync(), await _store.AddCustomerAsync());
        // all-stores rows: two at risk of the top fifth, one safe, one with a cart only
        await ProfileAsync(a, 0, 9, 3000m, 5, 0.75m, 200m);
        await ProfileAsync(b, 0, 4, 2500m, 5, 0.50m, 150m);
        await ProfileAsync(c, 0, 2, 100m, 2, 0.90m, 20m);
        await ProfileAsync(d, 0, 0, 0m, 0, 0m, 0m);
        // store rows do not count in the all-stores figures
        await ProfileAsync(a, 1, 9, 3000m, 5, 0.75m, 999m);

        // the owner's last 30 days are 2 June to 1 July in their time zone: from 1 June 21:00 UTC on
        await CartAsync(a, 1, new DateTime(2026, 6, 1, 21, 0, 0), AbandonedCartStatus.Recovered, 55m);
        await CartAsync(b, 2, new DateTime(2026, 6, 30, 22, 0, 0), AbandonedCartStatus.Recovered, 45.5m);
        await CartAsync(c, 2, new DateTime(2026, 6, 20, 0, 0, 0), AbandonedCartStatus.Open, 0m);
        await CartAsync(d, 1, new DateTime(2026, 6, 1, 20, 59, 0), AbandonedCartStatus.Recovered, 1000m);

        Assert.That(Describe(await BlockAsync()),
            Is.EqualTo("profiled 4 (3 with orders), expected 370.00 for 3, carts 2 of 3 in 30 days for 100.50, at risk 2, collapsed False"));
    }

    [Test]
    public async Task An_empty_store_shows_zeros_a_folded_block_stays_folded_and_without_the_permission_there_is_no_block()
    {
        _host.Preferences[AnalyticsWidgetModelFactory.DashboardBlockHideAttribute] = true;
        Assert.That(Describe(await BlockAsync()),
            Is.EqualTo("profiled 0 (0 with orders), expected 0.00 for 0, carts 0 of 0 in 30 days for 0.00, at risk 0, collapsed True"));

        _host.Permissions.CurrentCustomerIsAdmin = false;
        Assert.That(await _host.DashboardBlock().InvokeAsync(Zone, null), Is.TypeOf<ContentViewComponentResult>()
            .With.Property(nameof(ContentViewComponentResult.Content)).Empty);
    }

    [Test]
    public async Task The_view_is_one_row_with_four_figures_each_leading_to_the_dashboard()
    {
        var model = new DashboardBlockModel
        {
            ProfiledCustomers = 1234, CustomersWithOrders = 1000, ExpectedRevenue = "EUR 5,000.00", PredictedCustomers = 900, CartDays = 30,
            DetectedCarts = 40, RecoveredCarts = 7, RecoveredRevenue = "EUR 321.00", ValuableAtRisk = 12
        };
        using var renderer = new RazorViewRenderer();
        var html = await renderer.RenderAsync(SegmentationDashboardBlockViewComponent.ViewPath, model);

        Assert.That(html.TrimStart(), Does.StartWith("<div class=\"row\" id=\"segmentation-dashboard-block\">"));
        Assert.That(System.Text.RegularExpressions.Regex.Matches(html, "<a href=\"/Admin/SegmentDashboard/Index\" class=\"small-box-footer\">").Count, Is.EqualTo(4));
        foreach (var id in new[] { "segmentation-home-profiled", "segmentation-home-expected", "segmentation-home-carts", "segmentation-home-atrisk" })
            Assert.That(html, Does.Contain($"id=\"{id}\""));
        Assert.That(html, Does.Contain("EUR 5,000.00").And.Contain("EUR 321.00 recovered, of 40 carts found").And.Contain("found in the last 30 days"));
        Assert.That(html, Does.Contain("top fifth by spend"), "what 'valuable at risk' means");
        Assert.That(html, Does.Contain(AnalyticsWidgetModelFactory.DashboardBlockHideAttribute));
    }
}
