using Nop.Core.Domain.Discounts;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Services.Discounts;
using Nop.Services.Localization;
using Nop.Services.Logging;

namespace Nop.Plugin.Misc.Segmentation.Services.Offers;

/// <summary>A nopCommerce discount that carries the plugin's requirement, with the segments it names.</summary>
public record SegmentLimitedDiscount(Discount Discount, IReadOnlyList<DiscountRequirement> Requirements, IReadOnlyList<string> SegmentNames)
{
    public IReadOnlyList<int> SegmentIds { get; init; } = [];
}

/// <summary>
/// What uninstalling does to the discounts limited to segments. nopCommerce skips a requirement whose rule is gone and
/// treats an emptied group as met, so neither leaving nor deleting the requirement keeps such a discount to its
/// segment: every one is switched off instead, the owner is told which before confirming, and the discount's admin
/// comment and the log say why afterwards. Installing again leaves them off.
/// </summary>
public class SegmentLimitedDiscountService
{
    private readonly IDiscountService _discountService;
    private readonly ILocalizationService _localizationService;
    private readonly ILogger _logger;
    private readonly IRepository<Segment> _segmentRepository;
    private readonly IRepository<SegmentRequirement> _requirementRepository;

    public SegmentLimitedDiscountService(IDiscountService discountService,
        ILocalizationService localizationService,
        ILogger logger,
        IRepository<Segment> segmentRepository,
        IRepository<SegmentRequirement> requirementRepository)
    {
        _discountService = discountService;
        _localizationService = localizationService;
        _logger = logger;
        _segmentRepository = segmentRepository;
        _requirementRepository = requirementRepository;
    }

    /// <summary>Every discount with at least one of the plugin's requirements, by id.</summary>
    public async Task<IReadOnlyList<SegmentLimitedDiscount>> GetAllAsync()
    {
        var ours = await OurRequirementsAsync();
        if (ours.Count == 0)
            return [];

        var requirementIds = ours.Select(r => r.Id).ToList();
        var segmentIdsByRequirement = (await _requirementRepository.Table.Where(r => requirementIds.Contains(r.DiscountRequirementId)).ToListAsync())
            .ToDictionary(r => r.DiscountRequirementId, r => r.Segments);
        var segmentIds = segmentIdsByRequirement.Values.SelectMany(ids => ids).Distinct().ToList();
        var names = (await _segmentRepository.Table.Where(s => segmentIds.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync())
            .ToDictionary(s => s.Id, s => s.Name);
        var deleted = await ResourceAsync("Uninstall.DeletedSegment");

        var result = new List<SegmentLimitedDiscount>();
        foreach (var requirements in ours.GroupBy(r => r.DiscountId).OrderBy(g => g.Key))
        {
            if (await _discountService.GetDiscountByIdAsync(requirements.Key) is not { } discount)
                continue;
            var ids = requirements.SelectMany(r => segmentIdsByRequirement.GetValueOrDefault(r.Id) ?? []).Distinct().ToList();
            var segmentNames = ids.Select(id => names.GetValueOrDefault(id) ?? string.Format(deleted, id)).ToList();
            result.Add(new SegmentLimitedDiscount(discount, requirements.ToList(), segmentNames) { SegmentIds = ids });
        }

        return result;
    }

    private async Task<List<DiscountRequirement>> OurRequirementsAsync() =>
        (await _discountService.GetAllDiscountRequirementsAsync())
            .Where(r => r.DiscountRequirementRuleSystemName == SegmentationDefaults.SystemName)
            .ToList();

    /// <summary>The warning shown when the owner asks to uninstall, or null when no discount is limited to a segment.</summary>
    public async Task<string> GetUninstallWarningAsync()
    {
        var discounts = await GetAllAsync();
        return discounts.Count == 0
            ? null
            : string.Format(await ResourceAsync("Uninstall.Warning"), await ListAsync(discounts));
    }

    /// <summary>
    /// Switches off every discount limited to a segment, notes why in its admin comment, removes the plugin's
    /// requirements and logs the list. Runs while the plugin's tables and texts are still there.
    /// </summary>
    public async Task<IReadOnlyList<SegmentLimitedDiscount>> SwitchOffAsync(DateTime nowUtc)
    {
        var discounts = await GetAllAsync();
        var comment = await ResourceAsync("Uninstall.DiscountComment");
        foreach (var (discount, _, segmentNames) in discounts)
        {
            discount.IsActive = false;
            var note = string.Format(comment, nowUtc.ToString("yyyy-MM-dd"), string.Join(", ", segmentNames));
            discount.AdminComment = string.IsNullOrWhiteSpace(discount.AdminComment) ? note : discount.AdminComment.TrimEnd() + Environment.NewLine + note;
            await _discountService.UpdateDiscountAsync(discount);
        }

        // every one, also any left behind by a discount that is gone: nothing of the rule outlives the plugin
        foreach (var requirement in await OurRequirementsAsync())
            await _discountService.DeleteDiscountRequirementAsync(requirement, false);

        if (discounts.Count > 0)
            await _logger.WarningAsync(string.Format(await ResourceAsync("Uninstall.Log"), await ListAsync(discounts)));
        return discounts;
    }

    private Task<string> ResourceAsync(string key) => _localizationService.GetResourceAsync(SegmentationDefaults.ResourcePrefix + key);

    private async Task<string> ListAsync(IEnumerable<SegmentLimitedDiscount> discounts)
    {
        var item = await ResourceAsync("Uninstall.DiscountItem");
        return string.Join("; ", discounts.Select(d => string.Format(item, d.Discount.Name, d.Discount.Id, string.Join(", ", d.SegmentNames))));
    }
}
