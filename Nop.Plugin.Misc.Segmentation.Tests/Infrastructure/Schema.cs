using System.Data.Common;
using LinqToDB.Data;

namespace Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;

/// <summary>Reads what the database really holds, from the engine's own catalog.</summary>
public static class Schema
{
    public static HashSet<string> Tables(DataConnection connection, DatabaseKind kind)
    {
        var sql = kind switch
        {
            DatabaseKind.Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table'",
            DatabaseKind.PostgreSql => "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
            DatabaseKind.MariaDb => "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()",
            _ => throw new ArgumentOutOfRangeException(nameof(kind))
        };
        return connection.Query<string>(sql).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public static HashSet<string> Columns(DataConnection connection, DatabaseKind kind, string table)
    {
        if (kind == DatabaseKind.Sqlite)
            return connection.Query<string>($"SELECT name FROM pragma_table_info('{table}')").ToHashSet(StringComparer.OrdinalIgnoreCase);

        var schemaFilter = kind == DatabaseKind.PostgreSql ? "table_schema = 'public'" : "table_schema = DATABASE()";
        return connection.Query<string>(
                $"SELECT column_name FROM information_schema.columns WHERE {schemaFilter} AND table_name = @table",
                new DataParameter("table", table))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public static HashSet<string> Indexes(DataConnection connection, DatabaseKind kind, string table)
    {
        var sql = kind switch
        {
            DatabaseKind.Sqlite => "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = @table",
            DatabaseKind.PostgreSql => "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename = @table",
            DatabaseKind.MariaDb => "SELECT DISTINCT index_name FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = @table",
            _ => throw new ArgumentOutOfRangeException(nameof(kind))
        };
        return connection.Query<string>(sql, new DataParameter("table", table)).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public static int Count(DataConnection connection, DatabaseKind kind, string table) =>
        connection.Execute<int>($"SELECT COUNT(*) FROM {Quote(kind, table)}");

    public static string Quote(DatabaseKind kind, string name) => kind == DatabaseKind.MariaDb ? $"`{name}`" : $"\"{name}\"";
}
