using FluentMigrator;
using Nop.Data.Extensions;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Data.Migrations;

/// <summary>1.02: abandoned carts and the profiles' cart-activity index, for stores that installed an earlier version. Fresh installs get the table from <see cref="SchemaMigration"/>.</summary>
[NopMigration("2026/11/25 09:00:00:0000000", "Misc.Segmentation 1.02: abandoned carts", MigrationProcessType.Update)]
public class UpgradeTo102Migration : Migration
{
    public override void Up()
    {
        var table = SegmentationDefaults.TablePrefix + nameof(AbandonedCart);
        if (!Schema.Table(table).Exists())
        {
            Create.TableFor<AbandonedCart>();
            SchemaMigration.CreateAbandonedCartIndexes(Create, table);
        }

        if (!Schema.Table(SegmentationDefaults.TablePrefix + nameof(CustomerProfile)).Index(SchemaMigration.ProfileCartActivityIndex).Exists())
            SchemaMigration.CreateProfileCartActivityIndex(Create);
    }

    public override void Down()
    {
        // nothing: uninstall runs the Down of every migration, and SchemaMigration drops the table
    }
}
