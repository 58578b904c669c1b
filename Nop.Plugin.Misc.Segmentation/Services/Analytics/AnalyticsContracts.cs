namespace Nop.Plugin.Misc.Segmentation.Services.Analytics;

/// <summary>
/// Customers who were in one chosen segment at the start of a period and in another (or the same) at its end.
/// Segment id 0 stands for "in none of the chosen segments".
/// </summary>
public record SegmentFlow(int FromSegmentId, int ToSegmentId, int Customers);

/// <summary>Abandoned carts of a period: detected, reminded (by reminder number), recovered and how they ended.</summary>
public record CartFunnel(int Detected, IReadOnlyList<int> RemindedByNumber, int Recovered, decimal RecoveredRevenue,
    int StillOpen, int Expired, int Emptied)
{
    /// <summary>Recovered among detected; 0 when nothing was detected.</summary>
    public decimal RecoveryRate => Detected == 0 ? 0 : (decimal)Recovered / Detected;
}

/// <summary>An abandoned cart whose offer is still valid.</summary>
public record OpenCartOffer(int AbandonedCartId, int CustomerId, string Email, decimal CartValue, int CartItems,
    DateTime DetectedOnUtc, DateTime OfferExpiresOnUtc, int RemindersSent);

/// <summary>The predictions of a store's profiles, summed.</summary>
public record PredictionSummary(decimal ExpectedRevenueNextYear, int CustomersPredicted, decimal AverageChurnProbability,
    int ValuableCustomersAtRisk)
{
    /// <summary>Customers with a profile in the store (with an order or a cart, or registered there).</summary>
    public int ProfiledCustomers { get; init; }

    /// <summary>Profiled customers with at least one counted order.</summary>
    public int CustomersWithOrders { get; init; }
}

/// <summary>
/// A customer worth winning back: among the store's top fifth by spend and likely to have stopped buying
/// (see <see cref="PredictionReportService.GetValuableAtRiskAsync"/>).
/// </summary>
public record AtRiskCustomer(int CustomerId, string Email, string FullName, decimal PredictedLifetimeValue,
    decimal ChurnProbability, decimal AmountSpent, int OrdersCount, DateTime? LastOrderDateUtc)
{
    /// <summary>What the store stands to lose: the customer's spend so far weighted by the chance they have stopped.</summary>
    public decimal ValueAtStake => Math.Round(AmountSpent * ChurnProbability, 2);
}
