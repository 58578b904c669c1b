using FluentMigrator;
using Nop.Data.Extensions;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Data.Migrations;

/// <summary>
/// 1.07: the daily distribution of profiles (the dashboard's lifecycle and tier history) and the profiles' RFM index,
/// for stores that installed an earlier version.
/// </summary>
[NopMigration("2026/12/06 18:00:00:0000000", "Misc.Segmentation 1.07: profile snapshots", MigrationProcessType.Update)]
public class UpgradeTo107Migration : Migration
{
    public override void Up()
    {
        if (!Schema.Table(SegmentationDefaults.TablePrefix + nameof(ProfileSnapshot)).Exists())
        {
            Create.TableFor<ProfileSnapshot>();
            SchemaMigration.CreateProfileSnapshotIndex(Create);
        }

        if (!Schema.Table(SegmentationDefaults.TablePrefix + nameof(CustomerProfile)).Index(SchemaMigration.ProfileRfmIndex).Exists())
            SchemaMigration.CreateProfileRfmIndex(Create);
    }

    public override void Down()
    {
        // nothing: uninstall runs the Down of every migration, and SchemaMigration drops the table with its indexes
    }
}
