using Nop.Plugin.Misc.Segmentation.EndToEnd.Infrastructure;

namespace Nop.Plugin.Misc.Segmentation.EndToEnd;

/// <summary>
/// Scenario 5: the greeting on the home page for a first visit (the owner's text), a returning guest and a signed-in
/// returning customer whose name is markup. "Returning" means a customer record from an earlier visit, so the
/// records are aged in the database, as a day's wait would.
/// </summary>
[TestFixture, Order(4), NonParallelizable]
public class GreetingTests
{
    [TearDown]
    public Task EndAsync() => Report.EndAsync();

    private static async Task<string> GreetingAsync(Shop shop)
    {
        await shop.GoAsync("/");
        var greeting = shop.Page.Locator(".segmentation-greeting");
        return await greeting.CountAsync() == 0 ? null : (await greeting.InnerTextAsync()).Trim();
    }

    /// <summary>Moves the visitor's customer record (nopCommerce's customer cookie names it) a day back.</summary>
    private static async Task AgeAsync(Shop shop)
    {
        var cookie = (await shop.Page.Context.CookiesAsync()).Single(c => c.Name == ".Nop.Customer");
        var aged = await Suite.Store.ExecuteAsync(
            """UPDATE "Customer" SET "CreatedOnUtc" = "CreatedOnUtc" - interval '1 day' WHERE "CustomerGuid" = @guid""", ("guid", Guid.Parse(cookie.Value)));
        Assert.That(aged, Is.EqualTo(1), "the visitor's customer record");
    }

    [Test]
    public async Task First_visit_returning_guest_and_signed_in_customer_are_each_greeted_and_a_name_stays_text()
    {
        var admin = Report.Track(await Admin.SignInAsync());
        await admin.GoAsync("/Admin/Segmentation/Configure");
        await admin.Page.SelectOptionAsync("#NewGreeting_AudienceId", "10");
        await admin.Page.FillAsync("#NewGreeting_Body", "Hello, and welcome to %Store.Name%!");
        await admin.Page.RunAndWaitForNavigationAsync(() => admin.Page.ClickAsync("form[action*='SaveGreeting'] button[type=submit]"));
        Assert.That(await admin.NotificationsAsync(), Has.Some.Contains("The greeting has been saved."));
        await admin.ShotAsync("configure-greeting-saved");

        var guest = Report.Track(await Shop.NewGuestAsync());
        Assert.That(await GreetingAsync(guest), Is.EqualTo("Hello, and welcome to Your store name!"), "first visit");
        await guest.ShotAsync("greeting-first-visit");
        await AgeAsync(guest);
        Assert.That(await GreetingAsync(guest), Is.EqualTo("Welcome back! Sign in to see your member offers."), "returning guest");
        Assert.That(await guest.Page.Locator(".segmentation-greeting a[href$='/login']").CountAsync(), Is.EqualTo(1), "the sign-in link");
        await guest.ShotAsync("greeting-returning-guest");

        var customer = Report.Track(await Shop.RegisterAsync("<b>Mal</b>", "O'Hara", $"mal{Guid.NewGuid():N}@example.test"));
        await AgeAsync(customer);
        Assert.That(await GreetingAsync(customer), Is.EqualTo("Welcome back, <b>Mal</b>!"), "signed in, the name as typed");
        Assert.That(await customer.Page.Locator(".segmentation-greeting b").CountAsync(), Is.Zero, "the name is not markup");
        await customer.ShotAsync("greeting-signed-in");
    }
}
