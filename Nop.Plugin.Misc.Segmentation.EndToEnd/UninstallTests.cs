using Nop.Plugin.Misc.Segmentation.EndToEnd.Infrastructure;
using static Nop.Plugin.Misc.Segmentation.EndToEnd.Infrastructure.StoreData;

namespace Nop.Plugin.Misc.Segmentation.EndToEnd;

/// <summary>Scenario 7, last: uninstalling leaves no discount widened and nothing of the plugin behind.</summary>
[TestFixture, Order(100), NonParallelizable]
public class UninstallTests
{
    [TearDown]
    public Task EndAsync() => Report.EndAsync();

    [Test]
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
}
