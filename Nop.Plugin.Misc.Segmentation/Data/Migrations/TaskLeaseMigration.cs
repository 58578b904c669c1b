using FluentMigrator;
using Nop.Data.Extensions;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Data.Migrations;

/// <summary>
/// 1.01: adds the task lease table to stores that installed 1.00. Fresh installs get it from
/// <see cref="SchemaMigration"/> and only record this migration as applied.
/// </summary>
[NopMigration("2026/11/24 09:00:00:0000000", "Misc.Segmentation 1.01: task lease", MigrationProcessType.Update)]
public class TaskLeaseMigration : Migration
{
    public override void Up()
    {
        if (!Schema.Table(SegmentationDefaults.TablePrefix + nameof(TaskLease)).Exists())
            Create.TableFor<TaskLease>();
    }

    public override void Down()
    {
        // nothing: uninstall runs the Down of every migration, and SchemaMigration drops the table
    }
}
