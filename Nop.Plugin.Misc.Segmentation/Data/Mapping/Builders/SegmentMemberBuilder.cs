using FluentMigrator.Builders.Create.Table;
using Nop.Data.Extensions;
using Nop.Data.Mapping.Builders;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Data.Mapping.Builders;

public class SegmentMemberBuilder : NopEntityBuilder<SegmentMember>
{
    public override void MapEntity(CreateTableExpressionBuilder table)
    {
        // deleting a segment takes its members with it; CustomerId deliberately has no key (see SegmentMember)
        table.WithColumn(nameof(SegmentMember.SegmentId)).AsInt32().ForeignKey<Segment>();
    }
}
