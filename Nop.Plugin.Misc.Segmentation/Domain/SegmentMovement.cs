using System.ComponentModel.DataAnnotations.Schema;
using Nop.Core;

namespace Nop.Plugin.Misc.Segmentation.Domain;

/// <summary>A customer entering or leaving a segment.</summary>
public class SegmentMovement : BaseEntity, ICustomerRow
{
    public int SegmentId { get; set; }

    public int CustomerId { get; set; }

    public int MovementTypeId { get; set; }

    public string Reason { get; set; }

    public DateTime CreatedOnUtc { get; set; }

    [NotMapped]
    public SegmentMovementType MovementType
    {
        get => (SegmentMovementType)MovementTypeId;
        set => MovementTypeId = (int)value;
    }
}

public enum SegmentMovementType
{
    Entered = 10,
    Left = 20
}
