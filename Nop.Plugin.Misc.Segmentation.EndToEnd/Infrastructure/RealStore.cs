using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Nop.Plugin.Misc.Segmentation.EndToEnd.Infrastructure;

/// <summary>
/// The nopCommerce 4.90 store the suite drives: one the owner names (SEGMENTATION_STORE_URL with the admin's
/// SEGMENTATION_ADMIN_EMAIL and SEGMENTATION_ADMIN_PASSWORD, and SEGMENTATION_STORE_DB, an Npgsql connection string,
/// for the checks that read its database), or else a fresh one started from the team's real-store kit and stopped
/// afterwards.
/// </summary>
public sealed class RealStore : IAsyncDisposable
{
    public const string UrlVariable = "SEGMENTATION_STORE_URL";
    public const string KitVariable = "SEGMENTATION_REALSTORE";

    private readonly string _kit;
    private readonly string _workDir;

    private RealStore(string url, string adminEmail, string adminPassword, string database, string kit = null, string workDir = null,
        string siteLog = null)
    {
        Url = url.TrimEnd('/');
        AdminEmail = adminEmail;
        AdminPassword = adminPassword;
        Database = database;
        SiteLog = siteLog;
        _kit = kit;
        _workDir = workDir;
    }

    public string Url { get; }

    public string AdminEmail { get; }

    public string AdminPassword { get; }

    /// <summary>The store's PostgreSQL database, or null when the owner's store did not name one.</summary>
    public string Database { get; }

    /// <summary>The store's console log, when the suite started it.</summary>
    public string SiteLog { get; }

    /// <summary>Why no store can be had, or null: checked before anything is started.</summary>
    public static string Unavailable()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(UrlVariable)))
            return string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SEGMENTATION_ADMIN_EMAIL"))
                   || string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SEGMENTATION_ADMIN_PASSWORD"))
                ? $"{UrlVariable} is set, but SEGMENTATION_ADMIN_EMAIL and SEGMENTATION_ADMIN_PASSWORD are not."
                : null;
        return FindKit() == null
            ? $"No store to test: set {UrlVariable} (with the admin's e-mail and password), or {KitVariable} to the real-store kit folder (start.sh), or keep shared/realstore beside the repository."
            : null;
    }

    public static async Task<RealStore> StartOrConnectAsync(string artifacts)
    {
        var url = Environment.GetEnvironmentVariable(UrlVariable);
        if (!string.IsNullOrEmpty(url))
            return new RealStore(url, Environment.GetEnvironmentVariable("SEGMENTATION_ADMIN_EMAIL"),
                Environment.GetEnvironmentVariable("SEGMENTATION_ADMIN_PASSWORD"), NullIfEmpty(Environment.GetEnvironmentVariable("SEGMENTATION_STORE_DB")));

        var kit = FindKit() ?? throw new InvalidOperationException(Unavailable());
        var workDir = Path.Combine(Path.GetTempPath(), "segmentation-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(workDir);
        var port = FreePort();
        var output = await RunAsync("bash", [Path.Combine(kit, "start.sh"), "--workdir", workDir, "--port", port.ToString(), "--own-pg"],
            Path.Combine(artifacts, "store-start.log"));
        var values = output.Split('\n').Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        var database = new NpgsqlConnectionStringBuilder
        {
            Host = values["PG_HOST"], Port = int.Parse(values["PG_PORT"]), Username = values["PG_USER"], Database = values["DB_NAME"]
        }.ConnectionString;
        return new RealStore(values["STORE_URL"], values["ADMIN_EMAIL"], values["ADMIN_PASSWORD"], database, kit, workDir, values["LOG_FILE"]);
    }

    private static string NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;

    private static string FindKit()
    {
        var named = Environment.GetEnvironmentVariable(KitVariable);
        if (!string.IsNullOrEmpty(named))
            return File.Exists(Path.Combine(named, "start.sh")) ? Path.GetFullPath(named) : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var kit = Path.Combine(dir.FullName, "shared", "realstore");
            if (File.Exists(Path.Combine(kit, "start.sh")) && File.Exists(Path.Combine(kit, "store.tar.xz")))
                return kit;
        }

        return null;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Runs a command to its end; its standard error goes to <paramref name="log"/>, its output is returned.</summary>
    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, string log)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await File.WriteAllTextAsync(log, await errors + await output);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}; see {log}.");
        return await output;
    }

    /// <summary>Waits until the storefront answers again, after the restart nopCommerce does to install or uninstall a plugin.</summary>
    public async Task WaitUntilUpAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        http.DefaultRequestHeaders.UserAgent.ParseAdd(Shop.UserAgent);
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if ((await http.GetAsync(Url + "/")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // the store is between processes
            }

            if (DateTime.UtcNow > until)
                throw new TimeoutException($"The store at {Url} did not answer within {timeout.TotalSeconds} s.");
            await Task.Delay(500);
        }
    }

    /// <summary>One value read from the store's database (checks only read it, or age a record).</summary>
    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        var value = await CommandAsync(sql, parameters, c => c.ExecuteScalarAsync());
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T));
    }

    public Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters) =>
        CommandAsync(sql, parameters, c => c.ExecuteNonQueryAsync());

    public async Task<List<T>> ListAsync<T>(string sql, Func<NpgsqlDataReader, T> read, params (string Name, object Value)[] parameters) =>
        await CommandAsync(sql, parameters, async c =>
        {
            var rows = new List<T>();
            await using var reader = await c.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add(read(reader));
            return rows;
        });

    private async Task<T> CommandAsync<T>(string sql, (string Name, object Value)[] parameters, Func<NpgsqlCommand, Task<T>> run)
    {
        if (Database == null)
            Assert.Inconclusive("This check reads the store's database: set SEGMENTATION_STORE_DB to its connection string.");
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return await run(command);
    }

    /// <summary>The errors nopCommerce logged (System > Log) since the given moment, for the plugin's checks and for failure reports.</summary>
    public Task<List<string>> ErrorsSinceAsync(DateTime utc) =>
        ListAsync("""
            SELECT "ShortMessage" || coalesce(E'\n' || "FullMessage", '') || E'\n(page: ' || coalesce("PageUrl", '') || ', from: ' || coalesce("ReferrerUrl", '') || ')'
            FROM "Log" WHERE "LogLevelId" >= 40 AND "CreatedOnUtc" >= @since ORDER BY "Id"
            """,
            r => r.GetString(0), ("since", utc));

    /// <summary>The errors that concern the plugin: raised in its code or on its pages.</summary>
    public async Task<List<string>> PluginErrorsSinceAsync(DateTime utc) =>
        await ListAsync("""
            SELECT coalesce("PageUrl", '') || E'\n' || "ShortMessage" || coalesce(E'\n' || "FullMessage", '') FROM "Log"
            WHERE "LogLevelId" >= 40 AND "CreatedOnUtc" >= @since
              AND ("ShortMessage" LIKE '%Segmentation%' OR "FullMessage" LIKE '%Segmentation%' OR "PageUrl" LIKE '%Segment%')
            ORDER BY "Id"
            """, r => r.GetString(0), ("since", utc));

    public async ValueTask DisposeAsync()
    {
        if (_kit == null)
            return;
        try
        {
            await RunAsync("bash", [Path.Combine(_kit, "stop.sh"), "--workdir", _workDir], Path.Combine(Path.GetTempPath(), "segmentation-e2e-stop.log"));
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("SEGMENTATION_KEEP_STORE") != "1")
                Directory.Delete(_workDir, true);
        }
    }
}
