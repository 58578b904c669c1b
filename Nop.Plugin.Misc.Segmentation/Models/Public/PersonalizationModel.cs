using Nop.Web.Framework.Models;

namespace Nop.Plugin.Misc.Segmentation.Models.Public;

/// <summary>What one widget zone shows the current visitor; a part left null is not shown.</summary>
public record PersonalizationModel : BaseNopModel
{
    public string WidgetZone { get; init; }

    /// <summary>The owner's greeting with the visitor's values filled in (HTML-encoded), ready to output as HTML.</summary>
    public string GreetingHtml { get; init; }

    public LoyaltyModel Loyalty { get; init; }

    public CartOfferModel CartOffer { get; init; }

    public bool IsEmpty => string.IsNullOrEmpty(GreetingHtml) && Loyalty == null && CartOffer == null;
}

/// <summary>The loyalty upgrade: held (<see cref="IsLoyal"/>) or within reach.</summary>
public record LoyaltyModel
{
    public bool IsLoyal { get; init; }

    /// <summary>Plain text: what the customer gets, or what they still need for it.</summary>
    public string Text { get; init; }

    /// <summary>Orders counted towards the loyal bar, for the progress bar; null when the text is not about orders.</summary>
    public int? OrdersDone { get; init; }

    /// <summary>The loyal bar in orders: the progress bar's end.</summary>
    public int? OrdersNeeded { get; init; }

    /// <summary>The progress bar's accessible name, e.g. "2 of 3 orders".</summary>
    public string ProgressLabel { get; init; }
}

public record CartOfferModel
{
    /// <summary>Plain text: the offer and until when.</summary>
    public string Text { get; init; }

    /// <summary>The cart page, or null where the offer is shown on it already.</summary>
    public string CartUrl { get; init; }
}
