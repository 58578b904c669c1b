using System.ComponentModel.DataAnnotations.Schema;
using Nop.Core;

namespace Nop.Plugin.Misc.Segmentation.Domain;

/// <summary>
/// What the plugin knows about one customer in one store (StoreId 0 is the all-stores view).
/// Amounts are in the primary store currency.
/// </summary>
public class CustomerProfile : BaseEntity, ICustomerRow
{
    public int CustomerId { get; set; }

    public int StoreId { get; set; }

    public int OrdersCount { get; set; }

    public decimal AmountSpent { get; set; }

    public DateTime? FirstOrderDateUtc { get; set; }

    public DateTime? LastOrderDateUtc { get; set; }

    public decimal AverageOrderValue { get; set; }

    public int ItemsBought { get; set; }

    public int Orders30Days { get; set; }

    public decimal Spent30Days { get; set; }

    public int Orders90Days { get; set; }

    public decimal Spent90Days { get; set; }

    public int Orders365Days { get; set; }

    public decimal Spent365Days { get; set; }

    public DateTime? LastCartActivityUtc { get; set; }

    public decimal CartValue { get; set; }

    public int CartItems { get; set; }

    public DateTime? LastVisitUtc { get; set; }

    public int RecencyScore { get; set; }

    public int FrequencyScore { get; set; }

    public int MonetaryScore { get; set; }

    public int RfmGroupId { get; set; }

    public int LifecycleStageId { get; set; }

    public int UsageTierId { get; set; }

    public int? PreferredHour { get; set; }

    public int? PreferredWeekday { get; set; }

    public int AgeBandId { get; set; }

    public int? BirthdayMonth { get; set; }

    /// <summary>Day of the month of the date of birth (with <see cref="BirthdayMonth"/>, what days_to_birthday reads).</summary>
    public int? BirthdayDay { get; set; }

    /// <summary>When the account was created (Customer.CreatedOnUtc); empty for guests, who have no account.</summary>
    public DateTime? RegisteredOnUtc { get; set; }

    public int CountryId { get; set; }

    public int StateProvinceId { get; set; }

    public int LanguageId { get; set; }

    public decimal ChurnProbability { get; set; }

    public DateTime? ExpectedNextOrderUtc { get; set; }

    public decimal PredictedLifetimeValue { get; set; }

    /// <summary>
    /// The account's e-mail folded by the rule language's case rule (<c>RuleText.Fold</c>), null when none: folded
    /// here, in .NET, so every engine compares the same letters (the column has a binary collation where the
    /// engine's default would ignore case, accents or trailing spaces).
    /// </summary>
    public string EmailKey { get; set; }

    /// <summary>The account's gender, folded like <see cref="EmailKey"/>; null when none.</summary>
    public string GenderKey { get; set; }

    /// <summary>
    /// An active newsletter subscription with the account's e-mail (by the case rule) in the profile's store, in any
    /// store for the all-stores profile.
    /// </summary>
    public bool Newsletter { get; set; }

    public DateTime ComputedOnUtc { get; set; }

    [NotMapped]
    public LifecycleStage LifecycleStage
    {
        get => (LifecycleStage)LifecycleStageId;
        set => LifecycleStageId = (int)value;
    }

    [NotMapped]
    public RfmGroup RfmGroup
    {
        get => (RfmGroup)RfmGroupId;
        set => RfmGroupId = (int)value;
    }

    [NotMapped]
    public UsageTier UsageTier
    {
        get => (UsageTier)UsageTierId;
        set => UsageTierId = (int)value;
    }

    [NotMapped]
    public AgeBand AgeBand
    {
        get => (AgeBand)AgeBandId;
        set => AgeBandId = (int)value;
    }
}
