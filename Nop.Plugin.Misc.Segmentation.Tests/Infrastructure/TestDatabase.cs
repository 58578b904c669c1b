using LinqToDB;
using LinqToDB.Data;
using Microsoft.Data.Sqlite;
using MySqlConnector;
using Npgsql;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database on a real engine, dropped on dispose. SQLite is a file; PostgreSQL and MariaDB come
/// from the servers build/test.sh starts. Without them the fixture fails under CI and is ignored elsewhere.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    private readonly string _adminConnectionString;
    private readonly string _name;
    private readonly string _sqliteFile;

    private TestDatabase(DatabaseKind kind, string connectionString, string adminConnectionString, string name, string sqliteFile)
    {
        Kind = kind;
        ConnectionString = connectionString;
        _adminConnectionString = adminConnectionString;
        _name = name;
        _sqliteFile = sqliteFile;
    }

    public DatabaseKind Kind { get; }

    public string ConnectionString { get; }

    public static TestDatabase Create(DatabaseKind kind)
    {
        var name = "seg_" + Guid.NewGuid().ToString("N")[..12];
        switch (kind)
        {
            case DatabaseKind.Sqlite:
                var file = Path.Combine(Path.GetTempPath(), name + ".sqlite");
                var sqlite = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
                // readers and a writer at once, as on the server engines (the rebuild streams while it writes); kept in the file
                using (var connection = new SqliteConnection(sqlite))
                {
                    connection.Open();
                    using var command = new SqliteCommand("PRAGMA journal_mode=WAL", connection);
                    command.ExecuteNonQuery();
                }

                return new TestDatabase(kind, sqlite, null, name, file);

            case DatabaseKind.PostgreSql:
            {
                var admin = ServerConnectionString(Databases.PostgresVariable);
                using (var connection = new NpgsqlConnection(admin))
                {
                    connection.Open();
                    using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                    command.ExecuteNonQuery();
                }

                var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
                return new TestDatabase(kind, builder.ToString(), admin, name, null);
            }

            case DatabaseKind.MariaDb:
            {
                var admin = ServerConnectionString(Databases.MySqlVariable);
                using (var connection = new MySqlConnection(admin))
                {
                    connection.Open();
                    using var command = new MySqlCommand($"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", connection);
                    command.ExecuteNonQuery();
                }

                var builder = new MySqlConnectionStringBuilder(admin) { Database = name };
                return new TestDatabase(kind, builder.ToString(), admin, name, null);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    private static string ServerConnectionString(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(value))
            return value;

        var message = $"{variable} is not set: run the tests with build/test.sh, which starts the database servers.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail(message);
        Assert.Ignore(message);
        return null;
    }

    /// <summary>A linq2db connection of the engine, mapped the way nopCommerce maps entities.</summary>
    public DataConnection OpenDataConnection(Action<TraceInfo> trace = null) => new(Options(trace));

    /// <summary>The engine, connection string and nopCommerce's mapping, for connections opened as needed.</summary>
    public DataOptions Options(Action<TraceInfo> trace = null)
    {
        var options = Kind switch
        {
            DatabaseKind.Sqlite => new DataOptions().UseSQLite(ConnectionString, LinqToDB.DataProvider.SQLite.SQLiteProvider.Microsoft),
            DatabaseKind.PostgreSql => new DataOptions().UsePostgreSQL(ConnectionString),
            DatabaseKind.MariaDb => new DataOptions().UseMySql(ConnectionString, LinqToDB.DataProvider.MySql.MySqlVersion.AutoDetect, LinqToDB.DataProvider.MySql.MySqlProvider.MySqlConnector),
            _ => throw new ArgumentOutOfRangeException()
        };

        options = options.UseMappingSchema(NopMapping.Schema);
        if (trace != null)
            options = options.UseTracing(System.Diagnostics.TraceLevel.Info, trace);
        return options;
    }

    public void Dispose()
    {
        // for looking into a benchmark's store afterwards
        if (Environment.GetEnvironmentVariable("SEGMENTATION_KEEP_DATABASE") == "1")
        {
            Console.WriteLine($"kept database {_name}");
            return;
        }

        switch (Kind)
        {
            case DatabaseKind.Sqlite:
                SqliteConnection.ClearAllPools();
                foreach (var file in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" })
                    File.Delete(file);
                break;

            case DatabaseKind.PostgreSql:
                NpgsqlConnection.ClearAllPools();
                using (var connection = new NpgsqlConnection(_adminConnectionString))
                {
                    connection.Open();
                    using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
                    command.ExecuteNonQuery();
                }
                break;

            case DatabaseKind.MariaDb:
                MySqlConnection.ClearAllPools();
                using (var connection = new MySqlConnection(_adminConnectionString))
                {
                    connection.Open();
                    using var command = new MySqlCommand($"DROP DATABASE IF EXISTS {_name}", connection);
                    command.ExecuteNonQuery();
                }
                break;
        }
    }
}
