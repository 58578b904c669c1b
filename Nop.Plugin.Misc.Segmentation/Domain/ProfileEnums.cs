namespace Nop.Plugin.Misc.Segmentation.Domain;

public enum LifecycleStage
{
    Prospect = 0,
    New = 10,
    Active = 20,
    AtRisk = 30,
    Lapsed = 40,
    Churned = 50
}

/// <summary>The named RFM groups (the usual 11-group map of recency and frequency/monetary scores).</summary>
public enum RfmGroup
{
    None = 0,
    Champions = 10,
    LoyalCustomers = 20,
    PotentialLoyalists = 30,
    NewCustomers = 40,
    Promising = 50,
    NeedAttention = 60,
    AboutToSleep = 70,
    AtRisk = 80,
    CannotLoseThem = 90,
    Hibernating = 100,
    Lost = 110
}

public enum UsageTier
{
    None = 0,
    Light = 10,
    Medium = 20,
    Heavy = 30
}

public enum AgeBand
{
    Unknown = 0,
    Under25 = 10,
    From25To34 = 20,
    From35To44 = 30,
    From45To54 = 40,
    From55To64 = 50,
    From65 = 60
}
