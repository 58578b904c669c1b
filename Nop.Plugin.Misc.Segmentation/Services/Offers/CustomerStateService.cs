using Nop.Core.Caching;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Offers;

/// <summary>An open abandoned-cart offer as the storefront needs it.</summary>
public record CustomerOffer(int StoreId, DateTime ExpiresOnUtc);

/// <summary>What the storefront shows a customer beyond their segments: the all-stores profile and their open offers.</summary>
public record CustomerState(CustomerProfile Profile, IReadOnlyList<CustomerOffer> Offers)
{
    /// <summary>The offer in the store that has not expired yet, or null. Expiry is checked here, not by the ten-minute task.</summary>
    public CustomerOffer ActiveOffer(int storeId, DateTime nowUtc) =>
        Offers.FirstOrDefault(o => o.StoreId == storeId && o.ExpiresOnUtc > nowUtc);
}

/// <summary>
/// A customer's storefront state, cached like their segments and dropped with them (<see cref="SegmentMembershipService.ClearAsync"/>),
/// so pages and cart calculations read it from memory once warm.
/// </summary>
public class CustomerStateService
{
    private readonly IRepository<AbandonedCart> _abandonedCartRepository;
    private readonly IRepository<CustomerProfile> _profileRepository;
    private readonly IStaticCacheManager _staticCacheManager;

    public CustomerStateService(IRepository<AbandonedCart> abandonedCartRepository,
        IRepository<CustomerProfile> profileRepository,
        IStaticCacheManager staticCacheManager)
    {
        _abandonedCartRepository = abandonedCartRepository;
        _profileRepository = profileRepository;
        _staticCacheManager = staticCacheManager;
    }

    public async Task<CustomerState> GetAsync(int customerId)
    {
        if (customerId <= 0)
            return new CustomerState(null, []);

        var key = _staticCacheManager.PrepareKeyForDefaultCache(SegmentationDefaults.CustomerStateCacheKey, customerId);
        return await _staticCacheManager.GetAsync(key, async () =>
        {
            var profile = await _profileRepository.Table.FirstOrDefaultAsync(p => p.CustomerId == customerId && p.StoreId == 0);
            var offers = await _abandonedCartRepository.Table
                .Where(a => a.CustomerId == customerId && a.StatusId == (int)AbandonedCartStatus.Open)
                .Select(a => new CustomerOffer(a.StoreId, a.OfferExpiresOnUtc))
                .ToListAsync();
            return new CustomerState(profile, offers);
        });
    }
}
