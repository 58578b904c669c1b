using System.Globalization;
using System.Net;
using System.Text;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Directory;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Stores;
using Nop.Core.Events;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Offers;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Services.Catalog;
using Nop.Services.Customers;
using Nop.Services.Directory;
using Nop.Services.Discounts;
using Nop.Services.Helpers;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.Stores;

namespace Nop.Plugin.Misc.Segmentation.Services.AbandonedCarts;

/// <summary>
/// Queues one abandoned-cart reminder through nopCommerce's message pipeline: the owner's template (localized, per
/// store), the store and customer tokens every customer message has, and the cart's own tokens. Sending is then
/// nopCommerce's queued-e-mail task, with the template's own delay.
/// </summary>
public class CartReminderMessageService
{
    /// <summary>The tokens this plugin adds, as the template editor lists them.</summary>
    public static readonly string[] Tokens =
    [
        "%AbandonedCart.Items%", "%AbandonedCart.ItemCount%", "%AbandonedCart.Value%", "%AbandonedCart.URL%", "%AbandonedCart.LoginURL%",
        "%AbandonedCart.HasOffer%", "%AbandonedCart.Offer%", "%AbandonedCart.OfferExpiresOn%", "%AbandonedCart.ReminderNumber%"
    ];

    /// <summary>The template's text at install; the owner edits it, per language and store, in the template editor.</summary>
    public const string DefaultSubject = "%Store.Name%: your cart is waiting";

    public const string DefaultBody =
        "<p><a href=\"%Store.URL%\">%Store.Name%</a></p>"
        + "<p>Hello %Customer.FullName%,</p>"
        + "<p>You left these items in your cart:</p>%AbandonedCart.Items%"
        + "<p>Cart value: %AbandonedCart.Value%</p>"
        + "%if (%AbandonedCart.HasOffer%) <p>Complete your order before %AbandonedCart.OfferExpiresOn% and take <strong>%AbandonedCart.Offer%</strong> off: "
        + "the offer is yours alone and applies in the cart when you are signed in.</p> endif%"
        + "<p><a href=\"%AbandonedCart.URL%\">Return to your cart</a></p>"
        + "<p>Not signed in on this device? <a href=\"%AbandonedCart.LoginURL%\">Sign in</a> and your cart is there.</p>";

    private readonly CurrencySettings _currencySettings;
    private readonly EmailAccountSettings _emailAccountSettings;
    private readonly ICurrencyService _currencyService;
    private readonly ICustomerService _customerService;
    private readonly IDateTimeHelper _dateTimeHelper;
    private readonly IDiscountService _discountService;
    private readonly IEmailAccountService _emailAccountService;
    private readonly IEventPublisher _eventPublisher;
    private readonly ILanguageService _languageService;
    private readonly ILocalizationService _localizationService;
    private readonly IMessageTemplateService _messageTemplateService;
    private readonly IMessageTokenProvider _messageTokenProvider;
    private readonly IPriceFormatter _priceFormatter;
    private readonly IRepository<Product> _productRepository;
    private readonly IRepository<ShoppingCartItem> _cartItemRepository;
    private readonly IStoreService _storeService;
    private readonly IWorkflowMessageService _workflowMessageService;
    private readonly SegmentMembershipService _membershipService;

    public CartReminderMessageService(CurrencySettings currencySettings,
        EmailAccountSettings emailAccountSettings,
        ICurrencyService currencyService,
        ICustomerService customerService,
        IDateTimeHelper dateTimeHelper,
        IDiscountService discountService,
        IEmailAccountService emailAccountService,
        IEventPublisher eventPublisher,
        ILanguageService languageService,
        ILocalizationService localizationService,
        IMessageTemplateService messageTemplateService,
        IMessageTokenProvider messageTokenProvider,
        IPriceFormatter priceFormatter,
        IRepository<Product> productRepository,
        IRepository<ShoppingCartItem> cartItemRepository,
        IStoreService storeService,
        IWorkflowMessageService workflowMessageService,
        SegmentMembershipService membershipService)
    {
        _currencySettings = currencySettings;
        _emailAccountSettings = emailAccountSettings;
        _currencyService = currencyService;
        _customerService = customerService;
        _dateTimeHelper = dateTimeHelper;
        _discountService = discountService;
        _emailAccountService = emailAccountService;
        _eventPublisher = eventPublisher;
        _languageService = languageService;
        _localizationService = localizationService;
        _messageTemplateService = messageTemplateService;
        _messageTokenProvider = messageTokenProvider;
        _priceFormatter = priceFormatter;
        _productRepository = productRepository;
        _cartItemRepository = cartItemRepository;
        _storeService = storeService;
        _workflowMessageService = workflowMessageService;
        _membershipService = membershipService;
    }

