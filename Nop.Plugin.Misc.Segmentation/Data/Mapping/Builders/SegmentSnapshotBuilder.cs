using FluentMigrator.Builders.Create.Table;
using Nop.Data.Extensions;
using Nop.Data.Mapping.Builders;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Data.Mapping.Builders;

public class SegmentSnapshotBuilder : NopEntityBuilder<SegmentSnapshot>
{
    public override void MapEntity(CreateTableExpressionBuilder table)
    {
        table.WithColumn(nameof(SegmentSnapshot.SegmentId)).AsInt32().ForeignKey<Segment>();
    }
}
