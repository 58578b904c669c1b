using FluentMigrator;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Data.Migrations;

/// <summary>
/// 1.08: the profile's copies of the account's e-mail and gender, folded by the rule language's case rule, and its
/// newsletter flag, for stores that installed an earlier version. The rebuild fills them.
/// </summary>
[NopMigration("2026/12/06 21:00:00:0000000", "Misc.Segmentation 1.08: exact text keys", MigrationProcessType.Update)]
public class UpgradeTo108Migration : Migration
{
    public override void Up()
    {
        var profile = Schema.Table(SegmentationDefaults.TablePrefix + nameof(CustomerProfile));
        var table = SegmentationDefaults.TablePrefix + nameof(CustomerProfile);
        if (!profile.Column(nameof(CustomerProfile.EmailKey)).Exists())
            Alter.Table(table).AddColumn(nameof(CustomerProfile.EmailKey)).AsString(int.MaxValue).Nullable();
        if (!profile.Column(nameof(CustomerProfile.GenderKey)).Exists())
            Alter.Table(table).AddColumn(nameof(CustomerProfile.GenderKey)).AsString(int.MaxValue).Nullable();
        if (!profile.Column(nameof(CustomerProfile.Newsletter)).Exists())
            Alter.Table(table).AddColumn(nameof(CustomerProfile.Newsletter)).AsBoolean().NotNullable().WithDefaultValue(false);

        ProfileKeysMigration.CompareKeysExactly(this);
    }

    public override void Down()
    {
        // nothing: uninstall runs the Down of every migration, and SchemaMigration drops the table
    }
}
