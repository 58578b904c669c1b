using FluentMigrator;
using Nop.Data.Extensions;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Data.Migrations;

/// <summary>
/// 1.01: adds the task lease, store statistics and customer category tables to stores that installed 1.00. Fresh installs get them from
/// <see cref="SchemaMigration"/> and only record this migration as applied.
/// </summary>
[NopMigration("2026/11/24 09:00:00:0000000", "Misc.Segmentation 1.01: task lease, store statistics, customer categories, discount requirements", MigrationProcessType.Update)]
public class UpgradeTo101Migration : Migration
{
    public override void Up()
    {
        if (!Schema.Table(SegmentationDefaults.TablePrefix + nameof(TaskLease)).Exists())
            Create.TableFor<TaskLease>();

        if (!Schema.Table(SegmentationDefaults.TablePrefix + nameof(StoreStatistics)).Exists())
            Create.TableFor<StoreStatistics>();

        if (!Schema.Table(SegmentationDefaults.TablePrefix + nameof(SegmentRequirement)).Exists())
            Create.TableFor<SegmentRequirement>();

        var categories = SegmentationDefaults.TablePrefix + nameof(CustomerCategory);
        if (!Schema.Table(categories).Exists())
        {
            Create.TableFor<CustomerCategory>();
            Create.Index("IX_SegCategory_Customer_Category").OnTable(categories)
                .OnColumn(nameof(CustomerCategory.CustomerId)).Ascending()
                .OnColumn(nameof(CustomerCategory.CategoryId)).Ascending()
                .WithOptions().Unique();
            Create.Index("IX_SegCategory_Category").OnTable(categories).OnColumn(nameof(CustomerCategory.CategoryId)).Ascending();
        }
    }

    public override void Down()
    {
        // nothing: uninstall runs the Down of every migration, and SchemaMigration drops the tables
    }
}
