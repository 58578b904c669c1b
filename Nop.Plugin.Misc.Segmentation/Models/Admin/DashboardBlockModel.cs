using Nop.Web.Framework.Models;

namespace Nop.Plugin.Misc.Segmentation.Models.Admin;

/// <summary>The plugin's block on the admin home page: four figures over all stores, each leading to the dashboard.</summary>
public record DashboardBlockModel : BaseNopModel
{
    /// <summary>The owner folded the block away last time.</summary>
    public bool Collapsed { get; set; }

    /// <summary>Customers with an all-stores profile.</summary>
    public int ProfiledCustomers { get; set; }

    public int CustomersWithOrders { get; set; }

    /// <summary>The value the all-stores profiles expect in the next 12 months, formatted.</summary>
    public string ExpectedRevenue { get; set; }

    public int PredictedCustomers { get; set; }

    /// <summary>Whole days in the owner's time zone, today included, that the cart figures cover.</summary>
    public int CartDays { get; set; }

    public int DetectedCarts { get; set; }

    public int RecoveredCarts { get; set; }

    public string RecoveredRevenue { get; set; }

    public int ValuableAtRisk { get; set; }
}
