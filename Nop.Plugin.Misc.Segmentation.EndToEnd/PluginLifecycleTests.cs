using Nop.Plugin.Misc.Segmentation.EndToEnd.Infrastructure;

namespace Nop.Plugin.Misc.Segmentation.EndToEnd;

/// <summary>
/// The owner's path from upload to uninstall, through the store's own pages. The tests run in order on one store:
/// each starts where the one before left it.
/// </summary>
[TestFixture, Order(1), NonParallelizable]
public class PluginLifecycleTests
{
    private const string ShippingDiscount = "Loyal customers: shipping discount";
    private const string CartOfferDiscount = "Abandoned cart: personal offer";
    private const string Book = "/pride-and-prejudice";

    [TearDown]
    public Task EndAsync() => Report.EndAsync();

    [Test, Order(1)]
    public async Task Upload_install_and_restart_leave_the_plugin_installed_without_errors()
    {
        var since = DateTime.UtcNow;
        var admin = Report.Track(await Admin.SignInAsync());
        await admin.UploadAsync(Suite.Package);
        await admin.ShotAsync("plugins-uploaded");
        if (!await admin.IsListedAsync())
            await admin.ApplyChangesAsync();
        Assert.That(await admin.IsListedAsync(), "the uploaded plugin is listed");
        await admin.MarkAsync("install");
        await admin.ShotAsync("plugins-install-pending");
        await admin.ApplyChangesAsync();

        Assert.That(await admin.IsInstalledAsync(), "the plugin's row offers Uninstall");
        await admin.ShotAsync("plugins-installed");
        Assert.That(await Suite.Store.PluginErrorsSinceAsync(since), Is.Empty, "System > Log after install");
    }

    [Test, Order(2)]
    public async Task One_click_discounts_are_created_limited_to_their_segments_and_a_new_guest_gets_neither()
    {
        var admin = Report.Track(await Admin.SignInAsync());
        await admin.GoAsync("/Admin/Segmentation/Configure");
        await admin.ShotAsync("configure");
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
            Assert.That(await RequirementsAsync(id), Is.EqualTo(1), name + ": the segment requirement inside the default group");
            await admin.GoAsync($"/Admin/Discount/Edit/{id}");
            await admin.ShotAsync("discount-" + name);
        }

        var guest = Report.Track(await Shop.NewGuestAsync());
        await guest.AddToCartAsync(Book);
        Assert.That(await guest.CartTotalsAsync(), Does.Not.Contain("Discount"), "a new guest is in neither segment");
        await guest.ShotAsync("guest-cart-installed");
    }

    [Test, Order(3)]
    public async Task Uninstall_names_and_switches_off_the_segment_discounts_so_a_new_guest_pays_full_price()
    {
        var since = DateTime.UtcNow;
        var admin = Report.Track(await Admin.SignInAsync());
        await admin.MarkAsync("uninstall");
        var warning = (await admin.NotificationsAsync()).SingleOrDefault(n => n.Contains("switches off these discounts"));
        await admin.ShotAsync("plugins-uninstall-pending");
        Assert.That(warning, Does.Contain($"\"{ShippingDiscount}\"").And.Contain($"\"{CartOfferDiscount}\"").And.Contain("Discard changes"));
        await admin.ApplyChangesAsync();
        Assert.That(await admin.IsInstalledAsync(), Is.False);
        await admin.ShotAsync("plugins-uninstalled");

        // what a shopper sees first; before, the emptied requirement groups gave every one 10 % off and half-price shipping
        var guest = Report.Track(await Shop.NewGuestAsync());
        await guest.AddToCartAsync(Book);
        var totals = await guest.CartTotalsAsync();
        await guest.ShotAsync("guest-cart-uninstalled");
        Assert.That(totals, Does.Contain("$24.00").And.Not.Contain("Discount"));
        var shipping = await guest.ShippingOptionsAsync();
        await guest.ShotAsync("guest-shipping-uninstalled");
        Assert.That(shipping, Has.Some.StartsWith("Ground ($10.00)"));

        foreach (var name in new[] { ShippingDiscount, CartOfferDiscount })
        {
            var id = await DiscountIdAsync(name);
            Assert.That(await Suite.Store.ScalarAsync<bool>("""SELECT "IsActive" FROM "Discount" WHERE "Id" = @id""", ("id", id)), Is.False, name);
            Assert.That(await Suite.Store.ScalarAsync<string>("""SELECT "AdminComment" FROM "Discount" WHERE "Id" = @id""", ("id", id)),
                Does.Contain("when Customer segmentation was uninstalled"), name);
        }

        Assert.That(await Suite.Store.ScalarAsync<long>("""SELECT count(*) FROM "DiscountRequirement" WHERE "DiscountRequirementRuleSystemName" = 'Misc.Segmentation'"""),
            Is.Zero, "requirements of the plugin left");
        Assert.That(await Suite.Store.ScalarAsync<long>("""SELECT count(*) FROM "Log" WHERE "LogLevelId" = 30 AND "CreatedOnUtc" >= @since AND "ShortMessage" LIKE '%switched off the discounts%'""",
            ("since", since)), Is.EqualTo(1), "the warning in System > Log");

        // nothing else of the plugin is left behind
        var residue = new Dictionary<string, string>
        {
            ["tables"] = """SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'Segmentation%'""",
            ["settings"] = """SELECT count(*) FROM "Setting" WHERE lower("Name") LIKE 'segmentationsettings.%'""",
            ["locale resources"] = """SELECT count(*) FROM "LocaleStringResource" WHERE lower("ResourceName") LIKE 'plugins.misc.segmentation.%'""",
            ["schedule tasks"] = """SELECT count(*) FROM "ScheduleTask" WHERE "Type" LIKE 'Nop.Plugin.Misc.Segmentation.%'""",
            ["message template"] = """SELECT count(*) FROM "MessageTemplate" WHERE "Name" = 'Segmentation.AbandonedCart.CustomerReminder'""",
            ["permission"] = """SELECT count(*) FROM "PermissionRecord" WHERE "SystemName" = 'Customers.ManageCustomerSegments'"""
        };
        foreach (var (what, sql) in residue)
            Assert.That(await Suite.Store.ScalarAsync<long>(sql), Is.Zero, what + " of the plugin left");
    }

    private static async Task<int> DiscountIdAsync(string name) =>
        await Suite.Store.ScalarAsync<int>("""SELECT "Id" FROM "Discount" WHERE "Name" = @name ORDER BY "Id" DESC LIMIT 1""", ("name", name)) is var id and > 0
            ? id
            : throw new AssertionException($"No discount named \"{name}\".");

    private static Task<long> RequirementsAsync(int discountId) =>
        Suite.Store.ScalarAsync<long>("""SELECT count(*) FROM "DiscountRequirement" WHERE "DiscountId" = @id AND "DiscountRequirementRuleSystemName" = 'Misc.Segmentation' AND "ParentId" IS NOT NULL""",
            ("id", discountId));
}
