using Nop.Web.Framework.Models;
using Nop.Web.Framework.Mvc.ModelBinding;

namespace Nop.Plugin.Misc.Segmentation.Models.Admin;

public record SegmentMemberSearchModel : BaseSearchModel
{
    public int SegmentId { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Members.Search")]
    public string SearchText { get; set; }

    /// <summary>A <see cref="Services.Segments.MemberSort"/> name; the grid's column headers set it.</summary>
    public string SortBy { get; set; }

    public bool SortDescending { get; set; } = true;
}

public record SegmentMemberListModel : BasePagedListModel<SegmentMemberModel>;

public record SegmentMemberModel : BaseNopModel
{
    public int CustomerId { get; set; }

    public string Email { get; set; }

    public string Name { get; set; }

    public int Orders { get; set; }

    public string Spent { get; set; }

    public DateTime? LastOrderOn { get; set; }

    /// <summary>"R-F-M" scores, or empty for a member without a profile.</summary>
    public string Rfm { get; set; }

    public string RfmGroup { get; set; }

    public string Lifecycle { get; set; }

    public string Churn { get; set; }

    public string PredictedValue { get; set; }

    public DateTime MemberSince { get; set; }
}
