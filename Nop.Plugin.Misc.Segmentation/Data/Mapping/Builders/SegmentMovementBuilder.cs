using FluentMigrator.Builders.Create.Table;
using Nop.Data.Extensions;
using Nop.Data.Mapping.Builders;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Data.Mapping.Builders;

public class SegmentMovementBuilder : NopEntityBuilder<SegmentMovement>
{
    public override void MapEntity(CreateTableExpressionBuilder table)
    {
        table
            .WithColumn(nameof(SegmentMovement.SegmentId)).AsInt32().ForeignKey<Segment>()
            .WithColumn(nameof(SegmentMovement.Reason)).AsString(400).Nullable();
    }
}
