using System.Reflection;
using FluentMigrator;
using FluentMigrator.Infrastructure;
using FluentMigrator.Runner;
using FluentMigrator.Runner.VersionTableInfo;
using Microsoft.Extensions.DependencyInjection;
using Nop.Data.Migrations;

namespace Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;

/// <summary>
/// Runs a plugin's migrations the way nopCommerce 4.90 does (PluginService + MigrationManager):
/// install applies NoMatter and Installation migrations and only records Update ones; a version bump applies the
/// pending NoMatter/Update ones; uninstall runs Down of every applied migration of the assembly, newest first.
/// </summary>
public sealed class NopMigrationHost : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly IServiceScope _scope;
    private readonly Assembly _assembly;

    public NopMigrationHost(TestDatabase database, Assembly assembly)
    {
        _assembly = assembly;
        _services = new ServiceCollection()
            .AddFluentMigratorCore()
            .ConfigureRunner(runner =>
            {
                _ = database.Kind switch
                {
                    DatabaseKind.Sqlite => runner.AddSQLite(),
                    DatabaseKind.PostgreSql => runner.AddPostgres(),
                    DatabaseKind.MariaDb => runner.AddMySql5(),
                    _ => throw new ArgumentOutOfRangeException()
                };
                runner.WithGlobalConnectionString(database.ConnectionString)
                    .WithVersionTable(new NopVersionTable())
                    .ScanIn(assembly).For.Migrations();
            })
            .BuildServiceProvider(false);
        _scope = _services.CreateScope();

        // SQLite cannot drop a foreign key on its own (the table drop that follows removes it anyway); it is no
        // production engine of nopCommerce, so there alone unsupported statements are skipped instead of failing
        if (database.Kind == DatabaseKind.Sqlite)
            _scope.ServiceProvider.GetRequiredService<FluentMigrator.Runner.Generators.SQLite.SQLiteGenerator>().CompatibilityMode = CompatibilityMode.LOOSE;
    }

    private IMigrationRunner Runner => _scope.ServiceProvider.GetRequiredService<IMigrationRunner>();

    private IVersionLoader VersionLoader => _scope.ServiceProvider.GetRequiredService<IVersionLoader>();

    /// <summary>Runs one migration that is not the plugin's (e.g. the core tables a test needs).</summary>
    public void Up(IMigration migration) => Runner.Up(migration);

    public void Install()
    {
        Apply(MigrationProcessType.Installation, commitVersionOnly: false);
        Apply(MigrationProcessType.Update, commitVersionOnly: true);
    }

    public void Update() => Apply(MigrationProcessType.Update, commitVersionOnly: false);

    public void Uninstall()
    {
        foreach (var (info, _) in Migrations(applied: true).OrderByDescending(m => m.Info.Version))
        {
            Runner.Down(info.Migration);
            VersionLoader.DeleteVersion(info.Version);
        }
    }

    public IReadOnlyList<long> AppliedVersions() => Migrations(applied: true).Select(m => m.Info.Version).OrderBy(v => v).ToList();

    /// <summary>Forgets that a migration ran, as if the store had an older version of the plugin.</summary>
    public void ForgetVersion(Type migrationType)
    {
        VersionLoader.DeleteVersion(migrationType.GetCustomAttribute<NopMigrationAttribute>()!.Version);
    }

    private void Apply(MigrationProcessType processType, bool commitVersionOnly)
    {
        foreach (var (info, attribute) in Migrations(applied: false).OrderBy(m => m.Info.Version))
        {
            var target = attribute.TargetMigrationProcess;
            var matches = commitVersionOnly
                ? target == processType
                : target == MigrationProcessType.NoMatter || target == processType;
            if (!matches)
                continue;

            if (!commitVersionOnly)
                Runner.Up(info.Migration);
            VersionLoader.UpdateVersionInfo(info.Version, info.Description ?? info.Migration.GetType().Name);
        }
    }

    private IEnumerable<(IMigrationInfo Info, NopMigrationAttribute Attribute)> Migrations(bool applied)
    {
        VersionLoader.LoadVersionInfo();
        foreach (var info in Runner.MigrationLoader.LoadMigrations().Values)
        {
            var type = info.Migration.GetType();
            var attribute = type.GetCustomAttribute<NopMigrationAttribute>();
            if (attribute == null || type.Assembly != _assembly)
                continue;
            if (VersionLoader.VersionInfo.HasAppliedMigration(info.Version) == applied)
                yield return (info, attribute);
        }
    }

    public void Dispose()
    {
        _scope.Dispose();
        _services.Dispose();
    }

    /// <summary>nopCommerce keeps migration versions in MigrationVersionInfo.</summary>
    private sealed class NopVersionTable : IVersionTableMetaData
    {
        public bool OwnsSchema => true;
        public string SchemaName => string.Empty;
        public string TableName => "MigrationVersionInfo";
        public string ColumnName => "Version";
        public string DescriptionColumnName => "Description";
        public string UniqueIndexName => "UC_Version";
        public string AppliedOnColumnName => "AppliedOn";
        public bool CreateWithPrimaryKey => false;
    }
}
