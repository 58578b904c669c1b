using Nop.Plugin.Misc.Segmentation.EndToEnd.Infrastructure;
using static Nop.Plugin.Misc.Segmentation.EndToEnd.Infrastructure.StoreData;

namespace Nop.Plugin.Misc.Segmentation.EndToEnd;

/// <summary>
/// Scenario 6: carts left alone past the idle time (4 hours by default; the records are aged in the database) are
/// found by the task the owner runs under System > Schedule tasks. The personal offer (the one-click 10 % off the
/// subtotal) shows to those customers only, applies at checkout once, not after it expires, and the order is
/// attributed to the cart; the reminder e-mail waits in the message queue with its tokens filled in.
/// </summary>
[TestFixture, Order(5), NonParallelizable]
public class AbandonedCartTests
{
    private const string TaskName = "Customer segmentation: abandoned carts";

    [TearDown]
    public Task EndAsync() => Report.EndAsync();

    private static Task<int> CustomerIdAsync(string email) =>
        Suite.Store.ScalarAsync<int>("""SELECT "Id" FROM "Customer" WHERE "Email" = @email""", ("email", email));

    /// <summary>The cart as it would be after a quiet day: the plugin's record of the last cart activity, and the items.</summary>
    private static async Task AgeCartAsync(int customerId)
    {
        Assert.That(await Suite.Store.ExecuteAsync(
            """UPDATE "SegmentationCustomerProfile" SET "LastCartActivityUtc" = "LastCartActivityUtc" - interval '1 day' WHERE "CustomerId" = @id AND "LastCartActivityUtc" IS NOT NULL""",
            ("id", customerId)), Is.GreaterThan(0), "the customer's cart activity");
        await Suite.Store.ExecuteAsync("""UPDATE "ShoppingCartItem" SET "UpdatedOnUtc" = "UpdatedOnUtc" - interval '1 day' WHERE "CustomerId" = @id""", ("id", customerId));
    }

    private static Task<List<(string To, string Subject, string Body)>> RemindersAsync(DateTime since) =>
        Suite.Store.ListAsync(
            """SELECT "To", "Subject", "Body" FROM "QueuedEmail" WHERE "CreatedOnUtc" >= @since AND "Subject" LIKE '%your cart is waiting%' ORDER BY "To" """,
            r => (To: r.GetString(0), Subject: r.GetString(1), Body: r.GetString(2)), ("since", since));

    private static async Task<string> OfferAsync(Shop shop)
    {
        await shop.GoAsync("/");
        var offer = shop.Page.Locator(".segmentation-cart-offer");
        return await offer.CountAsync() == 0 ? null : (await offer.InnerTextAsync()).Trim();
    }

    [Test]
    public async Task The_offer_goes_to_the_abandoning_customers_only_applies_once_ends_with_its_expiry_and_the_reminder_is_queued()
    {
        var emails = new[] { $"anna{Guid.NewGuid():N}@example.test", $"ben{Guid.NewGuid():N}@example.test", $"cleo{Guid.NewGuid():N}@example.test" };
        var anna = Report.Track(await Shop.RegisterAsync("Anna", "Abandon", emails[0]));
        var ben = Report.Track(await Shop.RegisterAsync("Ben", "Abandon", emails[1]));
        var cleo = Report.Track(await Shop.RegisterAsync("Cleo", "Fresh", emails[2]));
        foreach (var shop in new[] { anna, ben, cleo })
            await shop.AddToCartAsync(Book);
        var (annaId, benId, cleoId) = (await CustomerIdAsync(emails[0]), await CustomerIdAsync(emails[1]), await CustomerIdAsync(emails[2]));
        await AgeCartAsync(annaId);
        await AgeCartAsync(benId);

        var admin = Report.Track(await Admin.SignInAsync());
        var since = DateTime.UtcNow;
        await admin.RunTaskAsync(TaskName);
        await admin.ShotAsync("schedule-task-run");
        Assert.That(await Suite.Store.PluginErrorsSinceAsync(since), Is.Empty);

        // the first reminder is queued at once, to the two who left their carts
        var reminders = await RemindersAsync(since);
        Assert.That(reminders.Select(r => r.To), Is.EquivalentTo(new[] { emails[0], emails[1] }));
        Assert.That(reminders.Select(r => r.Subject), Is.All.EqualTo("Your store name: your cart is waiting"));
        Assert.That(reminders[0].Body, Does.Contain("Pride and Prejudice").And.Not.Contains("%AbandonedCart").And.Not.Contains("%Customer"));
        await admin.GoAsync("/Admin/QueuedEmail/List");
        await admin.ShotAsync("message-queue");

        var offer = await OfferAsync(anna);
        Assert.That(offer, Does.StartWith("Your cart is still waiting: take 10% off your order until"), "Anna's offer");
        await anna.ShotAsync("cart-offer-home");
        Assert.That(await OfferAsync(ben), Is.Not.Null, "Ben's offer");
        Assert.That(await OfferAsync(cleo), Is.Null, "Cleo's cart is fresh: no offer");
        Assert.That(await cleo.CartTotalsAsync(), Does.Not.Contain("Discount"), "and no discount");

        // Anna takes it: once
        Assert.That(await anna.CartTotalsAsync(), Does.Contain("-$2.40"));
        await anna.ShotAsync("cart-offer-cart");
        Assert.That(await anna.ShippingOptionsAsync(), Is.Not.Empty);
        var order = await anna.PlaceOrderAsync();
        Assert.That(await Suite.Store.ScalarAsync<decimal>("""SELECT "OrderSubTotalDiscountInclTax" FROM "Order" WHERE "Id" = @id""", ("id", order)), Is.EqualTo(2.40m));
        Assert.That(await Suite.Store.ScalarAsync<int>(
            """SELECT "RecoveredOrderId" FROM "SegmentationAbandonedCart" WHERE "CustomerId" = @id AND "StatusId" = 20""", ("id", annaId)), Is.EqualTo(order),
            "the order is attributed to the recovered cart");
        Assert.That((await RemindersAsync(since)).Select(r => r.To), Is.EqualTo(new[] { emails[1] }), "Anna's unsent reminder is withdrawn by her order");
        await anna.AddToCartAsync(Book);
        Assert.That(await anna.CartTotalsAsync(), Does.Not.Contain("Discount"), "the offer is used");

        // Ben's offer runs out: its end moved into the past, and the store's cache cleared (the cached record, read
        // with the real clock, would end the offer at that minute too)
        Assert.That(await Suite.Store.ExecuteAsync(
            """UPDATE "SegmentationAbandonedCart" SET "OfferExpiresOnUtc" = now() at time zone 'utc' - interval '1 minute' WHERE "CustomerId" = @id""", ("id", benId)), Is.EqualTo(1));
        await admin.ClearCacheAsync();
        Assert.That(await OfferAsync(ben), Is.Null, "an expired offer is not shown");
        Assert.That(await ben.CartTotalsAsync(), Does.Not.Contain("Discount"), "an expired offer gives nothing");

    }
}
