using Nop.Core.Caching;
using Nop.Core.Domain.Customers;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Services.Customers;
using Nop.Services.Discounts;

namespace Nop.Plugin.Misc.Segmentation.Services.Offers;

/// <summary>
/// The discount requirement "customer is in segment(s)": stores what each requirement asks and decides it for a
/// customer in a store. nopCommerce checks requirements on every cart calculation, so both things the decision
/// reads (the requirement, the customer's segments) come from the cache once warm.
/// </summary>
public class SegmentRequirementService
{
    private readonly ICustomerService _customerService;
    private readonly IRepository<SegmentRequirement> _requirementRepository;
    private readonly IRepository<Segment> _segmentRepository;
    private readonly IStaticCacheManager _staticCacheManager;
    private readonly SegmentMembershipService _membershipService;
    private readonly CustomerStateService _stateService;
    private readonly TimeProvider _time;

    public SegmentRequirementService(ICustomerService customerService,
        IRepository<SegmentRequirement> requirementRepository,
        IRepository<Segment> segmentRepository,
        IStaticCacheManager staticCacheManager,
        SegmentMembershipService membershipService,
        CustomerStateService stateService,
        TimeProvider time)
    {
        _stateService = stateService;
        _time = time;
        _customerService = customerService;
        _requirementRepository = requirementRepository;
        _segmentRepository = segmentRepository;
        _staticCacheManager = staticCacheManager;
        _membershipService = membershipService;
    }

    public Task<SegmentRequirement> GetAsync(int discountRequirementId) =>
        _requirementRepository.Table.FirstOrDefaultAsync(r => r.DiscountRequirementId == discountRequirementId);

    /// <summary>The requirement as the check needs it; cached until it is saved or deleted.</summary>
    private async Task<SegmentRequirement> GetCachedAsync(int discountRequirementId) =>
        await _staticCacheManager.GetAsync(_staticCacheManager.PrepareKeyForDefaultCache(SegmentationDefaults.RequirementCacheKey, discountRequirementId),
            () => GetAsync(discountRequirementId));

    /// <summary>What is wrong with a requirement's settings, or null when they can be saved.</summary>
    public async Task<string> ValidateAsync(IReadOnlyCollection<int> segmentIds, SegmentMatch match, RequirementAudience audience)
    {
        if (segmentIds == null || segmentIds.Count == 0)
            return "Choose at least one segment.";
        if (!Enum.IsDefined(match) || !Enum.IsDefined(audience))
            return "Choose how the segments combine and whom the discount is for.";

        var ids = segmentIds.Distinct().ToList();
        var known = await _segmentRepository.Table.Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync();
        var missing = ids.Except(known).ToList();
        return missing.Count > 0 ? $"No segment with id {string.Join(", ", missing)}." : null;
    }

    /// <summary>Saves what a requirement asks; the segments must exist. Returns the problem, or null when saved.</summary>
    public async Task<string> SaveAsync(int discountRequirementId, IReadOnlyCollection<int> segmentIds, SegmentMatch match, RequirementAudience audience)
    {
        if (discountRequirementId <= 0)
            return "The discount requirement is not known.";
        var problem = await ValidateAsync(segmentIds, match, audience);
        if (problem != null)
            return problem;

        var ids = segmentIds.Distinct().ToList();
        var requirement = await GetAsync(discountRequirementId) ?? new SegmentRequirement { DiscountRequirementId = discountRequirementId };
        requirement.Segments = ids;
        requirement.Match = match;
        requirement.Audience = audience;
        if (requirement.Id == 0)
            await _requirementRepository.InsertAsync(requirement);
        else
            await _requirementRepository.UpdateAsync(requirement);
        await _staticCacheManager.RemoveAsync(SegmentationDefaults.RequirementCacheKey, discountRequirementId);
        // the segments were just read from the database; a cached list older than one of them would refuse it
        await _staticCacheManager.RemoveAsync(SegmentationDefaults.ActiveSegmentIdsCacheKey);
        return null;
    }

    public async Task<int> DeleteAsync(int discountRequirementId)
    {
        var deleted = await _requirementRepository.DeleteAsync(r => r.DiscountRequirementId == discountRequirementId);
        await _staticCacheManager.RemoveAsync(SegmentationDefaults.RequirementCacheKey, discountRequirementId);
        return deleted;
    }

    public async Task<DiscountRequirementValidationResult> CheckAsync(DiscountRequirementValidationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = new DiscountRequirementValidationResult();
        var customer = request.Customer;
        var requirement = await GetCachedAsync(request.DiscountRequirementId);
        // parsed from the stored text on each access: read once per check
        var chosen = requirement?.Segments ?? [];
        if (customer == null || chosen.Count == 0)
            return result;

        if (requirement.Audience != RequirementAudience.Everyone)
        {
            var registered = await _customerService.IsRegisteredAsync(customer);
            if (registered != (requirement.Audience == RequirementAudience.RegisteredOnly))
                return result;
        }

        var storeId = request.Store?.Id ?? 0;
        var memberOf = (await _membershipService.GetSegmentIdsAsync(customer.Id, storeId)).Where(chosen.Contains).ToHashSet();

        // the abandoned-cart segment stands for the offer record, which decides to the minute: an offer that expired or
        // was used since the segment was last evaluated no longer counts
        var cartOfferSegmentId = await _membershipService.GetBuiltInIdAsync(BuiltInSegmentService.AbandonedCartSystemName);
        if (memberOf.Contains(cartOfferSegmentId)
            && (await _stateService.GetAsync(customer.Id)).ActiveOffer(storeId, _time.GetUtcNow().UtcDateTime) == null)
            memberOf.Remove(cartOfferSegmentId);

        result.IsValid = requirement.Match switch
        {
            SegmentMatch.All => chosen.All(memberOf.Contains),
            // a deleted or switched-off segment has no members to leave out, so "in none of them" would widen to
            // everyone; the discount goes to nobody until the owner fixes the requirement
            SegmentMatch.None => memberOf.Count == 0 && (await _membershipService.GetActiveSegmentIdsAsync()).IsSupersetOf(chosen),
            _ => memberOf.Count > 0
        };
        return result;
    }
}
