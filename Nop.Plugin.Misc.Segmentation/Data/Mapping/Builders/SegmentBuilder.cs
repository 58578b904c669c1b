using FluentMigrator.Builders.Create.Table;
using Nop.Data.Mapping.Builders;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Data.Mapping.Builders;

public class SegmentBuilder : NopEntityBuilder<Segment>
{
    public override void MapEntity(CreateTableExpressionBuilder table)
    {
        table
            .WithColumn(nameof(Segment.Name)).AsString(400).NotNullable()
            .WithColumn(nameof(Segment.SystemName)).AsString(100).Nullable();
    }
}
