using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Nop.Plugin.Misc.Segmentation.EndToEnd.Infrastructure;

/// <summary>A browser session of one person in the store, with a screenshot of every page a scenario looks at.</summary>
public abstract class Session : IAsyncDisposable
{
    private static int _shots;
    private readonly IBrowserContext _context;

    protected Session(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        // nopCommerce's checkout reports refused steps in alert boxes, which the browser dismisses unseen
        page.Dialog += (_, dialog) => Dialogs.Add(dialog.Message);
    }

    /// <summary>The alert texts the pages showed, in order.</summary>
    public List<string> Dialogs { get; } = [];

    public IPage Page { get; }

    protected static string Url => Suite.Store.Url;

    protected static async Task<(IBrowserContext, IPage)> OpenAsync()
    {
        var context = await Suite.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            UserAgent = Shop.UserAgent, ViewportSize = new ViewportSize { Width = 1600, Height = 1000 }
        });
        // two cores shared by the store, its database and the browser: pages can be slow, never this slow
        context.SetDefaultTimeout(45_000);
        return (context, await context.NewPageAsync());
    }

    /// <summary>Keeps the page as a numbered PNG in the artifacts folder and returns its path.</summary>
    public async Task<string> ShotAsync(string name)
    {
        var path = Path.Combine(Suite.Artifacts, $"{Interlocked.Increment(ref _shots):D2}-{Regex.Replace(name, "[^A-Za-z0-9]+", "-")}.png");
        // headless, the admin layout lays its menu over the page: the shot leaves it out to show the page itself
        if (this is Admin && await Page.Locator(".main-sidebar").CountAsync() > 0)
            await Page.AddStyleTagAsync(new() { Content = ".main-sidebar{display:none!important}.content-wrapper,.main-header,.main-footer{margin-left:0!important}" });
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Opens a page of the store, and keeps a screenshot of it: every page a scenario visits is in the artifacts.</summary>
    public async Task GoAsync(string path)
    {
        var response = await Page.GotoAsync(Url + path);
        await ShotAsync(GetType().Name + " " + path.Split('?')[0]);
        Assert.That(response?.Status, Is.LessThan(400), $"GET {path}");
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}

/// <summary>The store owner in the admin area.</summary>
public sealed class Admin : Session
{
    private Admin(IBrowserContext context, IPage page) : base(context, page)
    {
    }

    public static async Task<Admin> SignInAsync()
    {
        var (context, page) = await OpenAsync();
        var admin = new Admin(context, page);
        // straight to the plugin list: the dashboard's reports, cut short by the next page, log 400s
        await admin.GoAsync("/login?returnUrl=%2FAdmin%2FPlugin%2FList");
        await page.FillAsync("#Email", Suite.Store.AdminEmail);
        await page.FillAsync("#Password", Suite.Store.AdminPassword);
        await page.ClickAsync("button.login-button");
        await page.WaitForURLAsync(new Regex("/Admin/Plugin/List", RegexOptions.IgnoreCase));
        return admin;
    }

    private const string PluginRow = "Misc.Segmentation";

    public async Task OpenPluginsAsync()
    {
        await GoAsync("/Admin/Plugin/List");
        // rows come from an AJAX call after the page: every plugin row has an install or uninstall button
        await Page.Locator("#plugins-local-grid button[name*='-plugin-link-']").First.WaitForAsync();
    }

    public async Task UploadAsync(string zip)
    {
        await OpenPluginsAsync();
        await Page.ClickAsync("button[name='uploadplugin']");
        await Page.SetInputFilesAsync("#archivefile", zip);
        await Page.RunAndWaitForNavigationAsync(() => Page.ClickAsync("#upload-plugin"));
    }

    /// <summary>Whether the plugin's row is in the list (an uploaded plugin is listed once the store has restarted).</summary>
    public async Task<bool> IsListedAsync()
    {
        await OpenPluginsAsync();
        return await Page.Locator($"button[name$='-plugin-link-{PluginRow}']").CountAsync() > 0;
    }

    /// <summary>Clicks Install or Uninstall in the plugin's row; the change waits for the restart.</summary>
    public async Task MarkAsync(string action)
    {
        await OpenPluginsAsync();
        await Page.RunAndWaitForNavigationAsync(() => Page.ClickAsync($"button[name='{action}-plugin-link-{PluginRow}']"));
    }

    /// <summary>
    /// "Restart application to apply changes", then waits for the new process: the old one answers for a while after the
    /// click, with the changes still pending, so the sign is a plugin list without the button.
    /// </summary>
    public async Task ApplyChangesAsync()
    {
        await Page.ClickAsync("button[name='plugin-apply-changes']");
        var until = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            await Task.Delay(1000);
            try
            {
                await Suite.Store.WaitUntilUpAsync(until - DateTime.UtcNow);
                await Page.GotoAsync(Url + "/Admin/Plugin/List");
                await Page.Locator("#plugins-local-grid button[name*='-plugin-link-']").First.WaitForAsync(new() { Timeout = 15_000 });
                if (await Page.Locator("button[name='plugin-apply-changes']").CountAsync() == 0)
                    return;
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException && DateTime.UtcNow < until)
            {
                // the store is between processes
            }

            if (DateTime.UtcNow > until)
                throw new TimeoutException("The store did not come back with the changes applied within 3 minutes.");
        }
    }

    public async Task<bool> IsInstalledAsync()
    {
        await OpenPluginsAsync();
        return await Page.Locator($"button[name='uninstall-plugin-link-{PluginRow}']").CountAsync() > 0;
    }

    /// <summary>The gear menu's "Clear cache" in the admin header.</summary>
    public async Task ClearCacheAsync()
    {
        await GoAsync("/Admin/Plugin/List");
        await Page.ClickAsync(".main-header a.nav-link[data-toggle='dropdown']:has(i.fa-gears)");
        await Page.RunAndWaitForNavigationAsync(() => Page.ClickAsync(".maintenance-menu form[action*='ClearCache'] button"));
    }

    /// <summary>System > Schedule tasks > Run now for the task of that name; returns once it has run.</summary>
    public async Task RunTaskAsync(string name)
    {
        await GoAsync("/Admin/ScheduleTask/List");
        var run = Page.Locator("#schedule-tasks-grid tr", new() { HasText = name }).Locator("a.btn-success");
        await Page.RunAndWaitForNavigationAsync(() => run.ClickAsync());
        Assert.That(await NotificationsAsync(), Has.Some.Contains("Schedule task was run"), name);
    }

    /// <summary>The texts of the notifications the last page showed (success, warning and error alerts).</summary>
    public async Task<IReadOnlyList<string>> NotificationsAsync() =>
        (await Page.Locator(".alert").AllInnerTextsAsync()).Select(t => t.Trim()).Where(t => t.Length > 0).ToList();
}

