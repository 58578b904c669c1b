using Microsoft.AspNetCore.Mvc.Rendering;
using Nop.Web.Framework.Models;
using Nop.Web.Framework.Mvc.ModelBinding;

namespace Nop.Plugin.Misc.Segmentation.Models.Admin;

/// <summary>The filters of the segment list.</summary>
public record SegmentSearchModel : BaseSearchModel
{
    [NopResourceDisplayName("Plugins.Misc.Segmentation.Segments.Search.Name")]
    public string SearchName { get; set; }

    /// <summary>0 for every type, else a <see cref="Domain.SegmentType"/>.</summary>
    [NopResourceDisplayName("Plugins.Misc.Segmentation.Segments.Search.Type")]
    public int SearchTypeId { get; set; }

    /// <summary>-1 for every store, 0 for the segments of all stores, else a store's.</summary>
    [NopResourceDisplayName("Plugins.Misc.Segmentation.Segments.Search.Store")]
    public int SearchStoreId { get; set; } = -1;

    /// <summary>0 both, 1 switched on, 2 switched off.</summary>
    [NopResourceDisplayName("Plugins.Misc.Segmentation.Segments.Search.Active")]
    public int SearchActiveId { get; set; }

    public IList<SelectListItem> AvailableTypes { get; set; } = [];

    public IList<SelectListItem> AvailableStores { get; set; } = [];

    public IList<SelectListItem> AvailableActiveOptions { get; set; } = [];

    public bool HideStoresList { get; set; }
}
