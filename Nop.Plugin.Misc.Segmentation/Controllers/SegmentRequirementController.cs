using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Nop.Core.Domain.Discounts;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Models.Admin;
using Nop.Plugin.Misc.Segmentation.Services.Offers;
using Nop.Services.Discounts;
using Nop.Services.Localization;
using Nop.Services.Security;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;

namespace Nop.Plugin.Misc.Segmentation.Controllers;

/// <summary>The requirement's form, loaded by the discount editor (Promotions > Discounts > Requirements).</summary>
[AuthorizeAdmin]
[Area(AreaNames.ADMIN)]
[AutoValidateAntiforgeryToken]
public class SegmentRequirementController : BasePluginController
{
    public const string ConfigureView = SegmentationDefaults.PluginFolder + "Views/Admin/RequirementConfigure.cshtml";

    private readonly IDiscountService _discountService;
    private readonly ILocalizationService _localizationService;
    private readonly IRepository<Segment> _segmentRepository;
    private readonly SegmentRequirementService _requirementService;

    public SegmentRequirementController(IDiscountService discountService,
        ILocalizationService localizationService,
        IRepository<Segment> segmentRepository,
        SegmentRequirementService requirementService)
    {
        _discountService = discountService;
        _localizationService = localizationService;
        _segmentRepository = segmentRepository;
        _requirementService = requirementService;
    }

    [CheckPermission(StandardPermission.Promotions.DISCOUNTS_VIEW)]
    public async Task<IActionResult> Configure(int discountId, int? discountRequirementId)
    {
        if (await _discountService.GetDiscountByIdAsync(discountId) is null)
            return Content("Failed to load the discount.");

        var requirement = discountRequirementId is > 0 ? await _requirementService.GetAsync(discountRequirementId.Value) : null;
        var model = new RequirementModel
        {
            DiscountId = discountId,
            RequirementId = discountRequirementId ?? 0,
            SegmentIds = requirement?.Segments.ToList() ?? [],
            MatchId = requirement?.MatchId ?? (int)SegmentMatch.Any,
            AudienceId = requirement?.AudienceId ?? (int)RequirementAudience.Everyone
        };
        foreach (var segment in (await _segmentRepository.Table.ToListAsync()).OrderBy(s => s.Priority).ThenBy(s => s.Name))
            model.AvailableSegments.Add(new SelectListItem(segment.Name, segment.Id.ToString(), model.SegmentIds.Contains(segment.Id)));
        foreach (var match in Enum.GetValues<SegmentMatch>())
            model.AvailableMatches.Add(new SelectListItem(await _localizationService.GetLocalizedEnumAsync(match), ((int)match).ToString()));
        foreach (var audience in Enum.GetValues<RequirementAudience>())
            model.AvailableAudiences.Add(new SelectListItem(await _localizationService.GetLocalizedEnumAsync(audience), ((int)audience).ToString()));

        ViewData.TemplateInfo.HtmlFieldPrefix = $"SegmentRequirement{model.RequirementId}";
        return View(ConfigureView, model);
    }

    [HttpPost]
    [CheckPermission(StandardPermission.Promotions.DISCOUNTS_CREATE_EDIT_DELETE)]
    public async Task<IActionResult> Configure(RequirementModel model)
    {
        var discount = await _discountService.GetDiscountByIdAsync(model.DiscountId);
        if (discount is null)
            return NotFound(new { Errors = new[] { "Discount could not be loaded" } });

        var match = (SegmentMatch)model.MatchId;
        var audience = (RequirementAudience)model.AudienceId;
        // checked before a requirement is created, so a refused form leaves nothing behind
        var problem = await _requirementService.ValidateAsync(model.SegmentIds.ToList(), match, audience);
        if (problem != null)
            return Ok(new { Errors = new[] { problem } });

        var requirement = await _discountService.GetDiscountRequirementByIdAsync(model.RequirementId);
        if (requirement is null)
        {
            requirement = new DiscountRequirement { DiscountId = discount.Id, DiscountRequirementRuleSystemName = SegmentationDefaults.SystemName };
            await _discountService.InsertDiscountRequirementAsync(requirement);
        }

        problem = await _requirementService.SaveAsync(requirement.Id, model.SegmentIds.ToList(), match, audience);
        return problem == null ? Ok(new { NewRequirementId = requirement.Id }) : Ok(new { Errors = new[] { problem } });
    }
}