/// <summary>A shopper on the storefront.</summary>
public sealed class Shop : Session
{
    /// <summary>nopCommerce serves library user agents as its search-engine account, which has no cart.</summary>
    public const string UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

    private Shop(IBrowserContext context, IPage page) : base(context, page)
    {
    }

    public static async Task<Shop> NewGuestAsync()
    {
        var (context, page) = await OpenAsync();
        return new Shop(context, page);
    }

    /// <summary>A new visitor who registers an account with the store's own form and stays signed in.</summary>
    public static async Task<Shop> RegisterAsync(string firstName, string lastName, string email, string password = "Shopper123!")
    {
        var shop = await NewGuestAsync();
        await shop.GoAsync("/register");
        await shop.Page.FillAsync("#FirstName", firstName);
        await shop.Page.FillAsync("#LastName", lastName);
        await shop.Page.FillAsync("#Email", email);
        await shop.Page.FillAsync("#Password", password);
        await shop.Page.FillAsync("#ConfirmPassword", password);
        await shop.Page.RunAndWaitForNavigationAsync(() => shop.Page.ClickAsync("#register-button"));
        Assert.That(shop.Page.Url, Does.Contain("registerresult"), "registration: " + await shop.Page.Locator(".message-error, .field-validation-error").AllInnerTextsAsync());
        return shop;
    }

