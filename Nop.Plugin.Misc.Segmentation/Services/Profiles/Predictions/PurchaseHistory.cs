namespace Nop.Plugin.Misc.Segmentation.Services.Profiles.Predictions;

/// <summary>
/// One customer's purchases in the form the models take: repeat purchases after the first (x), days from the first
/// to the last purchase (recency, tₓ) and days from the first purchase to now (age, T).
/// </summary>
public readonly record struct PurchaseHistory(int Repeats, double Recency, double Age);
