namespace Nop.Plugin.Misc.Segmentation.Domain;

/// <summary>
/// Why a customer entered or left a segment, as <see cref="SegmentMovement.Reason"/> stores it: a code, so the admin
/// shows it in the owner's language (<see cref="ResourcePrefix"/> and the code's key).
/// </summary>
public static class MovementReasons
{
    public const string Rule = "rule";
    public const string Disabled = "segment disabled";
    public const string Import = "import";
    public const string Added = "added by owner";
    public const string Removed = "removed by owner";
    public const string Copy = "copy";

    public const string ResourcePrefix = SegmentationDefaults.ResourcePrefix + "Movements.Reason.";

    public static readonly IReadOnlyDictionary<string, string> ResourceKeys = new Dictionary<string, string>
    {
        [Rule] = "Rule", [Disabled] = "Disabled", [Import] = "Import", [Added] = "Added", [Removed] = "Removed", [Copy] = "Copy"
    };
}
