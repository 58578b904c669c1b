using System.ComponentModel.DataAnnotations.Schema;
using Nop.Core;

namespace Nop.Plugin.Misc.Segmentation.Domain;

public class Segment : BaseEntity
{
    public string Name { get; set; }

    public string Description { get; set; }

    /// <summary>Set for the segments the plugin creates itself; identifies them across renames.</summary>
    public string SystemName { get; set; }

    public int SegmentTypeId { get; set; }

    /// <summary>Rule text of a dynamic segment.</summary>
    public string Rule { get; set; }

    /// <summary>0 means every store.</summary>
    public int StoreId { get; set; }

    public bool Active { get; set; }

    /// <summary>Lower comes first where segments compete (e.g. which greeting a customer sees).</summary>
    public int Priority { get; set; }

    /// <summary>Customer role the members are mirrored into; 0 for none.</summary>
    public int CustomerRoleId { get; set; }

    public int MemberCount { get; set; }

    public DateTime CreatedOnUtc { get; set; }

    public DateTime UpdatedOnUtc { get; set; }

    public DateTime? LastEvaluatedOnUtc { get; set; }

    [NotMapped]
    public SegmentType SegmentType
    {
        get => (SegmentType)SegmentTypeId;
        set => SegmentTypeId = (int)value;
    }
}

public enum SegmentType
{
    Dynamic = 10,
    Static = 20,
    BuiltIn = 30
}
