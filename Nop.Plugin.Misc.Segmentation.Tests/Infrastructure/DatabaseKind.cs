namespace Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;

public enum DatabaseKind
{
    Sqlite,
    PostgreSql,
    MariaDb
}

public static class Databases
{
    public const string PostgresVariable = "SEGMENTATION_TEST_POSTGRES";
    public const string MySqlVariable = "SEGMENTATION_TEST_MYSQL";

    /// <summary>Every engine a database fixture runs on; build/test.sh starts the servers and sets the variables.</summary>
    public static IEnumerable<DatabaseKind> All => [DatabaseKind.Sqlite, DatabaseKind.PostgreSql, DatabaseKind.MariaDb];

    public static IEnumerable<DatabaseKind> SqliteAndPostgres => [DatabaseKind.Sqlite, DatabaseKind.PostgreSql];
}
