using Nop.Plugin.Misc.Segmentation.EndToEnd.Infrastructure;
using static Nop.Plugin.Misc.Segmentation.EndToEnd.Infrastructure.StoreData;

namespace Nop.Plugin.Misc.Segmentation.EndToEnd;

/// <summary>Scenarios 2 and 3: the configuration page saves what is valid, explains what is not, and sets up the one-click discounts.</summary>
[TestFixture, Order(2), NonParallelizable]
public class ConfigurationPageTests
{
    [TearDown]
    public Task EndAsync() => Report.EndAsync();

    [Test, Order(1)]
    public async Task Valid_settings_are_saved_and_invalid_ones_are_explained_and_change_nothing()
    {
        var admin = Report.Track(await Admin.SignInAsync());
        await admin.GoAsync("/Admin/Segmentation/Configure");
        await admin.Page.FillAsync("#NewCustomerDays", "21");
        await admin.Page.RunAndWaitForNavigationAsync(() => admin.Page.ClickAsync("button[name='save']"));
        Assert.That(await admin.NotificationsAsync(), Has.Some.Contains("The plugin has been updated successfully."));
        Assert.That(await SettingAsync("segmentationsettings.newcustomerdays"), Is.EqualTo("21"));
        Assert.That(await admin.Page.InputValueAsync("#NewCustomerDays"), Is.EqualTo("21"), "the page shows what was saved");

        await admin.Page.FillAsync("#NewCustomerDays", "30");
        await admin.Page.FillAsync("#AbandonedCartIdleHours", "0");
        await admin.Page.ClickAsync("button[name='save']");
        var message = admin.Page.Locator("text=Enter a number of hours from 1 to 720.");
        await message.First.WaitForAsync();
        await admin.ShotAsync("configure-invalid");
        Assert.That(await SettingAsync("segmentationsettings.newcustomerdays"), Is.EqualTo("21"), "nothing saved from the refused form");
        Assert.That(await SettingAsync("segmentationsettings.abandonedcartidlehours"), Is.Not.EqualTo("0"));
    }

    [Test, Order(2)]
    public async Task One_click_discounts_are_created_limited_to_their_segments_and_a_new_guest_gets_neither()
    {
        var admin = Report.Track(await Admin.SignInAsync());
        await admin.GoAsync("/Admin/Segmentation/Configure");
        foreach (var action in new[] { "SetUpShippingDiscount", "SetUpCartOfferDiscount" })
        {
            await admin.Page.RunAndWaitForNavigationAsync(() => admin.Page.ClickAsync($"form[action*='{action}'] button[type=submit]"));
            Assert.That(await admin.NotificationsAsync(), Has.Some.Contains("was created"), action);
        }

        await admin.ShotAsync("configure-discounts-created");
        foreach (var name in new[] { ShippingDiscount, CartOfferDiscount })
        {
            var id = await DiscountIdAsync(name);
            Assert.That(await Suite.Store.ScalarAsync<bool>("""SELECT "IsActive" FROM "Discount" WHERE "Id" = @id""", ("id", id)), name);
            Assert.That(await Suite.Store.ScalarAsync<long>(
                    """SELECT count(*) FROM "DiscountRequirement" WHERE "DiscountId" = @id AND "DiscountRequirementRuleSystemName" = 'Misc.Segmentation' AND "ParentId" IS NOT NULL""",
                    ("id", id)), Is.EqualTo(1), name + ": the segment requirement inside the default group");
            // Promotions > Discounts > edit: the requirement's own form loads inside the discount page
            await admin.GoAsync($"/Admin/Discount/Edit/{id}");
            await admin.Page.Locator("select[id$='SegmentIds']").First.WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });
            await admin.ShotAsync("discount-" + name);
        }

        var guest = Report.Track(await Shop.NewGuestAsync());
        await guest.AddToCartAsync(Book);
        Assert.That(await guest.CartTotalsAsync(), Does.Not.Contain("Discount"), "a new guest is in neither segment");
        await guest.ShotAsync("guest-cart-installed");
    }
}