    /// <summary>
    /// The store's active reminder template, null while the owner has it switched off. A copy limited to the store
    /// comes before the one for all stores (nopCommerce would send both; a customer gets one reminder).
    /// </summary>
    public async Task<MessageTemplate> GetTemplateAsync(int storeId) =>
        (await _messageTemplateService.GetMessageTemplatesByNameAsync(SegmentationDefaults.CartReminderTemplateName, storeId))
        .Where(t => t.IsActive).OrderByDescending(t => t.LimitedToStores).ThenBy(t => t.Id).FirstOrDefault();

    /// <summary>
    /// Queues reminder <paramref name="reminderNumber"/> about the cart to the customer; returns the queued e-mail's id,
    /// or 0 when there is nothing to send it from (the store or every e-mail account is gone).
    /// </summary>
    public async Task<int> QueueAsync(MessageTemplate template, AbandonedCart cart, Customer customer, int reminderNumber,
        SegmentationSettings settings, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(cart);
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(customer.Email))
            throw new ArgumentException($"Customer {customer.Id} has no e-mail address to remind.", nameof(customer));

        var store = await _storeService.GetStoreByIdAsync(cart.StoreId);
        var language = store == null ? null : await LanguageOfAsync(customer, store.Id);
        var languageId = language?.Id ?? 0;
        var account = await EmailAccountOfAsync(template, languageId);
        if (store == null || account == null)
            return 0;

        var tokens = new List<Token>();
        await _messageTokenProvider.AddStoreTokensAsync(tokens, store, account, languageId);
        await _messageTokenProvider.AddCustomerTokensAsync(tokens, customer);
        tokens.AddRange(await CartTokensAsync(cart, customer, store, languageId, Culture(language), reminderNumber, settings, nowUtc));
        // as nopCommerce does for its own messages, so that other plugins may add tokens
        await _eventPublisher.PublishAsync(new MessageTokensAddedEvent(template, tokens));

