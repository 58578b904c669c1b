using FluentMigrator.Builders.Create.Table;
using Nop.Data.Mapping.Builders;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Data.Mapping.Builders;

public class RfmQuintilesBuilder : NopEntityBuilder<RfmQuintiles>
{
    public override void MapEntity(CreateTableExpressionBuilder table)
    {
        table
            .WithColumn(nameof(RfmQuintiles.StoreId)).AsInt32().NotNullable().Unique()
            .WithColumn(nameof(RfmQuintiles.RecencyDays)).AsString(400).NotNullable()
            .WithColumn(nameof(RfmQuintiles.Frequency)).AsString(400).NotNullable()
            .WithColumn(nameof(RfmQuintiles.Monetary)).AsString(400).NotNullable();
    }
}
