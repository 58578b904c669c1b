using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Segments;

namespace Nop.Plugin.Misc.Segmentation.Services.Offers;

/// <summary>How far a customer is from the loyal bar, in the bar's own terms.</summary>
public record LoyaltyProgress(bool IsLoyal, int OrdersToGo, decimal? AmountToGo, int PeriodDays);

/// <summary>
/// The loyalty shipping upgrade, set up the way nopCommerce applies it at checkout by itself: free shipping for the
/// members of a role the loyal segment is mirrored into, or a shipping discount carrying the plugin's segment
/// requirement (listed and editable under Promotions > Discounts).
/// </summary>
public class LoyaltyShippingService
{
    private readonly IRepository<CustomerRole> _roleRepository;
    private readonly RoleSyncService _roleSyncService;
    private readonly SegmentDiscountService _segmentDiscountService;

    public LoyaltyShippingService(IRepository<CustomerRole> roleRepository,
        RoleSyncService roleSyncService,
        SegmentDiscountService segmentDiscountService)
    {
        _roleRepository = roleRepository;
        _roleSyncService = roleSyncService;
        _segmentDiscountService = segmentDiscountService;
    }

    private Task<Segment> LoyalSegmentAsync() => _segmentDiscountService.BuiltInAsync(BuiltInSegmentService.LoyalSystemName);

    /// <summary>
    /// Free shipping for loyal customers: the loyal segment's role (created if it has none) gets free shipping and
    /// the segment's members. A second call changes nothing. A system role is never changed.
    /// </summary>
    public async Task<CustomerRole> SetUpFreeShippingAsync(string roleName)
    {
        var loyal = await LoyalSegmentAsync();
        var roleId = loyal.CustomerRoleId;
        var role = roleId > 0 ? await _roleRepository.Table.FirstOrDefaultAsync(r => r.Id == roleId) : null;
        if (role is { IsSystemRole: true })
            throw new InvalidOperationException($"The loyal segment is linked to the system role '{role.Name}', which the plugin never changes; link it to another role first.");

        if (role == null)
            role = await _roleSyncService.CreateRoleAsync(loyal, roleName, freeShipping: true);
        else if (!role.FreeShipping || !role.Active)
        {
            (role.FreeShipping, role.Active) = (true, true);
            await _roleRepository.UpdateAsync(role);
        }

        await _roleSyncService.SyncAsync(loyal);
        return role;
    }

    /// <summary>
    /// A shipping discount (a percentage, or an amount in the primary store currency) for the loyal segment, with
    /// no coupon code: the segment requirement decides who gets it. Bad values are refused before anything is written.
    /// </summary>
    public async Task<Discount> SetUpShippingDiscountAsync(string name, bool usePercentage, decimal value) =>
        await _segmentDiscountService.CreateAsync(await LoyalSegmentAsync(), DiscountType.AssignedToShipping, name, usePercentage, value);

    /// <summary>The loyal bar against a customer's all-stores profile: the same test as the segment's rule.</summary>
    public static LoyaltyProgress ProgressOf(CustomerProfile profile, SegmentationSettings settings)
    {
        var period = BuiltInSegmentService.LoyalPeriodDays(settings);
        var (orders, spent) = period switch
        {
            30 => (profile?.Orders30Days ?? 0, profile?.Spent30Days ?? 0),
            90 => (profile?.Orders90Days ?? 0, profile?.Spent90Days ?? 0),
            _ => (profile?.Orders365Days ?? 0, profile?.Spent365Days ?? 0)
        };
        var byAmount = settings.LoyalMinAmount > 0;
        var isLoyal = orders >= settings.LoyalMinOrders || (byAmount && spent >= settings.LoyalMinAmount);
        return new LoyaltyProgress(isLoyal,
            isLoyal ? 0 : Math.Max(0, settings.LoyalMinOrders - orders),
            byAmount ? (isLoyal ? 0 : Math.Max(0, settings.LoyalMinAmount - spent)) : null,
            period);
    }
}
