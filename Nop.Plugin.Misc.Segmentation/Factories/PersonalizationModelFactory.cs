using System.Globalization;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Core.Http;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Models.Public;
using Nop.Plugin.Misc.Segmentation.Services.Offers;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Services.Catalog;
using Nop.Services.Customers;
using Nop.Services.Directory;
using Nop.Services.Helpers;
using Nop.Services.Localization;
using Nop.Web.Framework.Mvc.Routing;

namespace Nop.Plugin.Misc.Segmentation.Factories;

/// <summary>
/// Builds what a widget zone shows the current visitor: which blocks, in which words. What a shopper is offered is
/// <see cref="ShopperOfferService"/>'s decision. Runs on page views, so everything per customer comes from the
/// plugin's caches, and a guest without a cart reads nothing of the plugin's at all.
/// </summary>
public class PersonalizationModelFactory
{
    private readonly CustomerStateService _stateService;
    private readonly GreetingService _greetingService;
    private readonly ICurrencyService _currencyService;
    private readonly ICustomerService _customerService;
    private readonly IDateTimeHelper _dateTimeHelper;
    private readonly ILocalizationService _localizationService;
    private readonly INopUrlHelper _nopUrlHelper;
    private readonly IPriceFormatter _priceFormatter;
    private readonly IStoreContext _storeContext;
    private readonly IWorkContext _workContext;
    private readonly SegmentationSettings _settings;
    private readonly SegmentMembershipService _membershipService;
    private readonly ShopperOfferService _offerService;
    private readonly TimeProvider _time;

    /// <summary>
    /// The blocks this request has shown already. The factory is scoped to the request, so when a page renders two of
    /// a block's zones (a theme may render the order summary inside a checkout step) the block appears once.
    /// </summary>
    private readonly HashSet<string> _shown = [];

    public PersonalizationModelFactory(CustomerStateService stateService,
        GreetingService greetingService,
        ICurrencyService currencyService,
        ICustomerService customerService,
        IDateTimeHelper dateTimeHelper,
        ILocalizationService localizationService,
        INopUrlHelper nopUrlHelper,
        IPriceFormatter priceFormatter,
        IStoreContext storeContext,
        IWorkContext workContext,
        SegmentationSettings settings,
        SegmentMembershipService membershipService,
        ShopperOfferService offerService,
        TimeProvider time)
    {
        _stateService = stateService;
        _greetingService = greetingService;
        _currencyService = currencyService;
        _customerService = customerService;
        _dateTimeHelper = dateTimeHelper;
        _localizationService = localizationService;
        _nopUrlHelper = nopUrlHelper;
        _priceFormatter = priceFormatter;
        _storeContext = storeContext;
        _workContext = workContext;
        _settings = settings;
        _membershipService = membershipService;
        _offerService = offerService;
        _time = time;
    }

