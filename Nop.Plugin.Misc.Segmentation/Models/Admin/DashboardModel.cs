using Microsoft.AspNetCore.Mvc.Rendering;
using Nop.Web.Framework.Models;
using Nop.Web.Framework.Mvc.ModelBinding;

namespace Nop.Plugin.Misc.Segmentation.Models.Admin;

/// <summary>Customers > Customer segments > Dashboard: the filters and every section's figures, formatted for the owner.</summary>
public record DashboardModel : BaseNopModel
{
    [NopResourceDisplayName("Plugins.Misc.Segmentation.Dashboard.Fields.Store")]
    public int StoreId { get; set; }

    /// <summary>The period picked: the last 7, 30 or 90 days, or 0 for the days in <see cref="From"/> and <see cref="To"/>.</summary>
    [NopResourceDisplayName("Plugins.Misc.Segmentation.Dashboard.Fields.Days")]
    public int Days { get; set; }

    public IList<SelectListItem> AvailablePeriods { get; set; } = [];

    /// <summary>The first day of the period in the owner's time zone, yyyy-MM-dd.</summary>
    [NopResourceDisplayName("Plugins.Misc.Segmentation.Dashboard.Fields.From")]
    public string From { get; set; }

    /// <summary>The last day of the period (counted whole) in the owner's time zone, yyyy-MM-dd.</summary>
    [NopResourceDisplayName("Plugins.Misc.Segmentation.Dashboard.Fields.To")]
    public string To { get; set; }

    /// <summary>The segments of the flow diagram.</summary>
    [NopResourceDisplayName("Plugins.Misc.Segmentation.Dashboard.Fields.FlowSegments")]
    public List<int> SegmentIds { get; set; } = [];

    public IList<SelectListItem> AvailableStores { get; set; } = [];

    public IList<SelectListItem> AvailableSegments { get; set; } = [];

    public bool HideStoresList { get; set; }

    /// <summary>Why the filters were refused; no figures are shown then.</summary>
    public IList<string> Errors { get; set; } = [];

    /// <summary>The period as the owner reads it, e.g. "1 June 2026 – 30 June 2026".</summary>
    public string PeriodText { get; set; }

    /// <summary>The culture numbers and charts are formatted in (the working language's).</summary>
    public string Culture { get; set; }

    /// <summary>Whether the owner may see customer lists (nopCommerce's "Customers: view").</summary>
    public bool CanViewCustomers { get; set; }

    public DashboardRfmModel Rfm { get; set; }

    public DashboardDistributionModel Distribution { get; set; }

    public IList<DashboardSegmentSizeModel> SegmentSizes { get; set; } = [];

    public DashboardFlowsModel Flows { get; set; }

    public DashboardCartsModel Carts { get; set; }

    public DashboardPredictionsModel Predictions { get; set; }

    public DashboardOfferSearchModel OfferSearchModel { get; set; }

    public DashboardAtRiskSearchModel AtRiskSearchModel { get; set; }
}

public record DashboardRfmModel : BaseNopModel
{
    /// <summary>All 25 cells, recency 5 (top row) to 1, frequency 1 to 5 in each.</summary>
    public IList<DashboardRfmCellModel> Cells { get; set; } = [];

    public int Customers { get; set; }

    public string CustomersText { get; set; }

    /// <summary>The cell page's address with {recency} and {frequency} to fill in.</summary>
    public string CellUrlPattern { get; set; }

    /// <summary>Said when the store has no statistics yet (the task has not run): cells then carry no ranges.</summary>
    public string Note { get; set; }
}

public record DashboardRfmCellModel : BaseNopModel
{
    public int Recency { get; set; }

    public int Frequency { get; set; }

    public int Customers { get; set; }

    public string CustomersText { get; set; }

    /// <summary>Share of the grid's customers, 0..1.</summary>
    public decimal Share { get; set; }

    public string ShareText { get; set; }

    /// <summary>Average monetary score of the cell's customers (1..5); null for an empty cell.</summary>
    public decimal? AverageMonetary { get; set; }

    public string AverageMonetaryText { get; set; }

    public int GroupId { get; set; }

    public string Group { get; set; }

    /// <summary>What the cell means with the store's cut points, and who is in it.</summary>
    public string Description { get; set; }

    /// <summary>False when the store's cut points leave no value for the recency or frequency score.</summary>
    public bool Possible { get; set; }

    public string Url { get; set; }
}

public record DashboardDistributionModel : BaseNopModel
{
    public IList<DashboardDimensionModel> Dimensions { get; set; } = [];

    /// <summary>The day the "start" figures are from, or a sentence that there is none that old.</summary>
    public string StartText { get; set; }

    public bool HasStart { get; set; }
}

public record DashboardDimensionModel : BaseNopModel
{
    /// <summary>"lifecycle", "tier" or "rfm": the chart's canvas is dimension-{Key}.</summary>
    public string Key { get; set; }

    public string Title { get; set; }

    public IList<DashboardDimensionRowModel> Rows { get; set; } = [];
}

public record DashboardDimensionRowModel(int Value, string Label, int Now, int? Start, string NowText, string StartText);

public record DashboardSegmentSizeModel : BaseNopModel
{
    public int SegmentId { get; set; }

    public string Name { get; set; }

    public int Members { get; set; }

    public string MembersText { get; set; }

    public int? StartMembers { get; set; }

    public string StartMembersText { get; set; }

    /// <summary>The snapshot day the start figure is from.</summary>
    public string StartDayText { get; set; }

    public int? Growth { get; set; }

    public string GrowthText { get; set; }

    public string GrowthRateText { get; set; }
}

public record DashboardFlowsModel : BaseNopModel
{
    public IList<DashboardFlowModel> Flows { get; set; } = [];

    /// <summary>Node key (s{id} at the start, e{id} at the end; id 0 = in none of them) to label.</summary>
    public IDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();

    public string Note { get; set; }
}

public record DashboardFlowModel(string From, string To, int Customers, string CustomersText);

public record DashboardCartsModel : BaseNopModel
{
    public IList<DashboardFunnelStepModel> Steps { get; set; } = [];

    public string RecoveryRateText { get; set; }

    public string RecoveredRevenueText { get; set; }

    public string StillOpenText { get; set; }

    public string ExpiredText { get; set; }

    public string EmptiedText { get; set; }
}

public record DashboardFunnelStepModel(string Label, int Carts, string CartsText);

public record DashboardPredictionsModel : BaseNopModel
{
    public string ExpectedRevenueText { get; set; }

    public string CustomersPredictedText { get; set; }

    public string AverageChurnText { get; set; }

    public string ValuableAtRiskText { get; set; }
}
