using Microsoft.AspNetCore.Mvc.Rendering;
using Nop.Web.Framework.Models;
using Nop.Web.Framework.Mvc.ModelBinding;

namespace Nop.Plugin.Misc.Segmentation.Models.Admin;

/// <summary>The "customer is in segment(s)" requirement as the discount editor shows it.</summary>
public record RequirementModel : BaseNopModel
{
    public int DiscountId { get; set; }

    public int RequirementId { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Requirement.Segments")]
    public IList<int> SegmentIds { get; set; } = [];

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Requirement.Match")]
    public int MatchId { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Requirement.Audience")]
    public int AudienceId { get; set; }

    public IList<SelectListItem> AvailableSegments { get; set; } = [];

    public IList<SelectListItem> AvailableMatches { get; set; } = [];

    public IList<SelectListItem> AvailableAudiences { get; set; } = [];
}
