using FluentMigrator.Builders.Create.Table;
using Nop.Data.Mapping.Builders;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Data.Mapping.Builders;

public class TaskLeaseBuilder : NopEntityBuilder<TaskLease>
{
    public override void MapEntity(CreateTableExpressionBuilder table)
    {
        // the unique name is what makes taking a lease atomic: a second node's insert fails
        table
            .WithColumn(nameof(TaskLease.Name)).AsString(200).NotNullable().Unique()
            .WithColumn(nameof(TaskLease.LeasedBy)).AsString(200).NotNullable();
    }
}
