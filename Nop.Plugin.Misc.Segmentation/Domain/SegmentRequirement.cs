using System.ComponentModel.DataAnnotations.Schema;
using Nop.Core;

namespace Nop.Plugin.Misc.Segmentation.Domain;

/// <summary>
/// What one "customer is in segment(s)" requirement of a nopCommerce discount asks: which segments, how they
/// combine, and whom the discount is for.
/// </summary>
public class SegmentRequirement : BaseEntity
{
    public int DiscountRequirementId { get; set; }

    /// <summary>Segment ids, comma-separated.</summary>
    public string SegmentIds { get; set; }

    public int MatchId { get; set; }

    public int AudienceId { get; set; }

    [NotMapped]
    public SegmentMatch Match
    {
        get => (SegmentMatch)MatchId;
        set => MatchId = (int)value;
    }

    [NotMapped]
    public RequirementAudience Audience
    {
        get => (RequirementAudience)AudienceId;
        set => AudienceId = (int)value;
    }

    [NotMapped]
    public IReadOnlyList<int> Segments
    {
        get => string.IsNullOrEmpty(SegmentIds) ? [] : SegmentIds.Split(',').Select(int.Parse).ToList();
        set => SegmentIds = string.Join(",", value.Distinct().Order());
    }
}

public enum SegmentMatch
{
    /// <summary>In at least one of the segments.</summary>
    Any = 10,

    /// <summary>In every one of them.</summary>
    All = 20,

    /// <summary>In none of them.</summary>
    None = 30
}

public enum RequirementAudience
{
    Everyone = 0,
    GuestsOnly = 10,
    RegisteredOnly = 20
}
