using Nop.Plugin.Misc.Segmentation.EndToEnd.Infrastructure;

namespace Nop.Plugin.Misc.Segmentation.EndToEnd;

/// <summary>Scenario 1: the package goes in as an owner puts it in. The fixtures after this one find the plugin installed.</summary>
[TestFixture, Order(1), NonParallelizable]
public class InstallTests
{
    [TearDown]
    public Task EndAsync() => Report.EndAsync();

    [Test]
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
}
