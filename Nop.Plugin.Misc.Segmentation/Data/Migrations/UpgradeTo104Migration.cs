using FluentMigrator;
using Nop.Data.Extensions;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Data.Migrations;

/// <summary>1.04: the abandoned-cart reminder log, for stores that installed an earlier version.</summary>
[NopMigration("2026/11/27 09:00:00:0000000", "Misc.Segmentation 1.04: abandoned-cart reminders", MigrationProcessType.Update)]
public class UpgradeTo104Migration : Migration
{
    public override void Up()
    {
        if (Schema.Table(SegmentationDefaults.TablePrefix + nameof(CartReminder)).Exists())
            return;

        Create.TableFor<CartReminder>();
        SchemaMigration.CreateCartReminderIndexes(Create);
    }

    public override void Down()
    {
        // nothing: uninstall runs the Down of every migration, and SchemaMigration drops the table
    }
}
