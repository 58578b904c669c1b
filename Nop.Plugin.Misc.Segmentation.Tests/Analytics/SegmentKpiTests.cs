using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Plugin.Misc.Segmentation.Controllers;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Models.Admin;
using Nop.Plugin.Misc.Segmentation.Services.Analytics;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Analytics;

/// <summary>
/// The key figures of a segment's details beside its store's, against a store worked out by hand (see
/// <see cref="FillAsync"/>); and the details action that serves them.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class SegmentKpiTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>June 2026; the period before is 2 to 31 May.</summary>
    private static readonly SegmentPeriod June = SegmentPeriod.Create(new DateTime(2026, 6, 1), new DateTime(2026, 6, 30), d => d);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private SegmentAdminHost _host;
    private CultureInfo _culture;
    private Customer _a;

    public SegmentKpiTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public void SetUp()
    {
        _store = StoreDatabase.Create(_kind);
        _host = new SegmentAdminHost(_store, new ManualClock(Now));
        _culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
    }

    [TearDown]
    public void TearDown()
    {
        if (_culture != null)
            CultureInfo.CurrentCulture = _culture;
        _store?.Dispose();
    }

    private static DateTime At(int month, int day, int hour = 10, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    private async Task<Segment> AddSegmentAsync(string name, int storeId, params Customer[] members)
    {
        var segment = new Segment
        {
            Name = name, StoreId = storeId, SegmentType = SegmentType.Static, Active = true, MemberCount = members.Length,
            CreatedOnUtc = At(1, 1), UpdatedOnUtc = At(1, 1)
        };
        await _store.Repository<Segment>().InsertAsync(segment);
        foreach (var member in members)
            await _store.Repository<SegmentMember>().InsertAsync(new SegmentMember { SegmentId = segment.Id, CustomerId = member.Id, MemberSinceUtc = At(1, 1) });
        return segment;
    }

    private async Task AddProfileAsync(Customer customer, int storeId, int orders, decimal spent, decimal predicted, decimal churn) =>
        await _store.Repository<CustomerProfile>().InsertAsync(new CustomerProfile
        {
            CustomerId = customer.Id, StoreId = storeId, OrdersCount = orders, AmountSpent = spent, PredictedLifetimeValue = predicted,
            ChurnProbability = churn, ComputedOnUtc = Now
        });

    private async Task AddOrderAsync(Customer customer, int storeId, DateTime createdOnUtc, decimal total, Action<Order> set = null) =>
        await _store.AddOrderAsync(customer, storeId, createdOnUtc, total, set ?? (_ => { }));

    private async Task AddCartAsync(Customer customer, int storeId, DateTime detectedOnUtc, AbandonedCartStatus status = AbandonedCartStatus.Open,
        DateTime? closedOnUtc = null, decimal recovered = 0) =>
        await _store.Repository<AbandonedCart>().InsertAsync(new AbandonedCart
        {
            CustomerId = customer.Id, StoreId = storeId, CartValue = 50, CartItems = 1, LastCartActivityUtc = detectedOnUtc.AddHours(-5),
            DetectedOnUtc = detectedOnUtc, OfferExpiresOnUtc = detectedOnUtc.AddDays(3), Status = status, ClosedOnUtc = closedOnUtc,
            RecoveredAmount = recovered
        });

    /// <summary>
    /// Two stores. Profiles (orders, spent, predicted, churn) in store 1: A 3/300/120/0.2, B 1/80/40/0.6, D 2/500/200/0.1,
    /// E 0/0/0/0.9 (a cart only), F 2/35/10/0.5; C has none there. All-stores profiles: A 3/300/120/0.2, B 1/80/40/0.6,
    /// C 2/80/25/0.3, D 2/500/200/0.1, E 1/500/50/0.7, F 2/35/10/0.5.
    /// "Store one" (store 1) has members A, B, C, F; C has no profile in store 1, so it counts A, B, F.
    /// "Everywhere" (all stores) has members A, C, E.
    /// </summary>
    private async Task<(Segment StoreOne, Segment Everywhere)> FillAsync()
    {
        var (a, b, c, d, e, f) = (await _store.AddCustomerAsync(), await _store.AddCustomerAsync(), await _store.AddCustomerAsync(),
            await _store.AddCustomerAsync(), await _store.AddCustomerAsync(), await _store.AddCustomerAsync());
        _a = a;
        await AddProfileAsync(a, 1, 3, 300, 120, 0.2m);
        await AddProfileAsync(b, 1, 1, 80, 40, 0.6m);
        await AddProfileAsync(d, 1, 2, 500, 200, 0.1m);
        await AddProfileAsync(e, 1, 0, 0, 0, 0.9m);
        await AddProfileAsync(f, 1, 2, 35, 10, 0.5m);
        await AddProfileAsync(c, 2, 2, 80, 25, 0.3m);
        await AddProfileAsync(e, 2, 1, 500, 50, 0.7m);
        await AddProfileAsync(a, 0, 3, 300, 120, 0.2m);
        await AddProfileAsync(b, 0, 1, 80, 40, 0.6m);
        await AddProfileAsync(c, 0, 2, 80, 25, 0.3m);
        await AddProfileAsync(d, 0, 2, 500, 200, 0.1m);
        await AddProfileAsync(e, 0, 1, 500, 50, 0.7m);
        await AddProfileAsync(f, 0, 2, 35, 10, 0.5m);

        // A: one order in the period before, two in June (one partly refunded: 80 − 30 counts 50), one cancelled
        await AddOrderAsync(a, 1, At(5, 10), 100);
        await AddOrderAsync(a, 1, At(6, 5), 120);
        await AddOrderAsync(a, 1, At(6, 20), 80, o => o.RefundedAmount = 30);
        await AddOrderAsync(a, 1, At(6, 25), 999, o => o.OrderStatus = OrderStatus.Cancelled);
        // B: the period before only
        await AddOrderAsync(b, 1, At(5, 15), 60);
        // C: June in both stores
        await AddOrderAsync(c, 2, At(6, 10), 70);
        await AddOrderAsync(c, 1, At(6, 11), 10);
        // D: the period before, June (a fully refunded one does not count; the last hour of June does), and 1 July at midnight (after)
        await AddOrderAsync(d, 1, At(5, 20), 200);
        await AddOrderAsync(d, 1, At(6, 12), 300);
        await AddOrderAsync(d, 1, At(6, 14), 400, o => o.PaymentStatus = PaymentStatus.Refunded);
        await AddOrderAsync(d, 1, At(6, 30, 23), 40);
        await AddOrderAsync(d, 1, At(7, 1, 0), 1000);
        // E: June in store 2
        await AddOrderAsync(e, 2, At(6, 2), 500);
        // F: before the period before, and at its first moment
        await AddOrderAsync(f, 1, At(4, 30), 20);
        await AddOrderAsync(f, 1, At(5, 2, 0), 15);

        // carts: detected in June unless said; converted within 2 days (the test's setting) in the cart's store
        await AddCartAsync(a, 1, At(6, 3, 12), AbandonedCartStatus.Recovered, At(6, 5), 120);   // A's order 6-5 10:00: converted
        await AddCartAsync(b, 1, At(6, 8));                                                     // no order after: not converted
        await AddCartAsync(d, 1, At(6, 11), AbandonedCartStatus.Recovered, At(6, 12), 300);     // D's order the next day: converted
        await AddCartAsync(d, 1, At(6, 28));                                                    // D's order 2 days 13 hours later: not within 2 days
        await AddCartAsync(a, 2, At(6, 9));                                                     // A orders only in store 1: not converted
        await AddCartAsync(e, 2, At(6, 1, 9), AbandonedCartStatus.Recovered, At(6, 2), 500);    // E's order the next day: converted
        await AddCartAsync(a, 1, At(5, 20), AbandonedCartStatus.Recovered, At(5, 25), 100);     // detected and closed before June
        await AddCartAsync(a, 1, At(5, 29), AbandonedCartStatus.Recovered, At(6, 1, 0), 100);   // detected in May, closed at June's first moment

        _host.Settings.CartOfferValidDays = 2;
        return (await AddSegmentAsync("Store one", 1, a, b, c, f), await AddSegmentAsync("Everywhere", 0, a, c, e));
    }

    [Test]
    public async Task A_store_segment_counts_its_members_with_a_profile_there_against_the_store_by_hand()
    {
        var (storeOne, _) = await FillAsync();

        var kpis = await _host.Kpis().GetAsync(storeOne, June);

        Assert.That(kpis.Segment, Is.EqualTo(new KpiFigures
        {
            Customers = 3, Buyers = 3, RepeatBuyers = 2, LifetimeSpent = 415, PredictedValue = 170, ChurnSum = 1.3m,
            PeriodOrders = 2, PeriodRevenue = 170, PeriodBuyers = 1, PreviousBuyers = 3, Retained = 1,
            CartsDetected = 2, CartsConverted = 1, CartsRecovered = 2, RecoveredRevenue = 220
        }));
        Assert.That(kpis.Store, Is.EqualTo(new KpiFigures
        {
            Customers = 5, Buyers = 4, RepeatBuyers = 3, LifetimeSpent = 915, PredictedValue = 370, ChurnSum = 1.4m,
            PeriodOrders = 5, PeriodRevenue = 520, PeriodBuyers = 3, PreviousBuyers = 4, Retained = 2,
            CartsDetected = 4, CartsConverted = 2, CartsRecovered = 3, RecoveredRevenue = 520
        }));
        Assert.That(kpis.ConversionDays, Is.EqualTo(2));
        Assert.That((kpis.CustomerShare, kpis.RevenueShare), Is.EqualTo((0.6m, 170m / 520)));
        Assert.That((kpis.Segment.AverageOrderValue, kpis.Store.AverageOrderValue), Is.EqualTo((85m, 104m)));
        Assert.That((kpis.Segment.OrdersPerCustomer, kpis.Store.OrdersPerCustomer), Is.EqualTo((2m / 3, 1m)));
        Assert.That((kpis.Segment.Retention, kpis.Store.Retention), Is.EqualTo((1m / 3, 0.5m)));
        Assert.That((kpis.Segment.RepeatRate, kpis.Store.RepeatRate), Is.EqualTo((2m / 3, 0.75m)));
        Assert.That((kpis.Segment.AverageChurn, kpis.Store.AverageChurn), Is.EqualTo((1.3m / 3, 0.35m)));
        Assert.That((kpis.Segment.AverageLifetimeSpent, kpis.Store.AverageLifetimeSpent), Is.EqualTo((415m / 3, 183m)));
        Assert.That((kpis.Segment.AveragePredictedValue, kpis.Store.AveragePredictedValue), Is.EqualTo((170m / 3, 74m)));
        Assert.That((kpis.Segment.CartConversion, kpis.Store.CartConversion), Is.EqualTo((0.5m, 0.5m)));
    }

    [Test]
    public async Task An_all_stores_segment_reads_the_all_stores_profiles_and_every_stores_orders_and_carts()
    {
        var (_, everywhere) = await FillAsync();

        var kpis = await _host.Kpis().GetAsync(everywhere, June);

        Assert.That(kpis.Segment, Is.EqualTo(new KpiFigures
        {
            Customers = 3, Buyers = 3, RepeatBuyers = 2, LifetimeSpent = 880, PredictedValue = 195, ChurnSum = 1.2m,
            PeriodOrders = 5, PeriodRevenue = 750, PeriodBuyers = 3, PreviousBuyers = 1, Retained = 1,
            CartsDetected = 3, CartsConverted = 2, CartsRecovered = 3, RecoveredRevenue = 720
        }));
        Assert.That(kpis.Store, Is.EqualTo(new KpiFigures
        {
            Customers = 6, Buyers = 6, RepeatBuyers = 4, LifetimeSpent = 1495, PredictedValue = 445, ChurnSum = 2.4m,
            PeriodOrders = 7, PeriodRevenue = 1090, PeriodBuyers = 4, PreviousBuyers = 4, Retained = 2,
            CartsDetected = 6, CartsConverted = 3, CartsRecovered = 4, RecoveredRevenue = 1020
        }));
        Assert.That((kpis.CustomerShare, kpis.RevenueShare), Is.EqualTo((0.5m, 750m / 1090)));
    }

    [Test]
    public async Task The_cart_conversion_window_is_the_offer_validity_setting()
    {
        var (storeOne, _) = await FillAsync();
        _host.Settings.CartOfferValidDays = 3;

        var kpis = await _host.Kpis().GetAsync(storeOne, June);

        // D's cart of 28 June converts within 3 days (its order of 30 June, 23:00); A's cart of 3 June still converts
        Assert.That((kpis.ConversionDays, kpis.Store.CartsDetected, kpis.Store.CartsConverted), Is.EqualTo((3, 4, 3)));
        Assert.That((kpis.Segment.CartsDetected, kpis.Segment.CartsConverted), Is.EqualTo((2, 1)));
    }

    [Test]
    public async Task An_empty_store_gives_zeros_and_no_ratio_at_all()
    {
        var segment = await AddSegmentAsync("Nobody", 1);

        var kpis = await _host.Kpis().GetAsync(segment, June);

        Assert.That((kpis.Segment, kpis.Store), Is.EqualTo((new KpiFigures(), new KpiFigures())));
        Assert.That(new[]
        {
            kpis.CustomerShare, kpis.RevenueShare, kpis.Store.AverageOrderValue, kpis.Store.OrdersPerCustomer, kpis.Store.AverageLifetimeSpent,
            kpis.Store.AveragePredictedValue, kpis.Store.AverageChurn, kpis.Store.Retention, kpis.Store.RepeatRate, kpis.Store.CartConversion
        }, Is.All.Null);

        var model = await DetailsAsync(segment.Id, null, null);
        Assert.That(model.Kpis.Where(k => k.Id is not ("members" or "orders" or "revenue" or "recovered-carts" or "recovered-revenue" or "predicted-value"))
            .SelectMany(k => new[] { k.Segment, k.Store }), Is.All.EqualTo("—"));
        Assert.That(model.Kpis.Single(k => k.Id == "members"), Is.EqualTo(new SegmentKpiRowModel("members", "Members",
            TestLocales.English["Plugins.Misc.Segmentation.Details.Kpi.Members.Hint"], "0", "0")));
    }

    [Test]
    public async Task One_customer_is_the_whole_store()
    {
        var customer = await _store.AddCustomerAsync();
        await AddProfileAsync(customer, 1, 1, 50, 30, 0.4m);
        await AddOrderAsync(customer, 1, At(6, 15), 50);
        var segment = await AddSegmentAsync("Just one", 1, customer);

        var kpis = await _host.Kpis().GetAsync(segment, June);

        var expected = new KpiFigures
        {
            Customers = 1, Buyers = 1, LifetimeSpent = 50, PredictedValue = 30, ChurnSum = 0.4m, PeriodOrders = 1, PeriodRevenue = 50, PeriodBuyers = 1
        };
        Assert.That((kpis.Segment, kpis.Store), Is.EqualTo((expected, expected)));
        Assert.That((kpis.CustomerShare, kpis.RevenueShare, kpis.Segment.RepeatRate, kpis.Segment.Retention), Is.EqualTo((1m, 1m, 0m, (decimal?)null)));

        var rows = (await DetailsAsync(segment.Id, "2026-06-01", "2026-06-30")).Kpis.ToDictionary(k => k.Id, k => (k.Segment, k.Store));
        Assert.That(rows["customer-share"], Is.EqualTo(("100.0 %", "100.0 %")));
        Assert.That(rows["average-order-value"], Is.EqualTo(("50.00", "50.00")));
        Assert.That(rows["churn"], Is.EqualTo(("40.0 %", "40.0 %")));
        Assert.That(rows["retention"], Is.EqualTo(("—", "—")));
        Assert.That(rows["repeat-rate"], Is.EqualTo(("0.0 %", "0.0 %")));
    }

    [Test]
    public async Task The_details_action_serves_the_figures_formatted_with_their_definitions_for_the_period_picked()
    {
        var (storeOne, _) = await FillAsync();

        var result = await _host.Controller().Details(storeOne.Id, null, "2026-06-01", "2026-06-30");

        var view = result as PartialViewResult;
        Assert.That(view?.ViewName, Is.EqualTo(SegmentAdminController.DetailsView));
        var model = (SegmentDetailsModel)view!.Model!;
        Assert.That((model.From, model.To, model.StoreName), Is.EqualTo(("2026-06-01", "2026-06-30", "Main store")));
        var rows = model.Kpis.ToDictionary(k => k.Id);
        Assert.That(rows.Keys, Is.EqualTo(new[]
        {
            "members", "customer-share", "revenue", "revenue-share", "orders", "average-order-value", "orders-per-customer", "lifetime-spend",
            "predicted-value", "predicted-value-average", "churn", "retention", "repeat-rate", "cart-conversion", "recovered-carts", "recovered-revenue"
        }));
        Assert.That(model.Kpis.Select(k => (k.Segment, k.Store)), Is.EqualTo(new[]
        {
            ("3", "5"), ("60.0 %", "100.0 %"), ("170.00", "520.00"), ("32.7 %", "100.0 %"), ("2", "5"), ("85.00", "104.00"), ("0.67", "1.00"),
            ("138.33", "183.00"), ("170.00", "370.00"), ("56.67", "74.00"), ("43.3 %", "35.0 %"), ("33.3 %", "50.0 %"), ("66.7 %", "75.0 %"),
            ("50.0 %", "50.0 %"), ("2", "3"), ("220.00", "520.00")
        }));
        // every figure has its name and definition from the resources, the period before and the window filled in
        Assert.That(model.Kpis.Select(k => k.Name).Concat(model.Kpis.Select(k => k.Hint)), Has.None.StartsWith("Plugins.").And.None.Empty);
        Assert.That(rows["retention"].Hint, Does.Contain("5/2/2026 – 5/31/2026").Or.Contain("05/02/2026 – 05/31/2026"));
        Assert.That(rows["cart-conversion"].Hint, Does.Contain("within 2 days"));
        Assert.That(model.ChartData, Does.Contain("\"labels\":[").And.Contain("\"members\":["));
    }

    [Test]
    public async Task The_details_render_the_figure_table_and_the_chart_canvases_the_script_draws_into()
    {
        var (storeOne, _) = await FillAsync();
        var model = await DetailsAsync(storeOne.Id, null, null);

        using var renderer = new RazorViewRenderer();
        var html = await renderer.RenderAsync(SegmentAdminController.DetailsView, model);

        Assert.That(html, Does.Contain("id=\"segment-kpis\"").And.Contain("id=\"segment-trend-members\"").And.Contain("id=\"segment-trend-movements\"")
            .And.Contain("id=\"segment-trend-activity\"").And.Contain("id=\"segment-came-from\"").And.Contain("id=\"segment-went-to\""));
        Assert.That(System.Text.RegularExpressions.Regex.Matches(html, "<tr id=\"segment-kpi-").Count, Is.EqualTo(16));
        Assert.That(html, Does.Contain(System.Net.WebUtility.HtmlEncode(TestLocales.English["Plugins.Misc.Segmentation.Details.Kpi.RepeatRate.Hint"])));
    }

    [TestCase("2026-06-31", "2026-07-01", "\"2026-06-31\" is not a day")]
    [TestCase("06/01/2026", "2026-06-30", "\"06/01/2026\" is not a day")]
    [TestCase("2026-06-10", "2026-06-01", "The first day (2026-06-10) is after the last day (2026-06-01)")]
    [TestCase("2025-01-01", "2026-06-30", "Pick at most 366 days; this period has 546.")]
    [TestCase("1900-01-01", "1900-01-02", "\"1900-01-01\" is not a day")]
    [TestCase("2026-06-01", "9999-12-31", "\"9999-12-31\" is not a day")]
    public async Task A_period_that_cannot_be_read_is_refused_with_the_reason_and_changes_nothing(string from, string to, string message)
    {
        var (storeOne, _) = await FillAsync();
        var segments = await _store.Repository<Segment>().Table.OrderBy(s => s.Id).ToListAsync();

        var result = await _host.Controller().Details(storeOne.Id, null, from, to);

        Assert.That(result, Is.TypeOf<BadRequestObjectResult>());
        var error = (string)((BadRequestObjectResult)result).Value!.GetType().GetProperty("error")!.GetValue(((BadRequestObjectResult)result).Value);
        Assert.That(error, Does.StartWith(message));
        Assert.That(_store.Cache.Entries.Keys.Where(k => k.StartsWith(SegmentationDefaults.AnalyticsPrefix)), Is.Empty, "nothing computed");
        Assert.That(await _store.Repository<Segment>().Table.OrderBy(s => s.Id).ToListAsync(), Is.EqualTo(segments).Using<Segment>((x, y) =>
            x.Id == y.Id && x.MemberCount == y.MemberCount && x.UpdatedOnUtc == y.UpdatedOnUtc && x.LastEvaluatedOnUtc == y.LastEvaluatedOnUtc));
    }

    [TestCase(45)]
    [TestCase(-7)]
    [TestCase(366)]
    public async Task A_period_length_that_is_not_offered_is_refused_with_the_choices(int days)
    {
        var (storeOne, _) = await FillAsync();

        var result = await _host.Controller().Details(storeOne.Id, days, "2026-06-01", "2026-06-30");

        Assert.That(result, Is.TypeOf<BadRequestObjectResult>());
        var answer = ((BadRequestObjectResult)result).Value!;
        Assert.That(answer.GetType().GetProperty("error")!.GetValue(answer),
            Is.EqualTo($"A period of {days} days is not offered. Pick one from the list (7, 30, 90 days), or other days of your own."));
        Assert.That(_store.Cache.Entries.Keys.Where(k => k.StartsWith(SegmentationDefaults.AnalyticsPrefix)), Is.Empty, "nothing computed");
    }

    [Test]
    public async Task An_offered_period_is_the_last_days_up_to_today_and_other_days_are_the_owners()
    {
        var (storeOne, _) = await FillAsync();

        Assert.That(await DetailsAsync(storeOne.Id, null, null, 7), Has.Property(nameof(SegmentDetailsModel.From)).EqualTo("2026-06-24")
            .And.Property(nameof(SegmentDetailsModel.To)).EqualTo("2026-06-30"));
        var ninety = await DetailsAsync(storeOne.Id, "2026-01-01", "2026-01-31", 90);
        Assert.That((ninety.From, ninety.To), Is.EqualTo(("2026-04-02", "2026-06-30")), "an offered period's days are its own, whatever else is sent");
        var other = await DetailsAsync(storeOne.Id, "2026-01-01", "2026-01-31", AnalyticsPeriodService.OtherDays);
        Assert.That((other.From, other.To), Is.EqualTo(("2026-01-01", "2026-01-31")));

        var editor = await _host.Factory().PrepareSegmentModelAsync(null, storeOne);
        Assert.That(editor.DetailsSearchModel.Days, Is.EqualTo(30));
        Assert.That(editor.DetailsSearchModel.AvailablePeriods.Select(p => (p.Value, p.Text, p.Selected)), Is.EqualTo(new[]
        {
            ("7", "Last 7 days", false), ("30", "Last 30 days", true), ("90", "Last 90 days", false), ("0", "Other days…", false)
        }));
    }

    [Test]
    public async Task An_unknown_segment_is_not_found_and_empty_days_default_to_the_last_30_days()
    {
        var (storeOne, _) = await FillAsync();

        Assert.That(await _host.Controller().Details(storeOne.Id + 100, null, null, null), Is.TypeOf<NotFoundResult>());
        var model = await DetailsAsync(storeOne.Id, "", " ");
        Assert.That((model.From, model.To), Is.EqualTo(("2026-06-01", "2026-06-30")));
        model = await DetailsAsync(storeOne.Id, null, "2026-05-31");
        Assert.That((model.From, model.To), Is.EqualTo(("2026-05-02", "2026-05-31")));
        var editor = await _host.Factory().PrepareSegmentModelAsync(null, storeOne);
        Assert.That((editor.DetailsSearchModel.From, editor.DetailsSearchModel.To), Is.EqualTo(("2026-06-01", "2026-06-30")));
    }

    [Test]
    public async Task The_figures_are_cached_under_the_analytics_prefix_and_computed_again_once_it_is_dropped()
    {
        var (storeOne, _) = await FillAsync();
        var first = await _host.Kpis().GetAsync(storeOne, June);
        await AddOrderAsync(_a, 1, At(6, 16), 1000);

        var cached = await _host.Kpis().GetAsync(storeOne, June);
        Assert.That(cached, Is.EqualTo(first), "read from the cache");
        // the store's and the members' profile figures, and each column's period figures
        Assert.That(_store.Cache.Entries.Keys, Has.Count.EqualTo(4).And.All.StartWith(SegmentationDefaults.AnalyticsPrefix));

        // a change of the segment (its count, as an evaluation leaves it) shows at once; the store's column stays cached
        storeOne.MemberCount++;
        var changed = await _host.Kpis().GetAsync(storeOne, June);
        Assert.That((changed.Segment.PeriodRevenue, changed.Store.PeriodRevenue), Is.EqualTo((1170m, 520m)));

        await _store.Cache.RemoveByPrefixAsync(SegmentationDefaults.AnalyticsPrefix);
        var fresh = await _host.Kpis().GetAsync(storeOne, June);
        Assert.That((fresh.Segment.PeriodRevenue, fresh.Store.PeriodRevenue), Is.EqualTo((1170m, 1520m)));
    }

    [Test]
    public async Task Another_period_counts_its_orders_afresh_and_reuses_the_members_profile_figures()
    {
        var (storeOne, _) = await FillAsync();
        var june = await _host.Kpis().GetAsync(storeOne, June);

        // a profile changed behind the cache's back: a period not asked before reads the members' profile figures
        // from the cache (they do not depend on the period), while its orders are counted now
        var profile = await _store.Repository<CustomerProfile>().Table.FirstOrDefaultAsync(p => p.CustomerId == _a.Id && p.StoreId == storeOne.StoreId);
        profile.AmountSpent += 1000;
        await _store.Repository<CustomerProfile>().UpdateAsync(profile);
        await AddOrderAsync(_a, 1, At(5, 10), 1000);
        var may = await _host.Kpis().GetAsync(storeOne, SegmentPeriod.Create(new DateTime(2026, 5, 1), new DateTime(2026, 5, 31), d => d));

        await _store.Cache.RemoveByPrefixAsync(SegmentationDefaults.AnalyticsPrefix);
        var mayAfresh = await _host.Kpis().GetAsync(storeOne, SegmentPeriod.Create(new DateTime(2026, 5, 1), new DateTime(2026, 5, 31), d => d));

        Assert.That(may.Segment.LifetimeSpent, Is.EqualTo(june.Segment.LifetimeSpent));
        Assert.That(mayAfresh.Segment.LifetimeSpent, Is.EqualTo(june.Segment.LifetimeSpent + 1000));
        Assert.That((may.Segment.PeriodOrders, may.Segment.PeriodRevenue), Is.EqualTo((mayAfresh.Segment.PeriodOrders, mayAfresh.Segment.PeriodRevenue)));
    }

    private async Task<SegmentDetailsModel> DetailsAsync(int segmentId, string from, string to, int? days = null)
    {
        var result = await _host.Controller().Details(segmentId, days, from, to);
        Assert.That(result, Is.TypeOf<PartialViewResult>(), (result as BadRequestObjectResult)?.Value?.ToString());
        return (SegmentDetailsModel)((PartialViewResult)result).Model!;
    }
}
