using FluentMigrator.Builders.Create.Table;
using Nop.Data.Mapping.Builders;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Data.Mapping.Builders;

public class ProfileSnapshotBuilder : NopEntityBuilder<ProfileSnapshot>
{
    public override void MapEntity(CreateTableExpressionBuilder table)
    {
        table
            .WithColumn(nameof(ProfileSnapshot.StoreId)).AsInt32().NotNullable()
            .WithColumn(nameof(ProfileSnapshot.DimensionId)).AsInt32().NotNullable()
            .WithColumn(nameof(ProfileSnapshot.Value)).AsInt32().NotNullable()
            .WithColumn(nameof(ProfileSnapshot.Customers)).AsInt32().NotNullable();
    }
}
