using FluentMigrator;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Data.Migrations;

/// <summary>1.06: movements by segment and date, for the admin pages of stores that installed an earlier version.</summary>
[NopMigration("2026/12/06 14:00:00:0000000", "Misc.Segmentation 1.06: movement index", MigrationProcessType.Update)]
public class UpgradeTo106Migration : Migration
{
    public override void Up()
    {
        if (Schema.Table(SegmentationDefaults.TablePrefix + nameof(SegmentMovement)).Index(SchemaMigration.MovementSegmentIndex).Exists())
            return;

        SchemaMigration.CreateMovementSegmentIndex(Create);
    }

    public override void Down()
    {
        // nothing: uninstall runs the Down of every migration, and SchemaMigration drops the table with its indexes
    }
}