        return await _workflowMessageService.SendNotificationAsync(template, account, languageId, tokens,
            customer.Email, await _customerService.GetCustomerFullNameAsync(customer));
    }

    /// <summary>As nopCommerce picks it: the template's account for the language, else its own, else the default, else any.</summary>
    private async Task<EmailAccount> EmailAccountOfAsync(MessageTemplate template, int languageId)
    {
        var accountId = await _localizationService.GetLocalizedAsync(template, t => t.EmailAccountId, languageId);
        return await _emailAccountService.GetEmailAccountByIdAsync(accountId > 0 ? accountId : template.EmailAccountId)
            ?? await _emailAccountService.GetEmailAccountByIdAsync(_emailAccountSettings.DefaultEmailAccountId)
            ?? (await _emailAccountService.GetAllEmailAccountsAsync()).FirstOrDefault();
    }

    /// <summary>The customer's language if it is still published, else the store's first, else any.</summary>
    private async Task<Nop.Core.Domain.Localization.Language> LanguageOfAsync(Customer customer, int storeId)
    {
        if (customer.LanguageId is > 0 and var id && await _languageService.GetLanguageByIdAsync(id) is { Published: true } chosen)
            return chosen;
        return (await _languageService.GetAllLanguagesAsync(storeId: storeId)).FirstOrDefault()
            ?? (await _languageService.GetAllLanguagesAsync()).FirstOrDefault();
    }

    private static CultureInfo Culture(Nop.Core.Domain.Localization.Language language)
    {
        try
        {
            return string.IsNullOrEmpty(language?.LanguageCulture) ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(language.LanguageCulture);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }

    private async Task<IList<Token>> CartTokensAsync(AbandonedCart cart, Customer customer, Store store, int languageId, CultureInfo culture,
        int reminderNumber, SegmentationSettings settings, DateTime nowUtc)
    {
        // the customer's currency, as the storefront shows them prices; amounts are kept in the primary one
        var currency = customer.CurrencyId is > 0 and var id && await _currencyService.GetCurrencyByIdAsync(id) is { Published: true } chosen
            ? chosen
            : await _currencyService.GetCurrencyByIdAsync(_currencySettings.PrimaryStoreCurrencyId);
        async Task<string> PriceAsync(decimal amount) => await _priceFormatter.FormatPriceAsync(
            await _currencyService.ConvertFromPrimaryStoreCurrencyAsync(amount, currency), true, currency, languageId, false, false);

        var offer = await OfferAsync(cart, settings, culture, PriceAsync, nowUtc);
        var expires = offer == null
            ? string.Empty
            : _dateTimeHelper.ConvertToUserTime(cart.OfferExpiresOnUtc, TimeZoneInfo.Utc, await _dateTimeHelper.GetCustomerTimeZoneAsync(customer))
                .ToString("g", culture);

        return
        [
            // the table is markup the plugin writes; every value in it is encoded here
            new Token("AbandonedCart.Items", await ItemsTableAsync(cart, languageId), true),
            new Token("AbandonedCart.ItemCount", cart.CartItems),
            new Token("AbandonedCart.Value", await PriceAsync(cart.CartValue)),
            new Token("AbandonedCart.URL", StoreUrl(store) + "cart", true),
            // the cart a signed-out visitor sees is their guest cart, so the way back for them goes through the login
            new Token("AbandonedCart.LoginURL", StoreUrl(store) + "login?returnUrl=%2Fcart", true),
            new Token("AbandonedCart.HasOffer", offer != null),
            new Token("AbandonedCart.Offer", offer ?? string.Empty),
            new Token("AbandonedCart.OfferExpiresOn", expires),
            new Token("AbandonedCart.ReminderNumber", reminderNumber)
        ];
    }

    private static string StoreUrl(Store store)
    {
        var url = store.Url ?? string.Empty;
        return url.EndsWith('/') ? url : url + "/";
    }

    /// <summary>
    /// The offer's value ("10%", "$5.00") if checkout would give it to this customer now: the offer is open, the
    /// one-click discount is set up and in force, and the abandoned-cart segment holds the customer. Else null, and the
    /// e-mail promises nothing.
    /// </summary>
    private async Task<string> OfferAsync(AbandonedCart cart, SegmentationSettings settings, CultureInfo culture, Func<decimal, Task<string>> price,
        DateTime nowUtc)
    {
        if (cart.Status != AbandonedCartStatus.Open || cart.OfferExpiresOnUtc <= nowUtc || settings.CartOfferDiscountId <= 0)
            return null;

        var discount = await _discountService.GetDiscountByIdAsync(settings.CartOfferDiscountId);
        if (!SegmentDiscountService.IsInForce(discount, nowUtc))
            return null;

        var segmentId = await _membershipService.GetBuiltInIdAsync(BuiltInSegmentService.AbandonedCartSystemName);
        if (segmentId <= 0 || !(await _membershipService.GetSegmentIdsAsync(cart.CustomerId, cart.StoreId)).Contains(segmentId))
            return null;

        return discount.UsePercentage
            ? discount.DiscountPercentage.ToString("0.##", culture) + "%"
            : await price(discount.DiscountAmount);
    }

    /// <summary>The cart's lines as an HTML table: product name (in the customer's language) and quantity.</summary>
    private async Task<string> ItemsTableAsync(AbandonedCart cart, int languageId)
    {
        var (customerId, storeId) = (cart.CustomerId, cart.StoreId);
        var lines = await (from item in _cartItemRepository.Table
                           join product in _productRepository.Table on item.ProductId equals product.Id
                           where item.CustomerId == customerId && item.StoreId == storeId
                                 && item.ShoppingCartTypeId == (int)ShoppingCartType.ShoppingCart && !product.Deleted
                           orderby item.Id
                           select new { Product = product, item.Quantity })
            .ToListAsync();

        var html = new StringBuilder("<table class=\"abandoned-cart-items\" style=\"border-collapse:collapse\">");
        foreach (var line in lines)
        {
            var name = await _localizationService.GetLocalizedAsync(line.Product, p => p.Name, languageId);
            html.Append("<tr><td style=\"padding:4px 12px 4px 0\">").Append(WebUtility.HtmlEncode(name))
                .Append("</td><td style=\"padding:4px 0;text-align:right\">&times;&nbsp;")
                .Append(line.Quantity.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
        }

        return html.Append("</table>").ToString();
    }
}
