using FluentMigrator;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Data.Migrations;

/// <summary>
/// The profile's folded text keys (<see cref="CustomerProfile.EmailKey"/>, <see cref="CustomerProfile.GenderKey"/>)
/// compared code point by code point. PostgreSQL and SQLite do so already; MySQL/MariaDB and SQL Server compare by
/// the database's collation, usually one that ignores case and accents (é = e), so the keys get a binary one.
/// Trailing spaces, which SQL Server's = and MySQL's PAD SPACE collations ignore, are handled by the compiler.
/// Apart from <see cref="SchemaMigration"/> because that one reverses itself on uninstall and SQL cannot be reversed.
/// </summary>
[NopMigration("2026/12/06 21:00:01:0000000", "Misc.Segmentation profile keys", MigrationProcessType.Installation)]
public class ProfileKeysMigration : Migration
{
    public override void Up() => CompareKeysExactly(this);

    public override void Down()
    {
        // nothing: SchemaMigration drops the table
    }

    public static void CompareKeysExactly(Migration migration)
    {
        var table = SegmentationDefaults.TablePrefix + nameof(CustomerProfile);
        foreach (var column in new[] { nameof(CustomerProfile.EmailKey), nameof(CustomerProfile.GenderKey) })
        {
            // utf8mb4_bin exists on every MySQL and MariaDB nopCommerce runs on (the NO PAD ones do not)
            migration.IfDatabase("MySql").Execute.Sql(
                $"ALTER TABLE `{table}` MODIFY `{column}` LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL");
            migration.IfDatabase("SqlServer").Execute.Sql(
                $"ALTER TABLE [{table}] ALTER COLUMN [{column}] NVARCHAR(MAX) COLLATE Latin1_General_100_BIN2 NULL");
        }
    }
}
