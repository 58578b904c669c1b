using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Services.Customers;
using Nop.Services.Discounts;

namespace Nop.Plugin.Misc.Segmentation.Services.Offers;

/// <summary>What checkout gives loyal customers: free shipping through the role, or the shipping discount.</summary>
public record LoyaltyUpgrade(bool ByRole, Discount Discount);

public enum LoyaltyStandingKind
{
    /// <summary>Holds the upgrade: the role, or the segment the discount requires.</summary>
    Member,

    /// <summary>Within the owner's number of orders of the bar.</summary>
    OrdersToGo,

    /// <summary>Within a quarter of the bar's amount.</summary>
    AmountToGo
}

/// <summary>Where a registered customer stands with the loyalty upgrade.</summary>
public record LoyaltyStanding(LoyaltyUpgrade Upgrade, LoyaltyStandingKind Kind, LoyaltyProgress Progress);

/// <summary>An abandoned-cart offer the visitor can use now, and the discount that gives it.</summary>
public record CartOfferStanding(CustomerOffer Offer, Discount Discount);

/// <summary>
/// Decides what a shopper is offered, as checkout will decide it, so the storefront never promises what the order
/// would not give. Reads only cached state: it runs on page views.
/// </summary>
public class ShopperOfferService
{
    private readonly ICustomerService _customerService;
    private readonly IDiscountService _discountService;
    private readonly SegmentMembershipService _membershipService;
    private readonly SegmentationSettings _settings;

    public ShopperOfferService(ICustomerService customerService,
        IDiscountService discountService,
        SegmentMembershipService membershipService,
        SegmentationSettings settings)
    {
        _customerService = customerService;
        _discountService = discountService;
        _membershipService = membershipService;
        _settings = settings;
    }

    /// <summary>The upgrade set up in one click if it applies now (the role active with free shipping, the discount in force), else null.</summary>
    public async Task<LoyaltyUpgrade> GetLoyaltyUpgradeAsync(DateTime nowUtc)
    {
        if (_settings.LoyaltyFreeShippingRoleId > 0
            && await _customerService.GetCustomerRoleByIdAsync(_settings.LoyaltyFreeShippingRoleId) is { Active: true, FreeShipping: true })
            return new LoyaltyUpgrade(true, null);

        return _settings.LoyaltyShippingDiscountId > 0 && await InForceAsync(_settings.LoyaltyShippingDiscountId, nowUtc) is { } discount
            ? new LoyaltyUpgrade(false, discount)
            : null;
    }

    /// <summary>The customer's standing, or null when there is nothing to tell them (no upgrade, or far from the bar).</summary>
    public async Task<LoyaltyStanding> GetLoyaltyAsync(Customer customer, CustomerState state, IReadOnlyList<int> segments, DateTime nowUtc)
    {
        if (await GetLoyaltyUpgradeAsync(nowUtc) is not { } upgrade)
            return null;

        // what checkout reads: the free-shipping role the customer holds, or the segment the discount requires
        var loyalId = await _membershipService.GetBuiltInIdAsync(BuiltInSegmentService.LoyalSystemName);
        var holds = upgrade.ByRole
            ? (await _customerService.GetCustomerRoleIdsAsync(customer)).Contains(_settings.LoyaltyFreeShippingRoleId)
            : loyalId > 0 && segments.Contains(loyalId);
        if (holds)
            return new LoyaltyStanding(upgrade, LoyaltyStandingKind.Member, null);
        if (_settings.LoyaltyProgressOrders <= 0)
            return null;

        var progress = LoyaltyShippingService.ProgressOf(state?.Profile, _settings);
        // over the bar, but the role or segment follows at the next evaluation; until then promise nothing
        if (progress.IsLoyal)
            return null;
        if (progress.OrdersToGo > 0 && progress.OrdersToGo <= _settings.LoyaltyProgressOrders)
            return new LoyaltyStanding(upgrade, LoyaltyStandingKind.OrdersToGo, progress);
        if (progress.AmountToGo is > 0 and var amount && amount <= _settings.LoyalMinAmount / 4)
            return new LoyaltyStanding(upgrade, LoyaltyStandingKind.AmountToGo, progress);
        return null;
    }

    /// <summary>
    /// What the cart-offer discount's requirement decides: an open, unexpired offer in this store, the segment switched
    /// on and holding the customer, and the one-click discount in force. Null otherwise.
    /// </summary>
    public async Task<CartOfferStanding> GetCartOfferAsync(CustomerState state, IReadOnlyList<int> segments, int storeId, DateTime nowUtc)
    {
        var offer = state?.ActiveOffer(storeId, nowUtc);
        if (offer == null || _settings.CartOfferDiscountId <= 0
            || !segments.Contains(await _membershipService.GetBuiltInIdAsync(BuiltInSegmentService.AbandonedCartSystemName)))
            return null;
        return await InForceAsync(_settings.CartOfferDiscountId, nowUtc) is { } discount ? new CartOfferStanding(offer, discount) : null;
    }

    /// <summary>The discount if it applies now as far as its own settings go (its requirements are the segment's).</summary>
    private async Task<Discount> InForceAsync(int discountId, DateTime nowUtc) =>
        await _discountService.GetDiscountByIdAsync(discountId) is var discount && SegmentDiscountService.IsInForce(discount, nowUtc) ? discount : null;
}
