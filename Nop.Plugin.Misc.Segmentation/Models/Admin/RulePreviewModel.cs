namespace Nop.Plugin.Misc.Segmentation.Models.Admin;

/// <summary>The editor's answer while the owner types: the rule's error, or what it would give.</summary>
public record RulePreviewModel
{
    public bool Valid { get; set; }

    /// <summary>Zero-based offset of the error in the rule text.</summary>
    public int? ErrorPosition { get; set; }

    public string Error { get; set; }

    public string Suggestion { get; set; }

    public int Matching { get; set; }

    public int Customers { get; set; }

    public string Share { get; set; }

    public int Entering { get; set; }

    public int Leaving { get; set; }

    public IList<RulePreviewCustomer> Sample { get; set; } = [];
}

public record RulePreviewCustomer(int Id, string Email);
