using LinqToDB;
using LinqToDB.Data;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Data.Mapping;
using Nop.Plugin.Misc.Segmentation.Data.Migrations;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests;

[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public class MigrationTests
{
    private readonly DatabaseKind _kind;
    private TestDatabase _database;
    private NopMigrationHost _host;
    private DataConnection _connection;

    public MigrationTests(DatabaseKind kind)
    {
        _kind = kind;
    }

    private static readonly Type[] PluginEntities =
        [typeof(CustomerProfile), typeof(Segment), typeof(SegmentMember), typeof(SegmentMovement), typeof(SegmentSnapshot), typeof(TaskLease), typeof(StoreStatistics), typeof(CustomerCategory),
         typeof(SegmentRequirement), typeof(AbandonedCart), typeof(GreetingTemplate), typeof(CartReminder), typeof(ProfileSnapshot)];

    [SetUp]
    public void SetUp()
    {
        _database = TestDatabase.Create(_kind);
        _host = new NopMigrationHost(_database, typeof(SegmentationPlugin).Assembly);
        _host.Up(new CoreTablesMigration());
        _connection = _database.OpenDataConnection();
    }

    [TearDown]
    public void TearDown()
    {
        _connection?.Dispose();
        _host?.Dispose();
        _database?.Dispose();
    }

    private static string TableOf(Type type) => NameCompatibilityManager.GetTableName(type);

    [Test]
    public void Install_creates_prefixed_tables_whose_columns_are_the_mapped_properties()
    {
        _host.Install();

        var tables = Schema.Tables(_connection, _kind);
        foreach (var type in PluginEntities)
        {
            var table = TableOf(type);
            Assert.That(table, Does.StartWith(SegmentationDefaults.TablePrefix));
            Assert.That(tables, Does.Contain(table));

            var expected = type.GetProperties().Where(NopMapping.IsColumn).Select(p => p.Name);
            Assert.That(Schema.Columns(_connection, _kind, table), Is.EquivalentTo(expected), table);
        }
    }

    [Test]
    public void Install_runs_installation_migrations_and_only_records_update_migrations()
    {
        _host.Install();

        Assert.That(_host.AppliedVersions(), Is.EquivalentTo(new[] { VersionOf<SchemaMigration>(), VersionOf<UpgradeTo101Migration>(), VersionOf<UpgradeTo102Migration>(), VersionOf<UpgradeTo103Migration>(), VersionOf<UpgradeTo104Migration>(), VersionOf<UpgradeTo106Migration>(), VersionOf<UpgradeTo107Migration>(), VersionOf<ProfileKeysMigration>(), VersionOf<UpgradeTo108Migration>() }));
    }

    [Test]
    public async Task Every_entity_round_trips_through_the_repository()
    {
        _host.Install();
        var now = new DateTime(2026, 11, 24, 10, 30, 15, DateTimeKind.Utc);

        var segment = new Segment
        {
            Name = "VIP — \"Ünïcode\" 客户", Description = "big spenders", SystemName = "vip", SegmentType = SegmentType.BuiltIn,
            Rule = "spent > 1000", StoreId = 2, Active = true, Priority = 5, CustomerRoleId = 7, MemberCount = 3,
            CreatedOnUtc = now, UpdatedOnUtc = now, LastEvaluatedOnUtc = now
        };
        var savedSegment = await RoundTrip(segment);
        Assert.That(savedSegment.SegmentType, Is.EqualTo(SegmentType.BuiltIn));

        var profile = new CustomerProfile
        {
            CustomerId = 42, StoreId = 1, OrdersCount = 5, AmountSpent = 1234.5678m, FirstOrderDateUtc = now.AddDays(-300),
            LastOrderDateUtc = now, AverageOrderValue = 246.9136m, ItemsBought = 11, Orders30Days = 1, Spent30Days = 10.5m,
            Orders90Days = 2, Spent90Days = 20.25m, Orders365Days = 5, Spent365Days = 1234.5678m, LastCartActivityUtc = now,
            CartValue = 99.99m, CartItems = 2, LastVisitUtc = now, RecencyScore = 5, FrequencyScore = 4, MonetaryScore = 3,
            RfmGroup = RfmGroup.Champions, LifecycleStage = LifecycleStage.Active, UsageTier = UsageTier.Heavy, PreferredHour = 21,
            PreferredWeekday = 6, AgeBand = AgeBand.From35To44, BirthdayMonth = 12, BirthdayDay = 31, RegisteredOnUtc = now.AddDays(-400).AddSeconds(-7), CountryId = 3, StateProvinceId = 4, LanguageId = 2,
            ChurnProbability = 0.1234m, ExpectedNextOrderUtc = now.AddDays(20), PredictedLifetimeValue = 5000m, ComputedOnUtc = now
        };
        var savedProfile = await RoundTrip(profile);
        Assert.That(savedProfile.RfmGroup, Is.EqualTo(RfmGroup.Champions));

        await RoundTrip(new SegmentMember { SegmentId = segment.Id, CustomerId = 42, MemberSinceUtc = now });
        await RoundTrip(new SegmentMovement { SegmentId = segment.Id, CustomerId = 42, MovementType = SegmentMovementType.Left, Reason = "spend dropped", CreatedOnUtc = now });
        await RoundTrip(new SegmentSnapshot { SegmentId = segment.Id, SnapshotDateUtc = now.Date, Members = 3, Orders = 9, Revenue = 4567.89m });
        await RoundTrip(new TaskLease { Name = "rebuild", LeasedBy = "node-1", LeasedUntilUtc = now, Cursor = 12345 });
        await RoundTrip(new CustomerCategory { CustomerId = 42, CategoryId = 9, Rank = 1, Quantity = 12, OrdersCount = 3, LastPurchasedUtc = now });
        await RoundTrip(new StoreStatistics { StoreId = 1, RecencyDays = "10;30;60;120", Frequency = "1;1;2;4", Monetary = "10.5;20;40;80", PurchaseModel = "0.9;45;0.9;5", SpendModel = "6;4;60", ComputedOnUtc = now });
        var snapshot = await RoundTrip(new ProfileSnapshot { StoreId = 2, SnapshotDateUtc = now.Date, Dimension = ProfileDimension.UsageTier, Value = (int)UsageTier.Heavy, Customers = 1234 });
        Assert.That(snapshot.Dimension, Is.EqualTo(ProfileDimension.UsageTier));
    }

    /// <summary>Writes through the repository, reads it back in a new connection and compares every column.</summary>
    private async Task<T> RoundTrip<T>(T entity) where T : BaseEntity
    {
        await new Linq2DbRepository<T>(_connection).InsertAsync(entity);
        Assert.That(entity.Id, Is.GreaterThan(0));

        using var other = _database.OpenDataConnection();
        var read = await new Linq2DbRepository<T>(other).Table.FirstOrDefaultAsync(e => e.Id == entity.Id);
        Assert.That(read, Is.Not.Null);
        foreach (var property in typeof(T).GetProperties().Where(NopMapping.IsColumn))
        {
            var expected = property.GetValue(entity);
            var actual = property.GetValue(read);
            if (expected is DateTime date)
                Assert.That(((DateTime)actual!).Ticks, Is.EqualTo(date.Ticks), $"{typeof(T).Name}.{property.Name}");
            else
                Assert.That(actual, Is.EqualTo(expected), $"{typeof(T).Name}.{property.Name}");
        }

        return read;
    }

    [Test]
    public async Task Unique_indexes_reject_a_second_profile_or_membership_for_the_same_customer()
    {
        _host.Install();
        var profiles = new Linq2DbRepository<CustomerProfile>(_connection);
        await profiles.InsertAsync(new CustomerProfile { CustomerId = 1, StoreId = 0, ComputedOnUtc = DateTime.UtcNow });
        await profiles.InsertAsync(new CustomerProfile { CustomerId = 1, StoreId = 1, ComputedOnUtc = DateTime.UtcNow });

        Assert.That(async () => await profiles.InsertAsync(new CustomerProfile { CustomerId = 1, StoreId = 1, ComputedOnUtc = DateTime.UtcNow }),
            Throws.InstanceOf<Exception>());
        Assert.That(await profiles.Table.CountAsync(), Is.EqualTo(2));
    }

    [Test]
    public async Task Deleting_a_segment_takes_its_members_movements_and_snapshots_along()
    {
        _host.Install();
        var segment = new Segment { Name = "s", CreatedOnUtc = DateTime.UtcNow, UpdatedOnUtc = DateTime.UtcNow };
        await new Linq2DbRepository<Segment>(_connection).InsertAsync(segment);
        await new Linq2DbRepository<SegmentMember>(_connection).InsertAsync(new SegmentMember { SegmentId = segment.Id, CustomerId = 5, MemberSinceUtc = DateTime.UtcNow });
        await new Linq2DbRepository<SegmentMovement>(_connection).InsertAsync(new SegmentMovement { SegmentId = segment.Id, CustomerId = 5, CreatedOnUtc = DateTime.UtcNow });
        await new Linq2DbRepository<SegmentSnapshot>(_connection).InsertAsync(new SegmentSnapshot { SegmentId = segment.Id, SnapshotDateUtc = DateTime.UtcNow });
        if (_kind == DatabaseKind.Sqlite)
            await _connection.ExecuteAsync("PRAGMA foreign_keys = ON");

        await new Linq2DbRepository<Segment>(_connection).DeleteAsync(segment);

        Assert.That(Schema.Count(_connection, _kind, TableOf(typeof(SegmentMember))), Is.Zero);
        Assert.That(Schema.Count(_connection, _kind, TableOf(typeof(SegmentMovement))), Is.Zero);
        Assert.That(Schema.Count(_connection, _kind, TableOf(typeof(SegmentSnapshot))), Is.Zero);
    }

    [Test]
    public async Task No_plugin_row_blocks_the_bulk_delete_of_guests()
    {
        _host.Install();
        var guest = new Customer { CustomerGuid = Guid.NewGuid(), CreatedOnUtc = DateTime.UtcNow };
        await new Linq2DbRepository<Customer>(_connection).InsertAsync(guest);
        var segment = new Segment { Name = "s", CreatedOnUtc = DateTime.UtcNow, UpdatedOnUtc = DateTime.UtcNow };
        await new Linq2DbRepository<Segment>(_connection).InsertAsync(segment);
        await new Linq2DbRepository<CustomerProfile>(_connection).InsertAsync(new CustomerProfile { CustomerId = guest.Id, ComputedOnUtc = DateTime.UtcNow });
        await new Linq2DbRepository<SegmentMember>(_connection).InsertAsync(new SegmentMember { SegmentId = segment.Id, CustomerId = guest.Id, MemberSinceUtc = DateTime.UtcNow });
        await new Linq2DbRepository<SegmentMovement>(_connection).InsertAsync(new SegmentMovement { SegmentId = segment.Id, CustomerId = guest.Id, CreatedOnUtc = DateTime.UtcNow });
        if (_kind == DatabaseKind.Sqlite)
            await _connection.ExecuteAsync("PRAGMA foreign_keys = ON");

        // what DeleteGuestsTask does: a predicate delete on Customer, no events
        var deleted = await new Linq2DbRepository<Customer>(_connection).DeleteAsync(c => c.Id == guest.Id);

        Assert.That(deleted, Is.EqualTo(1));
    }

    [Test]
    public void Uninstall_removes_every_table_and_version_and_reinstall_starts_clean()
    {
        _host.Install();
        _host.Uninstall();

        var tables = Schema.Tables(_connection, _kind);
        Assert.That(PluginEntities.Select(TableOf).Where(tables.Contains), Is.Empty);
        Assert.That(tables, Does.Contain(nameof(Customer)), "core tables are not the plugin's to drop");
        Assert.That(_host.AppliedVersions(), Is.Empty);

        _host.Install();
        Assert.That(Schema.Tables(_connection, _kind), Is.SupersetOf(PluginEntities.Select(TableOf)));
        Assert.That(Schema.Count(_connection, _kind, TableOf(typeof(Segment))), Is.Zero);
    }

    [Test]
    public async Task A_store_on_1_05_gets_the_movement_index_of_1_06_once()
    {
        _host.Install();
        var movements = TableOf(typeof(SegmentMovement));
        await _connection.ExecuteAsync(_kind == DatabaseKind.MariaDb
            ? $"DROP INDEX {Schema.Quote(_kind, SchemaMigration.MovementSegmentIndex)} ON {Schema.Quote(_kind, movements)}"
            : $"DROP INDEX {Schema.Quote(_kind, SchemaMigration.MovementSegmentIndex)}");
        _host.ForgetVersion(typeof(UpgradeTo106Migration));
        Assume.That(Schema.Indexes(_connection, _kind, movements), Does.Not.Contain(SchemaMigration.MovementSegmentIndex));

        _host.Update();
        Assert.That(Schema.Indexes(_connection, _kind, movements), Does.Contain(SchemaMigration.MovementSegmentIndex));
        Assert.That(_host.AppliedVersions(), Does.Contain(VersionOf<UpgradeTo106Migration>()));

        // a store that has the index already (installed on 1.06) only records the version
        _host.ForgetVersion(typeof(UpgradeTo106Migration));
        Assert.DoesNotThrow(() => _host.Update());
    }

    [Test]
    public async Task A_store_on_1_06_gets_the_profile_snapshots_and_the_rfm_index_of_1_07_once()
    {
        _host.Install();
        var snapshots = TableOf(typeof(ProfileSnapshot));
        var profiles = TableOf(typeof(CustomerProfile));
        await _connection.ExecuteAsync($"DROP TABLE {Schema.Quote(_kind, snapshots)}");
        await _connection.ExecuteAsync(_kind == DatabaseKind.MariaDb
            ? $"DROP INDEX {Schema.Quote(_kind, SchemaMigration.ProfileRfmIndex)} ON {Schema.Quote(_kind, profiles)}"
            : $"DROP INDEX {Schema.Quote(_kind, SchemaMigration.ProfileRfmIndex)}");
        _host.ForgetVersion(typeof(UpgradeTo107Migration));
        Assume.That(Schema.Tables(_connection, _kind), Does.Not.Contain(snapshots));
        Assume.That(Schema.Indexes(_connection, _kind, profiles), Does.Not.Contain(SchemaMigration.ProfileRfmIndex));

        _host.Update();

        Assert.That(Schema.Tables(_connection, _kind), Does.Contain(snapshots));
        Assert.That(Schema.Columns(_connection, _kind, snapshots),
            Is.EquivalentTo(typeof(ProfileSnapshot).GetProperties().Where(NopMapping.IsColumn).Select(p => p.Name)));
        Assert.That(Schema.Indexes(_connection, _kind, snapshots), Does.Contain(SchemaMigration.ProfileSnapshotIndex));
        Assert.That(Schema.Indexes(_connection, _kind, profiles), Does.Contain(SchemaMigration.ProfileRfmIndex));
        Assert.That(_host.AppliedVersions(), Does.Contain(VersionOf<UpgradeTo107Migration>()));
        var day = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        await RoundTrip(new ProfileSnapshot { StoreId = 1, SnapshotDateUtc = day, Dimension = ProfileDimension.Lifecycle, Value = (int)LifecycleStage.Active, Customers = 7 });
        // one row per store, day, dimension and value
        Assert.That(async () => await new Linq2DbRepository<ProfileSnapshot>(_connection).InsertAsync(
            new ProfileSnapshot { StoreId = 1, SnapshotDateUtc = day, Dimension = ProfileDimension.Lifecycle, Value = (int)LifecycleStage.Active, Customers = 8 }),
            Throws.InstanceOf<Exception>());

        // a store installed on 1.07 has both already and only records the version
        _host.ForgetVersion(typeof(UpgradeTo107Migration));
        Assert.DoesNotThrow(() => _host.Update());
        Assert.That(_host.AppliedVersions(), Does.Contain(VersionOf<UpgradeTo107Migration>()));

        _host.Uninstall();
        Assert.That(Schema.Tables(_connection, _kind), Does.Not.Contain(snapshots));
    }

    /// <summary>
    /// The folded keys tell é from e on every engine, in = and LIKE: MariaDB's default collation would not, so the
    /// migrations give them a binary one.
    /// </summary>
    private async Task AssertKeysCompareExactly()
    {
        var profiles = new Linq2DbRepository<CustomerProfile>(_connection);
        await profiles.InsertAsync(new CustomerProfile { CustomerId = 1, EmailKey = "josé@x.de", GenderKey = "f", Newsletter = true, ComputedOnUtc = DateTime.UtcNow });
        await profiles.InsertAsync(new CustomerProfile { CustomerId = 2, EmailKey = "jose@x.de", ComputedOnUtc = DateTime.UtcNow });
        Assert.That(profiles.Table.Where(p => p.EmailKey == "jose@x.de").Select(p => p.CustomerId).ToList(), Is.EqualTo(new[] { 2 }));
        Assert.That(profiles.Table.Where(p => p.EmailKey == "josé@x.de").Select(p => p.CustomerId).ToList(), Is.EqualTo(new[] { 1 }));
        Assert.That(profiles.Table.Where(p => p.EmailKey.EndsWith("é@x.de")).Select(p => p.CustomerId).ToList(), Is.EqualTo(new[] { 1 }));
        Assert.That(profiles.Table.Where(p => p.Newsletter).Select(p => p.GenderKey).ToList(), Is.EqualTo(new[] { "f" }));
        if (_kind == DatabaseKind.MariaDb)
            Assert.That(_connection.Query<string>("SELECT COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                + "AND TABLE_NAME = @table AND COLUMN_NAME IN ('EmailKey', 'GenderKey')", new DataParameter("table", TableOf(typeof(CustomerProfile)))).ToList(),
                Is.EqualTo(new[] { "utf8mb4_bin", "utf8mb4_bin" }));
        await profiles.DeleteAsync(p => p.CustomerId <= 2);
    }

    [Test]
    public async Task A_fresh_install_compares_the_profile_keys_exactly()
    {
        _host.Install();
        await AssertKeysCompareExactly();
    }

    [Test]
    public async Task A_store_on_1_07_gets_the_exact_text_keys_of_1_08_once()
    {
        _host.Install();
        var profiles = TableOf(typeof(CustomerProfile));
        foreach (var column in new[] { nameof(CustomerProfile.EmailKey), nameof(CustomerProfile.GenderKey), nameof(CustomerProfile.Newsletter) })
            await _connection.ExecuteAsync($"ALTER TABLE {Schema.Quote(_kind, profiles)} DROP COLUMN {Schema.Quote(_kind, column)}");
        _host.ForgetVersion(typeof(UpgradeTo108Migration));
        Assume.That(Schema.Columns(_connection, _kind, profiles), Does.Not.Contain(nameof(CustomerProfile.EmailKey)));

        _host.Update();

        Assert.That(Schema.Columns(_connection, _kind, profiles),
            Is.EquivalentTo(typeof(CustomerProfile).GetProperties().Where(NopMapping.IsColumn).Select(p => p.Name)));
        Assert.That(_host.AppliedVersions(), Does.Contain(VersionOf<UpgradeTo108Migration>()));
        await AssertKeysCompareExactly();

        // a store installed on 1.08 has them already and only records the version
        _host.ForgetVersion(typeof(UpgradeTo108Migration));
        Assert.DoesNotThrow(() => _host.Update());
        await AssertKeysCompareExactly();
    }

    [Test]
    public async Task A_store_on_1_07_gets_the_registration_date_and_birthday_columns_of_1_08_once()
    {
        _host.Install();
        var profiles = TableOf(typeof(CustomerProfile));
        foreach (var column in new[] { nameof(CustomerProfile.RegisteredOnUtc), nameof(CustomerProfile.BirthdayDay) })
            await _connection.ExecuteAsync($"ALTER TABLE {Schema.Quote(_kind, profiles)} DROP COLUMN {Schema.Quote(_kind, column)}");
        _host.ForgetVersion(typeof(UpgradeTo108Migration));
        Assume.That(Schema.Columns(_connection, _kind, profiles), Does.Not.Contain(nameof(CustomerProfile.RegisteredOnUtc)));

        _host.Update();

        Assert.That(Schema.Columns(_connection, _kind, profiles),
            Is.EquivalentTo(typeof(CustomerProfile).GetProperties().Where(NopMapping.IsColumn).Select(p => p.Name)));
        Assert.That(_host.AppliedVersions(), Does.Contain(VersionOf<UpgradeTo108Migration>()));
        var registered = new DateTime(2026, 1, 31, 18, 0, 5, DateTimeKind.Utc);
        var saved = await RoundTrip(new CustomerProfile { CustomerId = 9, RegisteredOnUtc = registered, BirthdayMonth = 2, BirthdayDay = 29, ComputedOnUtc = registered });
        Assert.That((saved.RegisteredOnUtc?.Ticks, saved.BirthdayDay), Is.EqualTo((registered.Ticks, (int?)29)));
        await RoundTrip(new CustomerProfile { CustomerId = 10, ComputedOnUtc = registered });

        // a store installed on 1.08 has both already and only records the version
        _host.ForgetVersion(typeof(UpgradeTo108Migration));
        Assert.DoesNotThrow(() => _host.Update());
        Assert.That(_host.AppliedVersions(), Does.Contain(VersionOf<UpgradeTo108Migration>()));
    }

    [Test]
    public async Task A_store_on_1_00_is_upgraded_by_the_update_migration()
    {
        // the 1.00 schema: everything but the task lease and RFM tables, and no record of the 1.01 migration
        _host.Install();
        await _connection.ExecuteAsync($"DROP TABLE {Schema.Quote(_kind, TableOf(typeof(TaskLease)))}");
        await _connection.ExecuteAsync($"DROP TABLE {Schema.Quote(_kind, TableOf(typeof(StoreStatistics)))}");
        await _connection.ExecuteAsync($"DROP TABLE {Schema.Quote(_kind, TableOf(typeof(CustomerCategory)))}");
        await _connection.ExecuteAsync($"DROP TABLE {Schema.Quote(_kind, TableOf(typeof(AbandonedCart)))}");
        await _connection.ExecuteAsync($"DROP TABLE {Schema.Quote(_kind, TableOf(typeof(GreetingTemplate)))}");
        await _connection.ExecuteAsync($"DROP TABLE {Schema.Quote(_kind, TableOf(typeof(CartReminder)))}");
        // an index 1.02 added to a table 1.00 already had
        await _connection.ExecuteAsync(_kind == DatabaseKind.MariaDb
            ? $"DROP INDEX {Schema.Quote(_kind, SchemaMigration.ProfileCartActivityIndex)} ON {Schema.Quote(_kind, TableOf(typeof(CustomerProfile)))}"
            : $"DROP INDEX {Schema.Quote(_kind, SchemaMigration.ProfileCartActivityIndex)}");
        Assume.That(Schema.Indexes(_connection, _kind, TableOf(typeof(CustomerProfile))), Does.Not.Contain(SchemaMigration.ProfileCartActivityIndex));
        _host.ForgetVersion(typeof(UpgradeTo101Migration));
        _host.ForgetVersion(typeof(UpgradeTo102Migration));
        _host.ForgetVersion(typeof(UpgradeTo103Migration));
        _host.ForgetVersion(typeof(UpgradeTo104Migration));
        Assume.That(Schema.Tables(_connection, _kind), Does.Not.Contain(TableOf(typeof(TaskLease))));

        _host.Update();

        Assert.That(Schema.Tables(_connection, _kind), Does.Contain(TableOf(typeof(TaskLease))).And.Contain(TableOf(typeof(StoreStatistics))).And.Contain(TableOf(typeof(CustomerCategory))));
        Assert.That(_host.AppliedVersions(), Does.Contain(VersionOf<UpgradeTo101Migration>()).And.Contain(VersionOf<UpgradeTo102Migration>())
            .And.Contain(VersionOf<UpgradeTo103Migration>()).And.Contain(VersionOf<UpgradeTo104Migration>()));
        Assert.That(Schema.Tables(_connection, _kind), Does.Contain(TableOf(typeof(GreetingTemplate))));
        Assert.That(Schema.Indexes(_connection, _kind, TableOf(typeof(CartReminder))), Does.Contain("IX_SegReminder_Cart_Number"));
        await RoundTrip(new CartReminder { AbandonedCartId = 3, ReminderNumber = 2, CustomerId = 7, QueuedEmailId = 40,
            SentOnUtc = new DateTime(2026, 1, 2, 5, 0, 0, DateTimeKind.Utc) });
        Assert.That(Schema.Tables(_connection, _kind), Does.Contain(TableOf(typeof(AbandonedCart))));
        Assert.That(Schema.Indexes(_connection, _kind, TableOf(typeof(CustomerProfile))), Does.Contain(SchemaMigration.ProfileCartActivityIndex));
        await RoundTrip(new AbandonedCart { CustomerId = 7, StoreId = 1, CartValue = 12.5m, CartItems = 2, Status = AbandonedCartStatus.Open,
            LastCartActivityUtc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), DetectedOnUtc = new DateTime(2026, 1, 1, 5, 0, 0, DateTimeKind.Utc),
            OfferExpiresOnUtc = new DateTime(2026, 1, 4, 5, 0, 0, DateTimeKind.Utc) });
        await RoundTrip(new TaskLease { Name = "rebuild", LeasedBy = "node-2", LeasedUntilUtc = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc) });

        // running the update again (a second start) changes nothing
        _host.Update();

        _host.Uninstall();
        Assert.That(PluginEntities.Select(TableOf).Where(Schema.Tables(_connection, _kind).Contains), Is.Empty);
    }

    [Test]
    public async Task An_early_1_01_store_without_the_requirement_table_gets_it_from_the_1_03_update()
    {
        // installed before the requirement table joined the schema: 1.01 and 1.02 recorded, the table missing
        _host.Install();
        await _connection.ExecuteAsync($"DROP TABLE {Schema.Quote(_kind, TableOf(typeof(SegmentRequirement)))}");
        _host.ForgetVersion(typeof(UpgradeTo103Migration));
        Assume.That(_host.AppliedVersions(), Does.Contain(VersionOf<UpgradeTo101Migration>()));

        _host.Update();

        Assert.That(Schema.Tables(_connection, _kind), Does.Contain(TableOf(typeof(SegmentRequirement))));
        await RoundTrip(new SegmentRequirement { DiscountRequirementId = 5, SegmentIds = "1,2" });
    }

    private static long VersionOf<T>() =>
        ((Nop.Data.Migrations.NopMigrationAttribute)Attribute.GetCustomAttribute(typeof(T), typeof(Nop.Data.Migrations.NopMigrationAttribute))!).Version;
}
