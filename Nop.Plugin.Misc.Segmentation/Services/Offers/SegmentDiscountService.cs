using Nop.Core.Domain.Discounts;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Services.Discounts;
using Nop.Services.Localization;

namespace Nop.Plugin.Misc.Segmentation.Services.Offers;

/// <summary>
/// Creates a nopCommerce discount for a segment: no coupon code, the plugin's requirement "customer is in segment"
/// as its only requirement, built the way the discount editor builds it, so the owner finds and edits it under
/// Promotions > Discounts. What the one-click offers (loyalty shipping, abandoned-cart offer) are made of.
/// </summary>
public class SegmentDiscountService
{
    private readonly IDiscountService _discountService;
    private readonly ILocalizationService _localizationService;
    private readonly IRepository<Segment> _segmentRepository;
    private readonly SegmentRequirementService _requirementService;

    public SegmentDiscountService(IDiscountService discountService,
        ILocalizationService localizationService,
        IRepository<Segment> segmentRepository,
        SegmentRequirementService requirementService)
    {
        _discountService = discountService;
        _localizationService = localizationService;
        _segmentRepository = segmentRepository;
        _requirementService = requirementService;
    }

    /// <summary>Refuses a missing name, a percentage outside (0, 100] or an amount not above 0.</summary>
    private static void Validate(string name, bool usePercentage, decimal value)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("The discount needs a name.", nameof(name));
        if (usePercentage ? value is <= 0 or > 100 : value <= 0)
            throw new ArgumentOutOfRangeException(nameof(value), value, usePercentage
                ? "A discount percentage is above 0 and at most 100."
                : "A discount amount is above 0.");
    }

    /// <summary>
    /// Whether the discount applies now as far as its own settings go (its requirements are the segment's): what the
    /// storefront and the e-mails check before they promise it.
    /// </summary>
    public static bool IsInForce(Discount discount, DateTime nowUtc) =>
        discount is { IsActive: true }
        && (discount.StartDateUtc == null || discount.StartDateUtc <= nowUtc) && (discount.EndDateUtc == null || discount.EndDateUtc > nowUtc);

    /// <summary>The built-in segment with this system name; the plugin creates them at install and on every task run.</summary>
    public async Task<Segment> BuiltInAsync(string systemName) =>
        await _segmentRepository.Table.FirstOrDefaultAsync(s => s.SystemName == systemName && s.SegmentTypeId == (int)SegmentType.BuiltIn)
        ?? throw new InvalidOperationException($"The built-in segment '{systemName}' is missing; the plugin creates it at install and on every task run.");

    public async Task<Discount> CreateAsync(Segment segment, DiscountType type, string name, bool usePercentage, decimal value)
    {
        ArgumentNullException.ThrowIfNull(segment);
        Validate(name, usePercentage, value);

        var discount = new Discount
        {
            Name = name.Trim(),
            DiscountType = type,
            UsePercentage = usePercentage,
            DiscountPercentage = usePercentage ? value : 0,
            DiscountAmount = usePercentage ? 0 : value,
            DiscountLimitation = DiscountLimitationType.Unlimited,
            IsActive = true
        };
        await _discountService.InsertDiscountAsync(discount);

        // the structure the discount editor builds: a default AND group holding the requirement
        var group = new DiscountRequirement
        {
            DiscountId = discount.Id,
            IsGroup = true,
            InteractionType = RequirementGroupInteractionType.And,
            DiscountRequirementRuleSystemName = await _localizationService.GetResourceAsync("Admin.Promotions.Discounts.Requirements.DefaultRequirementGroup")
        };
        await _discountService.InsertDiscountRequirementAsync(group);
        var requirement = new DiscountRequirement { DiscountId = discount.Id, ParentId = group.Id, DiscountRequirementRuleSystemName = SegmentationDefaults.SystemName };
        await _discountService.InsertDiscountRequirementAsync(requirement);

        var error = await _requirementService.SaveAsync(requirement.Id, [segment.Id], SegmentMatch.Any, RequirementAudience.Everyone);
        if (error != null)
            throw new InvalidOperationException(error);
        return discount;
    }
}
