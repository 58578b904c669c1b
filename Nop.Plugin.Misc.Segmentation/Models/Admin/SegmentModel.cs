using Microsoft.AspNetCore.Mvc.Rendering;
using Nop.Web.Framework.Models;
using Nop.Web.Framework.Mvc.ModelBinding;

namespace Nop.Plugin.Misc.Segmentation.Models.Admin;

/// <summary>A segment in the list and in its editor.</summary>
public record SegmentModel : BaseNopEntityModel
{
    [NopResourceDisplayName("Plugins.Misc.Segmentation.Segments.Fields.Name")]
    public string Name { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Segments.Fields.Description")]
    public string Description { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Segments.Fields.Type")]
    public int SegmentTypeId { get; set; }

    public string TypeName { get; set; }

    public bool IsBuiltIn { get; set; }

    public bool IsStatic { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Segments.Fields.Rule")]
    public string Rule { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Segments.Fields.Store")]
    public int StoreId { get; set; }

    public string StoreName { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Segments.Fields.Priority")]
    public int Priority { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Segments.Fields.Active")]
    public bool Active { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Segments.Fields.CustomerRole")]
    public int CustomerRoleId { get; set; }

    public string CustomerRoleName { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Segments.Fields.NewRoleName")]
    public string NewRoleName { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Segments.Fields.Members")]
    public int MemberCount { get; set; }

    public int Entered7Days { get; set; }

    public int Left7Days { get; set; }

    /// <summary>The discounts whose requirement names this segment, to link to.</summary>
    public IList<SegmentDiscountModel> Discounts { get; set; } = [];

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Segments.Fields.LastEvaluated")]
    public DateTime? LastEvaluatedOn { get; set; }

    /// <summary>Other segments whose rules name this one (renaming and deleting are refused while they do).</summary>
    public IList<string> NamedBy { get; set; } = [];

    public IList<SelectListItem> AvailableStores { get; set; } = [];

    public IList<SelectListItem> AvailableRoles { get; set; } = [];

    public IList<SelectListItem> AvailableTypes { get; set; } = [];

    public SegmentMemberSearchModel MemberSearchModel { get; set; } = new();

    public SegmentMovementSearchModel MovementSearchModel { get; set; } = new();

    /// <summary>The details card's period, for a saved segment.</summary>
    public SegmentDetailsSearchModel DetailsSearchModel { get; set; } = new();
}

public record SegmentDiscountModel(int Id, string Name, bool Active);
