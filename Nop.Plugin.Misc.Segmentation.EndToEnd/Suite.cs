using Microsoft.Playwright;

using Nop.Plugin.Misc.Segmentation.EndToEnd.Infrastructure;

namespace Nop.Plugin.Misc.Segmentation.EndToEnd;

/// <summary>
/// One store and one browser for the whole run: the scenarios follow one another as an owner's day would (upload,
/// set up, shop, uninstall), so each fixture picks up the store where the one before left it.
/// </summary>
[SetUpFixture]
public class Suite
{
    public static RealStore Store { get; private set; }

    public static IBrowser Browser { get; private set; }

    /// <summary>Screenshots and logs of the run; README names the folder, CI keeps it.</summary>
    public static string Artifacts { get; private set; }

    /// <summary>The package the scenarios upload, built from this checkout.</summary>
    public static string Package { get; private set; }

    public static DateTime StartedUtc { get; private set; }

    private IPlaywright _playwright;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        StartedUtc = DateTime.UtcNow;
        var root = RepositoryRoot();
        Artifacts = Environment.GetEnvironmentVariable("SEGMENTATION_E2E_ARTIFACTS") is { Length: > 0 } named
            ? Path.GetFullPath(named)
            : Path.Combine(root, "artifacts", "e2e");
        if (Directory.Exists(Artifacts))
            Directory.Delete(Artifacts, true);
        Directory.CreateDirectory(Artifacts);

        if (RealStore.Unavailable() is { } why)
        {
            // under CI a missing store is a failure, never a quiet pass
            if (Environment.GetEnvironmentVariable("CI") == "true")
                Assert.Fail(why);
            Assert.Ignore(why);
        }

        var chromium = Environment.GetEnvironmentVariable("SEGMENTATION_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium))
            Assert.Fail($"No browser at {chromium}: install Debian's chromium package, or set SEGMENTATION_CHROMIUM.");

        var package = Path.Combine(Artifacts, "package");
        var built = await RealStore.RunAsync("bash", [Path.Combine(root, "build", "package.sh"), package], Path.Combine(Artifacts, "package.log"));
        Package = built.Trim().Split('\n').Last().Trim();

        Store = await RealStore.StartOrConnectAsync(Artifacts);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            // the machine's network is closed: without these Chromium keeps calling home and failing
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"]
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (Browser != null)
            await Browser.CloseAsync();
        _playwright?.Dispose();
        if (Store != null)
        {
            if (Store.SiteLog != null && File.Exists(Store.SiteLog))
                File.Copy(Store.SiteLog, Path.Combine(Artifacts, "site.log"), true);
            await Store.DisposeAsync();
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "plugin.json")) && Directory.Exists(Path.Combine(dir.FullName, "build")))
                return dir.FullName;
        throw new InvalidOperationException("The suite runs from a build inside the repository.");
    }
}
