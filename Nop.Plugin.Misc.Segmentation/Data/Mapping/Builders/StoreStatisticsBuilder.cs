using FluentMigrator.Builders.Create.Table;
using Nop.Data.Mapping.Builders;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Data.Mapping.Builders;

public class StoreStatisticsBuilder : NopEntityBuilder<StoreStatistics>
{
    public override void MapEntity(CreateTableExpressionBuilder table)
    {
        table
            .WithColumn(nameof(StoreStatistics.StoreId)).AsInt32().NotNullable().Unique()
            .WithColumn(nameof(StoreStatistics.RecencyDays)).AsString(400).NotNullable()
            .WithColumn(nameof(StoreStatistics.Frequency)).AsString(400).NotNullable()
            .WithColumn(nameof(StoreStatistics.Monetary)).AsString(400).NotNullable()
            .WithColumn(nameof(StoreStatistics.PurchaseModel)).AsString(400).Nullable()
            .WithColumn(nameof(StoreStatistics.SpendModel)).AsString(400).Nullable();
    }
}
