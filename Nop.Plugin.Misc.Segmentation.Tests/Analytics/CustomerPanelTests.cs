using Microsoft.AspNetCore.Mvc.ViewComponents;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Misc.Segmentation.Components;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Factories;
using Nop.Plugin.Misc.Segmentation.Models.Admin;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Analytics;

/// <summary>The panel on the admin customer page: what the plugin knows of one customer, from a store filled by hand.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class CustomerPanelTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime T0 = new(2026, 5, 1, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime T1 = new(2026, 6, 1, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime T2 = new(2026, 6, 10, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime T3 = new(2026, 6, 15, 9, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private AnalyticsWidgetHost _host;
    private Customer _maja, _nobody;
    private Segment _loyal, _outletFans, _oldList;
    private AbandonedCart _openCart, _recoveredCart;

    public CustomerPanelTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public async Task SetUp()
    {
        _store = StoreDatabase.Create(_kind);
        _host = new AnalyticsWidgetHost(_store, Now);
        _maja = await _store.AddCustomerAsync(c => c.Email = "maja@example.com");
        _nobody = await _store.AddCustomerAsync(c => c.Email = "nobody@example.com");
        var product = await _store.AddProductAsync(10m);

        // the main store: a complete order, a cancelled one (not counted) and one partly refunded (counts what she kept); the outlet: one order
        await _store.AddOrderAsync(_maja, 1, new DateTime(2026, 6, 1), 100m, (product, 1));
        await _store.AddOrderAsync(_maja, 1, new DateTime(2026, 6, 5), 50m, o => o.OrderStatus = OrderStatus.Cancelled, (product, 1));
        await _store.AddOrderAsync(_maja, 1, new DateTime(2026, 6, 10), 80m, o => { o.PaymentStatus = PaymentStatus.PartiallyRefunded; o.RefundedAmount = 30m; }, (product, 1));
        await _store.AddOrderAsync(_maja, 2, new DateTime(2026, 6, 20), 60m, (product, 1));
        await _store.ProfileService().RefreshCustomerAsync(_maja.Id, Now);
        // the scores and predictions the rebuild would give her (no store statistics here)
        var all = await _store.Repository<CustomerProfile>().Table.FirstOrDefaultAsync(p => p.CustomerId == _maja.Id && p.StoreId == 0);
        (all.RecencyScore, all.FrequencyScore, all.MonetaryScore, all.RfmGroup) = (4, 3, 5, RfmGroup.LoyalCustomers);
        (all.LifecycleStage, all.UsageTier, all.ChurnProbability, all.ExpectedNextOrderUtc, all.PredictedLifetimeValue) =
            (LifecycleStage.Active, UsageTier.Medium, 0.35m, new DateTime(2026, 7, 20), 400m);
        await _store.Repository<CustomerProfile>().UpdateAsync(all);

        // segments: added by the owner, imported into a switched-off one, and one she was removed from
        _loyal = await SegmentAsync("Loyal buyers", 0, true);
        _outletFans = await SegmentAsync("Outlet fans", 2, false);
        _oldList = await SegmentAsync("Old list", 0, true);
        var lists = _store.StaticSegments();
        await lists.AddAsync(_oldList, [_maja.Id], MovementReasons.Added, T0);
        await lists.AddAsync(_loyal, [_maja.Id], MovementReasons.Added, T1);
        await lists.AddAsync(_outletFans, [_maja.Id], MovementReasons.Import, T2);
        await lists.RemoveAsync(_oldList, [_maja.Id], MovementReasons.Removed, T3);

        // carts: one open with a running offer and two reminders, one recovered in the outlet with one
        _openCart = await CartAsync(1, new DateTime(2026, 6, 25, 8, 0, 0), AbandonedCartStatus.Open, Now.AddDays(5), 0m, 0, 1, 2);
        _recoveredCart = await CartAsync(2, new DateTime(2026, 5, 10, 8, 0, 0), AbandonedCartStatus.Recovered, new DateTime(2026, 5, 17, 8, 0, 0), 88m, 4711, 1);
    }

    [TearDown]
    public void TearDown() => _store?.Dispose();

    private async Task<Segment> SegmentAsync(string name, int storeId, bool active)
    {
        var segment = new Segment { Name = name, SegmentType = SegmentType.Static, StoreId = storeId, Active = active, CreatedOnUtc = T0, UpdatedOnUtc = T0 };
        await _store.Repository<Segment>().InsertAsync(segment);
        return segment;
    }

    private async Task<AbandonedCart> CartAsync(int storeId, DateTime detected, AbandonedCartStatus status, DateTime expires, decimal recovered, int orderId,
        params int[] reminders)
    {
        var cart = new AbandonedCart
        {
            CustomerId = _maja.Id, StoreId = storeId, CartValue = 64.5m, CartItems = 3, LastCartActivityUtc = detected.AddHours(-4), DetectedOnUtc = detected,
            OfferExpiresOnUtc = expires, Status = status, RecoveredOrderId = orderId, RecoveredAmount = recovered,
            ClosedOnUtc = status == AbandonedCartStatus.Open ? null : detected.AddDays(2)
        };
        await _store.Repository<AbandonedCart>().InsertAsync(cart);
        foreach (var number in reminders)
            await _store.Repository<CartReminder>().InsertAsync(new CartReminder
            {
                AbandonedCartId = cart.Id, CustomerId = _maja.Id, ReminderNumber = number, SentOnUtc = detected.AddDays(number - 1).AddHours(1), QueuedEmailId = 10 + number
            });
        return cart;
    }

    private async Task<CustomerPanelModel> PanelAsync(int customerId)
    {
        var result = await _host.CustomerPanel().InvokeAsync(AdminZone, new CustomerPageModel { Id = customerId });
        if (result is not ViewViewComponentResult view)
            return null;
        Assert.That(view.ViewName, Is.EqualTo(SegmentationCustomerPanelViewComponent.ViewPath));
        return (CustomerPanelModel)view.ViewData!.Model;
    }

    private static readonly string AdminZone = Nop.Web.Framework.Infrastructure.AdminWidgetZones.CustomerDetailsBlock;

    [Test]
    public async Task The_panel_shows_the_customer_s_segments_profiles_carts_and_movements()
    {
        var model = await PanelAsync(_maja.Id);

        Assert.That((model.CustomerId, model.HasData, model.Collapsed), Is.EqualTo((_maja.Id, true, false)));
        Assert.That(model.Segments.Select(s => (s.Id, s.Name, s.Active, s.StoreName, s.MemberSince)), Is.EqualTo(new[]
        {
            (_outletFans.Id, "Outlet fans", false, "Outlet", T2),
            (_loyal.Id, "Loyal buyers", true, "All stores", T1)
        }), "newest membership first; the one she was removed from is gone");

        // the all-stores row first: 100 + (80 - 30) + 60 over three counted orders; the cancelled one is not counted
        Assert.That(model.Profiles.Select(p => (p.StoreId, p.StoreName, p.Orders, p.Spent)), Is.EqualTo(new[]
        {
            (0, "All stores", 3, "210.00"), (1, "Main store", 2, "150.00"), (2, "Outlet", 1, "60.00")
        }));
        var all = model.Profiles[0];
        Assert.That((all.Recency, all.Frequency, all.Monetary, all.RfmGroup, all.Lifecycle, all.UsageTier),
            Is.EqualTo((4, 3, 5, "Loyal customers", "Active", "Medium")));
        Assert.That((all.HasPrediction, all.ChurnProbability, all.ExpectedNextOrder, all.PredictedValue, all.LastOrder),
            Is.EqualTo((true, 0.35m, new DateTime(2026, 7, 20), "400.00", new DateTime(2026, 6, 20))));
        Assert.That((model.Profiles[1].HasPrediction, model.Profiles[1].PredictedValue), Is.EqualTo((false, string.Empty)), "no store statistics: no prediction");

        Assert.That(model.Carts.Select(c => (c.Id, c.StoreName, c.Status, c.CartValue, c.CartItems, c.OfferValid, c.RecoveredOrderId, c.RecoveredAmount)),
            Is.EqualTo(new[]
            {
                (_openCart.Id, "Main store", "open", "64.50", 3, true, 0, string.Empty),
                (_recoveredCart.Id, "Outlet", "recovered", "64.50", 3, false, 4711, "88.00")
            }), "newest first");
        Assert.That(model.Carts[0].Reminders.Select(r => (r.Number, r.SentOn)),
            Is.EqualTo(new[] { (1, new DateTime(2026, 6, 25, 9, 0, 0)), (2, new DateTime(2026, 6, 26, 9, 0, 0)) }));
        Assert.That((model.Carts[0].OfferExpiresOn, model.Carts[0].ClosedOn, model.Carts[1].ClosedOn),
            Is.EqualTo((Now.AddDays(5), (DateTime?)null, (DateTime?)new DateTime(2026, 5, 12, 8, 0, 0))));

        Assert.That(model.Movements.Select(m => (m.CreatedOn, m.SegmentName, m.Entered, m.Direction, m.Reason)), Is.EqualTo(new[]
        {
            (T3, "Old list", false, "Left", "removed by the owner"),
            (T2, "Outlet fans", true, "Entered", "file import"),
            (T1, "Loyal buyers", true, "Entered", "added by the owner"),
            (T0, "Old list", true, "Entered", "added by the owner")
        }), "newest first, reasons in the owner's language");
        Assert.That(model.MovementCount, Is.EqualTo(4));
    }

    [Test]
    public async Task Dates_are_in_the_owner_s_time_zone_and_the_panel_remembers_it_was_folded()
    {
        _host.TimeZone = TimeZoneInfo.CreateCustomTimeZone("Test+03", TimeSpan.FromHours(3), "Test+03", "Test+03");
        _host.Preferences[AnalyticsWidgetModelFactory.CustomerPanelHideAttribute] = true;

        var model = await PanelAsync(_maja.Id);

        Assert.That(model.Collapsed, Is.True);
        Assert.That(model.Movements[0].CreatedOn, Is.EqualTo(T3.AddHours(3)));
        Assert.That(model.Segments[0].MemberSince, Is.EqualTo(T2.AddHours(3)));
        Assert.That(model.Carts[0].DetectedOn, Is.EqualTo(new DateTime(2026, 6, 25, 11, 0, 0)));
    }

    [Test]
    public async Task A_customer_without_plugin_data_gets_a_note_a_new_customer_nothing_and_someone_without_the_permission_nothing()
    {
        var empty = await PanelAsync(_nobody.Id);
        Assert.That((empty.HasData, empty.Segments.Count, empty.Profiles.Count, empty.Carts.Count, empty.Movements.Count), Is.EqualTo((false, 0, 0, 0, 0)));

        var component = _host.CustomerPanel();
        foreach (var data in new object[] { new CustomerPageModel { Id = 0 }, null, "not a model" })
            Assert.That(await component.InvokeAsync(AdminZone, data), Is.TypeOf<ContentViewComponentResult>()
                .With.Property(nameof(ContentViewComponentResult.Content)).Empty, data?.ToString() ?? "null");

        _host.Permissions.CurrentCustomerIsAdmin = false;
        Assert.That(await _host.CustomerPanel().InvokeAsync(AdminZone, new CustomerPageModel { Id = _maja.Id }),
            Is.TypeOf<ContentViewComponentResult>().With.Property(nameof(ContentViewComponentResult.Content)).Empty);
    }

    [Test]
    public async Task The_panel_is_cached_per_customer_under_the_analytics_prefix_and_shows_the_latest_movements_of_a_long_history()
    {
        await PanelAsync(_maja.Id);
        Assert.That(_store.Cache.Entries.Keys, Does.Contain(SegmentationDefaults.CartAnalyticsPrefix + "customer." + _maja.Id));

        var many = Enumerable.Range(0, 105).Select(i => new SegmentMovement
        {
            SegmentId = _loyal.Id, CustomerId = _maja.Id, MovementType = i % 2 == 0 ? SegmentMovementType.Left : SegmentMovementType.Entered,
            Reason = MovementReasons.Rule, CreatedOnUtc = T3.AddHours(1 + i)
        }).ToList();
        await _store.Repository<SegmentMovement>().InsertAsync(many);
        Assert.That((await PanelAsync(_maja.Id)).MovementCount, Is.EqualTo(4), "cached until a task drops the prefix");

        await _store.Cache.RemoveByPrefixAsync(SegmentationDefaults.AnalyticsPrefix);
        var model = await PanelAsync(_maja.Id);
        Assert.That((model.MovementCount, model.Movements.Count), Is.EqualTo((109, 100)));
        Assert.That(model.Movements[0].CreatedOn, Is.EqualTo(T3.AddHours(105)));
        Assert.That(model.Movements[99].CreatedOn, Is.EqualTo(T3.AddHours(6)));
        Assert.That(model.Movements[0].Reason, Is.EqualTo("rule"));
    }

    [Test]
    public async Task The_view_renders_a_card_named_for_the_panel_with_links_to_the_segment_editor_and_the_order()
    {
        using var renderer = new RazorViewRenderer();
        var html = await renderer.RenderAsync(SegmentationCustomerPanelViewComponent.ViewPath, await PanelAsync(_maja.Id));

        Assert.That(html, Does.Contain("<nop-card asp-name=\"segmentation-customer-panel\""));
        Assert.That(html, Does.Contain($"asp-hide-block-attribute-name=\"{AnalyticsWidgetModelFactory.CustomerPanelHideAttribute}\""));
        Assert.That(html, Does.Contain($"<a href=\"/Admin/SegmentAdmin/Edit/{_loyal.Id}\">Loyal buyers</a>"));
        Assert.That(html, Does.Contain("<a href=\"/Admin/Order/Edit/4711\">Order 4711</a>"));
        Assert.That(html, Does.Contain("switched off"), "the switched-off segment is marked");
        Assert.That(html, Does.Contain("id=\"segmentation-panel-movements\"").And.Contain("removed by the owner"));
        Assert.That(html, Does.Contain("4-3-5").And.Contain("Loyal customers"));
        Assert.That(html, Does.Not.Contain("segmentation-panel-empty"));
        // the store profile without a prediction shows "—" in its three prediction cells, not blanks
        Assert.That(System.Net.WebUtility.HtmlDecode(html), Does.Match(@"<td>—</td>\s*<td>—</td>\s*<td>—</td>"));

        var empty = await renderer.RenderAsync(SegmentationCustomerPanelViewComponent.ViewPath, await PanelAsync(_nobody.Id));
        Assert.That(empty, Does.Contain("id=\"segmentation-panel-empty\"").And.Contain("The segmentation plugin has nothing on this customer yet"));
        Assert.That(empty, Does.Not.Contain("segmentation-panel-segments"));
    }
}
