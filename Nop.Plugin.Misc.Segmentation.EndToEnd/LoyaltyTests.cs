using Nop.Plugin.Misc.Segmentation.EndToEnd.Infrastructure;
using static Nop.Plugin.Misc.Segmentation.EndToEnd.Infrastructure.StoreData;

namespace Nop.Plugin.Misc.Segmentation.EndToEnd;

/// <summary>
/// Scenario 4: a registered customer places orders until the loyal bar (3 orders in 90 days by default) and gets the
/// one-click shipping discount (50 %) on the next order: the progress and the upgrade as the storefront says them,
/// the shipping price as nopCommerce charged it.
/// </summary>
[TestFixture, Order(3), NonParallelizable]
public class LoyaltyTests
{
    [TearDown]
    public Task EndAsync() => Report.EndAsync();

    private static async Task<int> VisibleAsync(Microsoft.Playwright.ILocator locator)
    {
        var visible = 0;
        for (var i = 0; i < await locator.CountAsync(); i++)
            if (await locator.Nth(i).IsVisibleAsync())
                visible++;
        return visible;
    }

    private static Task<decimal> ShippingChargedAsync(int orderId) =>
        Suite.Store.ScalarAsync<decimal>("""SELECT "OrderShippingInclTax" FROM "Order" WHERE "Id" = @id""", ("id", orderId));

    [Test]
    public async Task The_order_that_crosses_the_loyal_bar_halves_shipping_on_the_next_one_and_the_widgets_say_so_once()
    {
        var shop = Report.Track(await Shop.RegisterAsync("Lena", "Loyal", $"lena{Guid.NewGuid():N}@example.test"));
        var orders = new List<int>();
        for (var i = 0; i < 2; i++)
        {
            await shop.AddToCartAsync(Book);
            Assert.That(await shop.ShippingOptionsAsync(), Has.Some.StartsWith("Ground ($10.00)"), $"order {i + 1}");
            orders.Add(await shop.PlaceOrderAsync());
        }

        await shop.AddToCartAsync(Book);
        await shop.GoAsync("/cart");
        var progress = shop.Page.Locator(".segmentation-loyalty");
        Assert.That(await progress.AllInnerTextsAsync(), Is.EqualTo(new[] { "Just 1 more order within 90 days and you get 50% off shipping." }),
            "the progress on the cart page");
        await shop.ShotAsync("loyalty-progress-cart");
        Assert.That(await shop.ShippingOptionsAsync(), Has.Some.StartsWith("Ground ($10.00)"), "order 3 still pays full shipping");
        Assert.That(await shop.Page.Locator(".segmentation-loyalty").CountAsync(), Is.EqualTo(1), "one loyalty text on the shipping step");
        await shop.ShotAsync("loyalty-progress-shipping");
        orders.Add(await shop.PlaceOrderAsync());

        await shop.AddToCartAsync(Book);
        await shop.GoAsync("/cart");
        Assert.That(await shop.Page.Locator(".segmentation-loyalty-member").CountAsync(), Is.EqualTo(1), "the upgrade on the cart page");
        await shop.ShotAsync("loyalty-member-cart");
        Assert.That(await shop.ShippingOptionsAsync(), Has.Some.StartsWith("Ground ($5.00)"), "order 4 pays half");
        Assert.That(await shop.Page.Locator(".segmentation-loyalty").CountAsync(), Is.EqualTo(1), "one loyalty text on the shipping step");
        await shop.ShotAsync("loyalty-member-shipping");
        orders.Add(await shop.PlaceOrderAsync(async () =>
        {
            await shop.ShotAsync("loyalty-member-confirm");
            Assert.That(await VisibleAsync(shop.Page.Locator(".segmentation-loyalty")), Is.EqualTo(1), "one loyalty text on the confirmation step");
        }));

        var charged = new List<decimal>();
        foreach (var order in orders)
            charged.Add(await ShippingChargedAsync(order));
        Assert.That(charged, Is.EqualTo(new[] { 10m, 10m, 10m, 5m }), "shipping charged on orders 1 to 4");
    }
}
