using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.Rendering;
using Nop.Web.Framework.Models;
using Nop.Web.Framework.Mvc.ModelBinding;

namespace Nop.Plugin.Misc.Segmentation.Models.Admin;

public record SegmentMovementSearchModel : BaseSearchModel
{
    public int SegmentId { get; set; }

    /// <summary>0 both, else a <see cref="Domain.SegmentMovementType"/>.</summary>
    [NopResourceDisplayName("Plugins.Misc.Segmentation.Movements.Direction")]
    public int DirectionId { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Movements.From")]
    [UIHint("DateNullable")]
    public DateTime? From { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Movements.To")]
    [UIHint("DateNullable")]
    public DateTime? To { get; set; }

    public IList<SelectListItem> AvailableDirections { get; set; } = [];
}

public record SegmentMovementListModel : BasePagedListModel<SegmentMovementModel>;

public record SegmentMovementModel : BaseNopModel
{
    public int CustomerId { get; set; }

    public string Email { get; set; }

    public string Direction { get; set; }

    public bool Entered { get; set; }

    public string Reason { get; set; }

    public DateTime CreatedOn { get; set; }
}
