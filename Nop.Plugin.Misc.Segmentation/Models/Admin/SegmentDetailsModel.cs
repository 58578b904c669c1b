using Microsoft.AspNetCore.Mvc.Rendering;
using Nop.Web.Framework.Models;

namespace Nop.Plugin.Misc.Segmentation.Models.Admin;

/// <summary>
/// The period picker of the editor's details card: the last 7, 30 or 90 days, or (<see cref="Days"/> 0) whole days in the
/// owner's time zone, as yyyy-MM-dd.
/// </summary>
public record SegmentDetailsSearchModel : BaseNopModel
{
    public int SegmentId { get; set; }

    public int Days { get; set; }

    public IList<SelectListItem> AvailablePeriods { get; set; } = [];

    public string From { get; set; }

    public string To { get; set; }
}

/// <summary>A segment's details for a period: the figures beside the store's, the trend charts' series and the neighbours.</summary>
public record SegmentDetailsModel : BaseNopModel
{
    public int SegmentId { get; set; }

    /// <summary>The period as picked (yyyy-MM-dd) and as shown.</summary>
    public string From { get; set; }

    public string To { get; set; }

    public string Period { get; set; }

    public string PreviousPeriod { get; set; }

    public string StoreName { get; set; }

    public IList<SegmentKpiRowModel> Kpis { get; set; } = [];

    /// <summary>The charts' labels and series as JSON, read by segment-analytics.js.</summary>
    public string ChartData { get; set; }

    public IList<SegmentNeighbourModel> CameFrom { get; set; } = [];

    public IList<SegmentNeighbourModel> WentTo { get; set; } = [];
}

/// <summary>One figure: a stable id (the row's id on the page), its name and definition, and its values formatted ("—": nothing to divide by).</summary>
public record SegmentKpiRowModel(string Id, string Name, string Hint, string Segment, string Store);

public record SegmentNeighbourModel(int SegmentId, string Name, int Customers);
