using System.ComponentModel.DataAnnotations.Schema;
using Nop.Core;

namespace Nop.Plugin.Misc.Segmentation.Domain;

/// <summary>
/// The owner's text of the storefront greeting for one audience, optionally only for the members of a segment,
/// in one store (0: every store) and one language (0: every language). The most specific one wins.
/// </summary>
public class GreetingTemplate : BaseEntity
{
    public int AudienceId { get; set; }

    /// <summary>0: for the whole audience; otherwise a variant for this segment's members (signed-in customers).</summary>
    public int SegmentId { get; set; }

    public int StoreId { get; set; }

    public int LanguageId { get; set; }

    /// <summary>HTML written by the owner, with tokens such as %Customer.FirstName%; token values are HTML-encoded.</summary>
    public string Body { get; set; }

    [NotMapped]
    public GreetingAudience Audience
    {
        get => (GreetingAudience)AudienceId;
        set => AudienceId = (int)value;
    }
}

/// <summary>Who is greeted.</summary>
public enum GreetingAudience
{
    /// <summary>A visitor whose customer record is from this visit.</summary>
    FirstVisit = 10,

    /// <summary>A guest recognised by the customer cookie from an earlier visit, invited to sign in.</summary>
    ReturningGuest = 20,

    /// <summary>A signed-in (registered) customer from an earlier visit, greeted by name.</summary>
    SignedIn = 30
}
