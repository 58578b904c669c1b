using FluentMigrator;
using Nop.Data.Extensions;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Data.Migrations;

/// <summary>
/// 1.03: the owner's greeting texts, for stores that installed an earlier version. Also the discount requirement
/// table, which joined the 1.01 migration after early 1.01 builds had already recorded it as applied. Fresh installs
/// get both from <see cref="SchemaMigration"/>.
/// </summary>
[NopMigration("2026/11/26 09:00:00:0000000", "Misc.Segmentation 1.03: storefront greetings", MigrationProcessType.Update)]
public class UpgradeTo103Migration : Migration
{
    public override void Up()
    {
        if (!Schema.Table(SegmentationDefaults.TablePrefix + nameof(GreetingTemplate)).Exists())
            Create.TableFor<GreetingTemplate>();

        if (!Schema.Table(SegmentationDefaults.TablePrefix + nameof(SegmentRequirement)).Exists())
            Create.TableFor<SegmentRequirement>();
    }

    public override void Down()
    {
        // nothing: uninstall runs the Down of every migration, and SchemaMigration drops the table
    }
}
