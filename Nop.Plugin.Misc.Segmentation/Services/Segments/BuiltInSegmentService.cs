using System.Globalization;
using Nop.Core;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Segments;

/// <summary>
/// The segments every store gets: new, returning, loyal, VIP, at risk, lapsed, abandoned cart with an active offer,
/// and one per named RFM group. Their
/// rules follow the settings; the owner may rename, reorder or switch them off, and those choices are kept.
/// </summary>
public class BuiltInSegmentService
{
    private readonly IRepository<Segment> _segmentRepository;

    public BuiltInSegmentService(IRepository<Segment> segmentRepository)
    {
        _segmentRepository = segmentRepository;
    }

    /// <summary>The segment a cart-offer discount requires: customers whose abandoned cart earned an offer still valid.</summary>
    public const string AbandonedCartSystemName = "abandoned_cart";

    public const string LoyalSystemName = "loyal";

    /// <summary>The profile window (30, 90 or 365 days) the loyal bar counts in.</summary>
    public static int LoyalPeriodDays(SegmentationSettings settings) => settings.LoyalPeriodDays switch { <= 30 => 30, <= 90 => 90, _ => 365 };

    public static IReadOnlyList<(string SystemName, string Name, string Rule)> Definitions(SegmentationSettings settings)
    {
        var period = LoyalPeriodDays(settings);
        var loyal = $"orders_{period}d >= {settings.LoyalMinOrders}";
        if (settings.LoyalMinAmount > 0)
            loyal += $" or spent_{period}d >= {settings.LoyalMinAmount.ToString(CultureInfo.InvariantCulture)}";

        var list = new List<(string, string, string)>
        {
            ("new", "New customers", "lifecycle = new"),
            ("returning", "Returning customers", "orders >= 2"),
            (LoyalSystemName, "Loyal customers", loyal),
            // a bar of 0 would take in every profile, registered customers who never ordered too: it means "bought this year"
            ("vip", "VIP", settings.VipMinSpent > 0 ? $"spent_365d >= {settings.VipMinSpent.ToString(CultureInfo.InvariantCulture)}" : "orders_365d >= 1"),
            ("at_risk", "At risk", "lifecycle = at_risk"),
            ("lapsed", "Lapsed", "lifecycle = lapsed"),
            (AbandonedCartSystemName, "Abandoned cart with an active offer", "cart_offer = yes")
        };
        foreach (var group in Enum.GetValues<RfmGroup>().Where(g => g != RfmGroup.None))
            list.Add(($"rfm_{group}".ToLowerInvariant(), $"RFM: {CommonHelper.SplitCamelCaseWord(group.ToString())}", $"rfm_group = {group}"));
        return list;
    }

    /// <summary>
    /// Creates the missing built-in segments and brings the rules of the others in line with the settings.
    /// Returns the segments created or changed, whose members are due for evaluation.
    /// </summary>
    public async Task<List<Segment>> EnsureAsync(SegmentationSettings settings, DateTime nowUtc)
    {
        var existing = (await _segmentRepository.Table.Where(s => s.SegmentTypeId == (int)SegmentType.BuiltIn).ToListAsync())
            .Where(s => s.SystemName != null)
            .ToDictionary(s => s.SystemName);
        var changed = new List<Segment>();
        var priority = 0;
        foreach (var (systemName, name, rule) in Definitions(settings))
        {
            priority += 10;
            if (existing.TryGetValue(systemName, out var segment))
            {
                if (segment.Rule == rule)
                    continue;
                segment.Rule = rule;
                segment.UpdatedOnUtc = nowUtc;
                await _segmentRepository.UpdateAsync(segment, false);
            }
            else
            {
                segment = new Segment
                {
                    SystemName = systemName, Name = name, Rule = rule, SegmentType = SegmentType.BuiltIn, Active = true,
                    Priority = priority, CreatedOnUtc = nowUtc, UpdatedOnUtc = nowUtc
                };
                await _segmentRepository.InsertAsync(segment, false);
            }

            changed.Add(segment);
        }

        return changed;
    }
}
