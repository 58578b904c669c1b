using FluentMigrator;
using FluentMigrator.Builders.Alter.Table;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Data.Migrations;

/// <summary>
/// 1.08: the profile's registration date and day of birth (the rule fields <c>registered</c> and
/// <c>days_to_birthday</c>), and its copies of the account's e-mail and gender, folded by the rule language's case
/// rule, and its newsletter flag, for stores that installed an earlier version. Empty until the next rebuild fills them.
/// </summary>
[NopMigration("2026/12/06 21:00:00:0000000", "Misc.Segmentation 1.08: registration date, birthday and exact text keys", MigrationProcessType.Update)]
public class UpgradeTo108Migration : Migration
{
    public override void Up()
    {
        var profiles = SegmentationDefaults.TablePrefix + nameof(CustomerProfile);
        if (!Schema.Table(profiles).Column(nameof(CustomerProfile.RegisteredOnUtc)).Exists())
        {
            // the precision Create.TableFor gives every date (microseconds), so a new install and an upgrade store the same
            var alter = (AlterTableExpressionBuilder)Alter.Table(profiles);
            alter.AddColumn(nameof(CustomerProfile.RegisteredOnUtc)).AsDateTime2().Nullable();
            alter.CurrentColumn.Precision = 6;
        }

        if (!Schema.Table(profiles).Column(nameof(CustomerProfile.BirthdayDay)).Exists())
            Alter.Table(profiles).AddColumn(nameof(CustomerProfile.BirthdayDay)).AsInt32().Nullable();

        var profile = Schema.Table(profiles);
        if (!profile.Column(nameof(CustomerProfile.EmailKey)).Exists())
            Alter.Table(profiles).AddColumn(nameof(CustomerProfile.EmailKey)).AsString(int.MaxValue).Nullable();
        if (!profile.Column(nameof(CustomerProfile.GenderKey)).Exists())
            Alter.Table(profiles).AddColumn(nameof(CustomerProfile.GenderKey)).AsString(int.MaxValue).Nullable();
        if (!profile.Column(nameof(CustomerProfile.Newsletter)).Exists())
            Alter.Table(profiles).AddColumn(nameof(CustomerProfile.Newsletter)).AsBoolean().NotNullable().WithDefaultValue(false);

        ProfileKeysMigration.CompareKeysExactly(this);
    }

    public override void Down()
    {
        // nothing: uninstall runs the Down of every migration, and SchemaMigration drops the table with its columns
    }
}
