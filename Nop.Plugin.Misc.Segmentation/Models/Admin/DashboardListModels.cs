using Nop.Web.Framework.Models;

namespace Nop.Plugin.Misc.Segmentation.Models.Admin;

/// <summary>One RFM cell's page: what it means and its members.</summary>
public record RfmCellPageModel : BaseNopModel
{
    public int StoreId { get; set; }

    public string StoreName { get; set; }

    public int Recency { get; set; }

    public int Frequency { get; set; }

    public string Group { get; set; }

    public string Description { get; set; }

    public RfmCellSearchModel SearchModel { get; set; }
}

public record RfmCellSearchModel : BaseSearchModel
{
    public int StoreId { get; set; }

    public int Recency { get; set; }

    public int Frequency { get; set; }
}

public record RfmCellMemberListModel : BasePagedListModel<RfmCellMemberModel>;

public record RfmCellMemberModel : BaseNopModel
{
    public int CustomerId { get; set; }

    public string Email { get; set; }

    public int Recency { get; set; }

    public int Frequency { get; set; }

    public int Monetary { get; set; }

    public int Orders { get; set; }

    public string Spent { get; set; }

    public DateTime? LastOrderOn { get; set; }
}

public record DashboardOfferSearchModel : BaseSearchModel
{
    public int StoreId { get; set; }
}

public record DashboardOfferListModel : BasePagedListModel<DashboardOfferModel>;

public record DashboardOfferModel : BaseNopModel
{
    public int AbandonedCartId { get; set; }

    public int CustomerId { get; set; }

    public string Email { get; set; }

    public string CartValue { get; set; }

    public int CartItems { get; set; }

    public DateTime DetectedOn { get; set; }

    public DateTime ExpiresOn { get; set; }

    public int RemindersSent { get; set; }
}

public record DashboardAtRiskSearchModel : BaseSearchModel
{
    public int StoreId { get; set; }
}

public record DashboardAtRiskListModel : BasePagedListModel<DashboardAtRiskModel>;

public record DashboardAtRiskModel : BaseNopModel
{
    public int CustomerId { get; set; }

    public string Email { get; set; }

    public string Name { get; set; }

    public string PredictedValue { get; set; }

    public string Churn { get; set; }

    public string Spent { get; set; }

    public int Orders { get; set; }

    public DateTime? LastOrderOn { get; set; }
}