    /// <summary>The zones the owner chose for any of the widgets.</summary>
    public static IList<string> ZonesOf(SegmentationSettings settings) =>
        (settings.GreetingWidgetZones ?? []).Concat(settings.LoyaltyWidgetZones ?? []).Concat(settings.CartOfferWidgetZones ?? [])
        .Where(z => !string.IsNullOrWhiteSpace(z)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static bool In(List<string> zones, string widgetZone) =>
        zones?.Contains(widgetZone, StringComparer.OrdinalIgnoreCase) == true;

    /// <summary>The zone's model for the current visitor, or null when it shows them nothing.</summary>
    public async Task<PersonalizationModel> PrepareAsync(string widgetZone)
    {
        var (showGreeting, showLoyalty, showOffer) = (In(_settings.GreetingWidgetZones, widgetZone) && !_shown.Contains(GreetingBlock),
            In(_settings.LoyaltyWidgetZones, widgetZone) && !_shown.Contains(LoyaltyBlock), In(_settings.CartOfferWidgetZones, widgetZone) && !_shown.Contains(OfferBlock));
        if (!showGreeting && !showLoyalty && !showOffer)
            return null;

        var customer = await _workContext.GetCurrentCustomerAsync();
        // search engines and the task runner are system accounts: nobody to greet
        if (customer == null || customer.IsSystemAccount || customer.Deleted)
            return null;

        var store = await _storeContext.GetCurrentStoreAsync();
        var now = _time.GetUtcNow().UtcDateTime;
        var registered = await _customerService.IsRegisteredAsync(customer);
        var returning = customer.CreatedOnUtc <= now.AddMinutes(-SegmentationDefaults.VisitMinutes);

        // only a customer who can have an offer or loyalty figures costs a (cached) read of the plugin's tables
        var state = (showLoyalty && registered) || (showOffer && (registered || customer.HasShoppingCartItems))
            ? await _stateService.GetAsync(customer.Id)
            : null;
        IReadOnlyList<int> segments = registered || state != null ? await _membershipService.GetSegmentIdsAsync(customer.Id, store.Id) : [];

        var model = new PersonalizationModel
        {
            WidgetZone = widgetZone,
            GreetingHtml = showGreeting ? await GreetingAsync(customer, store, registered, returning, segments) : null,
            Loyalty = showLoyalty && registered ? await LoyaltyAsync(customer, state, segments, now) : null,
            // an emptied cart's record closes at the next task run; until then the offer is not announced for nothing
            CartOffer = showOffer && state != null && customer.HasShoppingCartItems ? await CartOfferAsync(state, segments, store.Id, widgetZone, now) : null
        };
        if (model.GreetingHtml != null)
            _shown.Add(GreetingBlock);
        if (model.Loyalty != null)
            _shown.Add(LoyaltyBlock);
        if (model.CartOffer != null)
            _shown.Add(OfferBlock);
        return model.IsEmpty ? null : model;
    }

    private const string GreetingBlock = "greeting", LoyaltyBlock = "loyalty", OfferBlock = "offer";

    private async Task<string> GreetingAsync(Customer customer, Nop.Core.Domain.Stores.Store store, bool registered, bool returning,
        IReadOnlyList<int> segments)
    {
        var audience = !returning ? GreetingAudience.FirstVisit : registered ? GreetingAudience.SignedIn : GreetingAudience.ReturningGuest;
        var language = await _workContext.GetWorkingLanguageAsync();
        var template = GreetingService.Choose(await _greetingService.GetAllAsync(), audience, segments, store.Id, language?.Id ?? 0);
        // a first visit gets no greeting unless the owner wrote one; a customer without a name is not greeted with an empty one
        var defaultKey = audience == GreetingAudience.SignedIn && string.IsNullOrEmpty(FirstNameOf(customer)) ? "SignedInWithoutName" : audience.ToString();
        var body = template?.Body ?? (audience == GreetingAudience.FirstVisit
            ? null
            : await _localizationService.GetResourceAsync(SegmentationDefaults.ResourcePrefix + "Greeting.Default." + defaultKey));
        if (string.IsNullOrWhiteSpace(body))
            return null;

        return GreetingService.Render(body, new Dictionary<string, string>
        {
            ["%Customer.FirstName%"] = FirstNameOf(customer),
            ["%Customer.LastName%"] = customer.LastName,
            ["%Store.Name%"] = store.Name,
            ["%Login.Url%"] = _nopUrlHelper.RouteUrl(NopRouteNames.General.LOGIN)
        });
    }

    /// <summary>The first name, else the user name (up to the @ when it is an e-mail address).</summary>
    public static string FirstNameOf(Customer customer)
    {
        if (!string.IsNullOrWhiteSpace(customer.FirstName))
            return customer.FirstName.Trim();
        var username = customer.Username ?? string.Empty;
        var at = username.IndexOf('@');
        return (at > 0 ? username[..at] : username).Trim();
    }

    private async Task<LoyaltyModel> LoyaltyAsync(Customer customer, CustomerState state, IReadOnlyList<int> segments, DateTime now)
    {
        if (await _offerService.GetLoyaltyAsync(customer, state, segments, now) is not { } standing)
            return null;

        var upgrade = standing.Upgrade.ByRole
            ? await ResourceAsync("Widget.Loyalty.FreeShipping")
            : string.Format(await ResourceAsync("Widget.Loyalty.ShippingDiscount"), await DiscountValueAsync(standing.Upgrade.Discount));
        var progress = standing.Progress;
        switch (standing.Kind)
        {
            case LoyaltyStandingKind.Member:
                return new LoyaltyModel { IsLoyal = true, Text = string.Format(await ResourceAsync("Widget.Loyalty.Member"), upgrade) };
            case LoyaltyStandingKind.OrdersToGo:
                var done = _settings.LoyalMinOrders - progress.OrdersToGo;
                return new LoyaltyModel
                {
                    Text = string.Format(await ResourceAsync(progress.OrdersToGo == 1 ? "Widget.Loyalty.OneOrderToGo" : "Widget.Loyalty.OrdersToGo"),
                        progress.OrdersToGo, progress.PeriodDays, upgrade),
                    OrdersDone = done,
                    OrdersNeeded = _settings.LoyalMinOrders,
                    ProgressLabel = string.Format(await ResourceAsync("Widget.Loyalty.Progress"), done, _settings.LoyalMinOrders)
                };
            default:
                return new LoyaltyModel
                {
                    Text = string.Format(await ResourceAsync("Widget.Loyalty.AmountToGo"), await FormatAmountAsync(progress.AmountToGo ?? 0),
                        progress.PeriodDays, upgrade)
                };
        }
    }

    private async Task<CartOfferModel> CartOfferAsync(CustomerState state, IReadOnlyList<int> segments, int storeId, string widgetZone, DateTime now)
    {
        if (await _offerService.GetCartOfferAsync(state, segments, storeId, now) is not { } standing)
            return null;

        var expires = await _dateTimeHelper.ConvertToUserTimeAsync(standing.Offer.ExpiresOnUtc, DateTimeKind.Utc);
        return new CartOfferModel
        {
            Text = string.Format(await ResourceAsync("Widget.CartOffer.Text"), await DiscountValueAsync(standing.Discount),
                expires.ToString("g", CultureInfo.CurrentCulture)),
            // the order summary zones are on the cart page itself
            CartUrl = widgetZone.StartsWith("order_summary", StringComparison.OrdinalIgnoreCase) ? null : _nopUrlHelper.RouteUrl(NopRouteNames.General.CART)
        };
    }

    private async Task<string> DiscountValueAsync(Discount discount) =>
        discount.UsePercentage
            ? discount.DiscountPercentage.ToString("0.##", CultureInfo.CurrentCulture) + "%"
            : await FormatAmountAsync(discount.DiscountAmount);

    /// <summary>An amount in the primary store currency, in the visitor's currency.</summary>
    private async Task<string> FormatAmountAsync(decimal amount) =>
        await _priceFormatter.FormatPriceAsync(await _currencyService.ConvertFromPrimaryStoreCurrencyAsync(amount, await _workContext.GetWorkingCurrencyAsync()));

    private Task<string> ResourceAsync(string key) => _localizationService.GetResourceAsync(SegmentationDefaults.ResourcePrefix + key);
}
