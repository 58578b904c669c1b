using FluentMigrator.Builders.Create.Table;
using Nop.Data.Mapping.Builders;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Data.Mapping.Builders;

public class SegmentRequirementBuilder : NopEntityBuilder<SegmentRequirement>
{
    public override void MapEntity(CreateTableExpressionBuilder table)
    {
        // no key to DiscountRequirement: the plugin's consumer removes the row when the requirement goes
        table
            .WithColumn(nameof(SegmentRequirement.DiscountRequirementId)).AsInt32().NotNullable().Unique()
            .WithColumn(nameof(SegmentRequirement.SegmentIds)).AsString(4000).NotNullable();
    }
}
