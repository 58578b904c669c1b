using Nop.Web.Framework.Models;

namespace Nop.Plugin.Misc.Segmentation.Models.Admin;

/// <summary>The plugin's panel on the admin customer page; dates are in the owner's time zone, amounts formatted.</summary>
public record CustomerPanelModel : BaseNopModel
{
    public int CustomerId { get; set; }

    /// <summary>The owner folded the panel away last time.</summary>
    public bool Collapsed { get; set; }

    /// <summary>False when the plugin knows nothing of the customer: the panel then only says so.</summary>
    public bool HasData { get; set; }

    public List<CustomerPanelSegmentModel> Segments { get; set; } = [];

    /// <summary>The all-stores profile first, then one per store.</summary>
    public List<CustomerPanelProfileModel> Profiles { get; set; } = [];

    /// <summary>Newest first.</summary>
    public List<CustomerPanelCartModel> Carts { get; set; } = [];

    /// <summary>Newest first, at most <see cref="Services.Analytics.CustomerInsightService.MovementsShown"/>.</summary>
    public List<CustomerPanelMovementModel> Movements { get; set; } = [];

    /// <summary>All of the customer's movements, of which <see cref="Movements"/> are the latest.</summary>
    public int MovementCount { get; set; }
}

public record CustomerPanelSegmentModel : BaseNopEntityModel
{
    public string Name { get; set; }

    public bool Active { get; set; }

    public string StoreName { get; set; }

    public DateTime MemberSince { get; set; }
}

public record CustomerPanelProfileModel : BaseNopModel
{
    public int StoreId { get; set; }

    public string StoreName { get; set; }

    public int Orders { get; set; }

    public string Spent { get; set; }

    public DateTime? LastOrder { get; set; }

    public int Recency { get; set; }

    public int Frequency { get; set; }

    public int Monetary { get; set; }

    /// <summary>Empty for a customer without orders, who has no RFM scores.</summary>
    public string RfmGroup { get; set; }

    public string Lifecycle { get; set; }

    public string UsageTier { get; set; }

    /// <summary>False when the store's model could not predict (no orders, or too few customers to fit it).</summary>
    public bool HasPrediction { get; set; }

    /// <summary>0..1.</summary>
    public decimal ChurnProbability { get; set; }

    public DateTime? ExpectedNextOrder { get; set; }

    public string PredictedValue { get; set; }
}

public record CustomerPanelCartModel : BaseNopEntityModel
{
    public string StoreName { get; set; }

    public int StatusId { get; set; }

    public string Status { get; set; }

    public string CartValue { get; set; }

    public int CartItems { get; set; }

    public DateTime DetectedOn { get; set; }

    public DateTime OfferExpiresOn { get; set; }

    /// <summary>Open and not yet expired: the customer can still use the offer.</summary>
    public bool OfferValid { get; set; }

    public int RecoveredOrderId { get; set; }

    public string RecoveredAmount { get; set; }

    public DateTime? ClosedOn { get; set; }

    public List<CustomerPanelReminderModel> Reminders { get; set; } = [];
}

public record CustomerPanelReminderModel : BaseNopModel
{
    public int Number { get; set; }

    public DateTime SentOn { get; set; }
}

public record CustomerPanelMovementModel : BaseNopModel
{
    public int SegmentId { get; set; }

    public string SegmentName { get; set; }

    public bool Entered { get; set; }

    public string Direction { get; set; }

    public string Reason { get; set; }

    public DateTime CreatedOn { get; set; }
}