    /// <summary>Adds a product of the sample catalogue from its page (nopCommerce's product URL is its SE name).</summary>
    public async Task AddToCartAsync(string productPath)
    {
        await GoAsync(productPath);
        await Page.Locator(".add-to-cart-button").First.ClickAsync();
        await Page.Locator(".bar-notification.success").WaitForAsync();
    }

    public async Task<string> CartTotalsAsync()
    {
        await GoAsync("/cart");
        return await Page.Locator(".cart-footer .totals").InnerTextAsync();
    }

    /// <summary>
    /// Goes through one-page checkout up to the shipping methods and returns their labels, e.g. "Ground ($10.00)":
    /// the price nopCommerce will charge, discounts applied. A guest checks out as a guest; a first order fills in
    /// the billing address, later ones keep the saved one.
    /// </summary>
    public async Task<IReadOnlyList<string>> ShippingOptionsAsync()
    {
        await GoAsync("/cart");
        await Page.CheckAsync("#termsofservice");
        await Page.RunAndWaitForNavigationAsync(() => Page.ClickAsync("#checkout"));
        if (await Page.Locator(".checkout-as-guest-button").CountAsync() > 0)
            await Page.RunAndWaitForNavigationAsync(() => Page.ClickAsync(".checkout-as-guest-button"));

        if (await Page.Locator("#BillingNewAddress_FirstName").IsVisibleAsync())
            await FillBillingAddressAsync();
        await Page.ClickAsync("#billing-buttons-container .new-address-next-step-button");
        var methods = Page.Locator("#checkout-step-shipping-method .method-name label");
        await methods.First.WaitForAsync();
        return (await methods.AllInnerTextsAsync()).Select(t => t.Trim()).ToList();
    }

    /// <summary>From the shipping methods step on: Ground, Check / Money Order, confirm. Returns the new order's id.</summary>
    public async Task<int> PlaceOrderAsync(Func<Task> atConfirmation = null)
    {
        await Page.CheckAsync("input[name='shippingoption'][value^='Ground___']");
        await Page.ClickAsync("#shipping-method-buttons-container .shipping-method-next-step-button");
        await Page.CheckAsync("input[name='paymentmethod'][value='Payments.CheckMoneyOrder']");
        await Page.ClickAsync("#payment-method-buttons-container .payment-method-next-step-button");
        await Page.Locator("#payment-info-buttons-container .payment-info-next-step-button").ClickAsync();
        var confirm = Page.Locator("#confirm-order-buttons-container .confirm-order-next-step-button");
        await confirm.WaitForAsync();
        if (atConfirmation != null)
            await atConfirmation();
        await confirm.ClickAsync();
        await Page.WaitForURLAsync(new Regex("/checkout/completed", RegexOptions.IgnoreCase));
        var number = await Page.Locator(".order-number strong").InnerTextAsync();
        return int.Parse(Regex.Match(number, @"\d+").Value);
    }

    private async Task FillBillingAddressAsync()
    {
        await Page.FillAsync("#BillingNewAddress_FirstName", "Guest");
        await Page.FillAsync("#BillingNewAddress_LastName", "Shopper");
        // a registered customer's e-mail is there already
        if (string.IsNullOrEmpty(await Page.InputValueAsync("#BillingNewAddress_Email")))
            await Page.FillAsync("#BillingNewAddress_Email", $"guest{Guid.NewGuid():N}@example.test");
        // choosing the country reloads the states over AJAX; a state chosen before that answer is lost again
        await Page.RunAndWaitForResponseAsync(
            () => Page.SelectOptionAsync("#BillingNewAddress_CountryId", new SelectOptionValue { Label = "United States of America" }),
            r => r.Url.Contains("GetStatesByCountryId", StringComparison.OrdinalIgnoreCase));
        await Page.SelectOptionAsync("#BillingNewAddress_StateProvinceId", new SelectOptionValue { Label = "New York" });
        await Page.FillAsync("#BillingNewAddress_City", "Springfield");
        await Page.FillAsync("#BillingNewAddress_Address1", "1 Main Street");
        await Page.FillAsync("#BillingNewAddress_ZipPostalCode", "10001");
        await Page.FillAsync("#BillingNewAddress_PhoneNumber", "5550100");
    }
}
