using Nop.Core.Domain.Customers;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Analytics;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Analytics;

/// <summary>The abandoned-cart funnel and the open offers over two stores, against carts made by hand.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class CartReportTests
{
    private static readonly DateTime From = new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime To = new(2026, 7, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseKind _kind;
    private StoreDatabase _store;
    private Customer _ann, _bob, _guest;

    public CartReportTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    [SetUp]
    public async Task SetUp()
    {
        _store = StoreDatabase.Create(_kind);
        _ann = await _store.AddCustomerAsync(c => c.Email = "ann@example.com");
        _bob = await _store.AddCustomerAsync(c => c.Email = "bob@example.com");
        _guest = await _store.AddCustomerAsync();
    }

    [TearDown]
    public void TearDown() => _store?.Dispose();

    private AbandonedCartReportService Service(SegmentationSettings settings = null) =>
        new(_store.Repository<AbandonedCart>(), _store.Repository<CartReminder>(), _store.Repository<Customer>(), _store.Cache,
            settings ?? new SegmentationSettings { CartReminderHours = [0, 48] });

    private async Task<AbandonedCart> CartAsync(Customer customer, int storeId, DateTime detected, AbandonedCartStatus status, decimal value = 50m,
        decimal recovered = 0, DateTime? expires = null, params int[] reminders)
    {
        var cart = new AbandonedCart
        {
            CustomerId = customer.Id, StoreId = storeId, CartValue = value, CartItems = 2, LastCartActivityUtc = detected.AddHours(-5),
            DetectedOnUtc = detected, OfferExpiresOnUtc = expires ?? detected.AddDays(7), Status = status,
            RecoveredOrderId = status == AbandonedCartStatus.Recovered ? 900 + customer.Id : 0, RecoveredAmount = recovered,
            ClosedOnUtc = status == AbandonedCartStatus.Open ? null : detected.AddDays(1)
        };
        await _store.Repository<AbandonedCart>().InsertAsync(cart);
        foreach (var number in reminders)
            await _store.Repository<CartReminder>().InsertAsync(new CartReminder
            {
                AbandonedCartId = cart.Id, CustomerId = customer.Id, ReminderNumber = number, SentOnUtc = detected.AddHours(number), QueuedEmailId = 100 + number
            });
        return cart;
    }

    private static string Describe(CartFunnel f) =>
        $"detected {f.Detected}, reminded [{string.Join(", ", f.RemindedByNumber)}], recovered {f.Recovered} for {f.RecoveredRevenue:0.00}, " +
        $"open {f.StillOpen}, expired {f.Expired}, emptied {f.Emptied}, rate {f.RecoveryRate:0.0000}";

    [Test]
    public async Task The_funnel_counts_the_carts_found_in_the_period_by_store_with_their_reminders_by_number_and_what_they_recovered()
    {
        // store 1: recovered after two reminders, open after one, expired after three (the schedule was longer then)
        await CartAsync(_ann, 1, From.AddDays(1), AbandonedCartStatus.Recovered, recovered: 120.50m, reminders: [1, 2]);
        await CartAsync(_bob, 1, From.AddDays(9), AbandonedCartStatus.Open, reminders: [1]);
        await CartAsync(_guest, 1, From.AddDays(14), AbandonedCartStatus.Expired, reminders: [1, 2, 3]);
        // found at the very start: in the period
        await CartAsync(_guest, 1, From, AbandonedCartStatus.Open);
        // store 2: recovered after one reminder, emptied without any
        await CartAsync(_bob, 2, From.AddDays(19), AbandonedCartStatus.Recovered, recovered: 80m, reminders: [1]);
        await CartAsync(_ann, 2, To.AddMinutes(-1), AbandonedCartStatus.Emptied);
        // outside the period: found the day before, and at its end bound
        await CartAsync(_ann, 1, From.AddDays(-1), AbandonedCartStatus.Recovered, recovered: 999m, reminders: [1]);
        await CartAsync(_bob, 2, To, AbandonedCartStatus.Open, reminders: [1]);

        var service = Service();
        Assert.That(Describe(await service.GetFunnelAsync(0, From, To)),
            Is.EqualTo("detected 6, reminded [4, 2, 1], recovered 2 for 200.50, open 2, expired 1, emptied 1, rate 0.3333"));
        Assert.That(Describe(await service.GetFunnelAsync(1, From, To)),
            Is.EqualTo("detected 4, reminded [3, 2, 1], recovered 1 for 120.50, open 2, expired 1, emptied 0, rate 0.2500"));
        Assert.That(Describe(await service.GetFunnelAsync(2, From, To)),
            Is.EqualTo("detected 2, reminded [1, 0], recovered 1 for 80.00, open 0, expired 0, emptied 1, rate 0.5000"),
            "the owner's two reminders are listed though the second went to none of these carts");
        Assert.That(Describe(await service.GetFunnelAsync(3, From, To)),
            Is.EqualTo("detected 0, reminded [0, 0], recovered 0 for 0.00, open 0, expired 0, emptied 0, rate 0.0000"), "a store without carts");
    }

    [Test]
    public async Task An_empty_store_has_an_empty_funnel_the_figures_are_cached_until_a_task_drops_them_and_a_backward_period_is_refused()
    {
        var service = Service(new SegmentationSettings { CartReminderHours = [] });
        Assert.That(Describe(await service.GetFunnelAsync(0, From, To)),
            Is.EqualTo("detected 0, reminded [], recovered 0 for 0.00, open 0, expired 0, emptied 0, rate 0.0000"));

        await CartAsync(_ann, 1, From.AddDays(3), AbandonedCartStatus.Recovered, recovered: 42m, reminders: [1]);
        Assert.That((await service.GetFunnelAsync(0, From, To)).Detected, Is.Zero, "cached");
        Assert.That(_store.Cache.Entries.Keys, Has.Some.StartsWith(SegmentationDefaults.AnalyticsPrefix + "carts.funnel."));

        await _store.Cache.RemoveByPrefixAsync(SegmentationDefaults.AnalyticsPrefix);
        Assert.That(Describe(await service.GetFunnelAsync(0, From, To)),
            Is.EqualTo("detected 1, reminded [1], recovered 1 for 42.00, open 0, expired 0, emptied 0, rate 1.0000"));

        Assert.ThrowsAsync<ArgumentException>(() => service.GetFunnelAsync(0, To, From));
    }

    [Test]
    public async Task Open_offers_are_the_open_carts_whose_offer_still_runs_soonest_expiry_first_with_email_and_reminders_in_pages()
    {
        var now = new DateTime(2026, 7, 2, 8, 0, 30, DateTimeKind.Utc);
        var later = await CartAsync(_ann, 1, From.AddDays(25), AbandonedCartStatus.Open, 75m, expires: new DateTime(2026, 7, 10, 10, 0, 0), reminders: [1]);
        var outlet = await CartAsync(_bob, 2, To, AbandonedCartStatus.Open, 20m, expires: new DateTime(2026, 7, 5, 0, 0, 0));
        // two ending at the same moment: by cart id
        var first = await CartAsync(_bob, 1, From.AddDays(27), AbandonedCartStatus.Open, 30m, expires: new DateTime(2026, 7, 3, 0, 0, 0), reminders: [1, 2]);
        var second = await CartAsync(_ann, 1, From.AddDays(27), AbandonedCartStatus.Open, 31m, expires: new DateTime(2026, 7, 3, 0, 0, 0));
        // a guest has no e-mail
        var guest = await CartAsync(_guest, 2, From.AddDays(28), AbandonedCartStatus.Open, 40m, expires: new DateTime(2026, 7, 4, 0, 0, 0));
        // not offered any more: expired before now, or closed
        await CartAsync(_ann, 1, From.AddDays(2), AbandonedCartStatus.Open, expires: new DateTime(2026, 7, 1, 23, 0, 0));
        await CartAsync(_bob, 1, From.AddDays(26), AbandonedCartStatus.Recovered, recovered: 10m, expires: new DateTime(2026, 7, 20, 0, 0, 0));
        await CartAsync(_guest, 2, From.AddDays(26), AbandonedCartStatus.Emptied, expires: new DateTime(2026, 7, 20, 0, 0, 0));

        var service = Service();
        var page1 = await service.GetOpenOffersAsync(0, now, 0, 2);
        var page2 = await service.GetOpenOffersAsync(0, now, 1, 2);
        var page3 = await service.GetOpenOffersAsync(0, now, 2, 2);

        Assert.That((page1.TotalCount, page1.TotalPages, page3.HasNextPage), Is.EqualTo((5, 3, false)));
        Assert.That(page1.Concat(page2).Concat(page3).Select(o => o.AbandonedCartId), Is.EqualTo(new[] { first.Id, second.Id, guest.Id, outlet.Id, later.Id }));
        Assert.That(page1[0], Is.EqualTo(new OpenCartOffer(first.Id, _bob.Id, "bob@example.com", 30m, 2, From.AddDays(27), new DateTime(2026, 7, 3, 0, 0, 0, DateTimeKind.Utc), 2)));
        Assert.That(page2[0], Is.EqualTo(new OpenCartOffer(guest.Id, _guest.Id, string.Empty, 40m, 2, From.AddDays(28), new DateTime(2026, 7, 4, 0, 0, 0, DateTimeKind.Utc), 0)));
        Assert.That(page3.Single().RemindersSent, Is.EqualTo(1));
        Assert.That(page3.Single().OfferExpiresOnUtc.Kind, Is.EqualTo(DateTimeKind.Utc));

        var main = await service.GetOpenOffersAsync(1, now, 0, 10);
        Assert.That(main.Select(o => o.AbandonedCartId), Is.EqualTo(new[] { first.Id, second.Id, later.Id }));
        Assert.That((await service.GetOpenOffersAsync(3, now, 0, 10)).TotalCount, Is.Zero, "a store without carts");

        // on 4 July at noon the two that ended on the 3rd and the guest's are over
        Assert.That((await service.GetOpenOffersAsync(0, new DateTime(2026, 7, 4, 12, 0, 0, DateTimeKind.Utc), 0, 10)).Select(o => o.AbandonedCartId),
            Is.EqualTo(new[] { outlet.Id, later.Id }));
    }
}
