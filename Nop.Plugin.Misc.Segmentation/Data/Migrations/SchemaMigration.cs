using FluentMigrator;
using Nop.Data.Extensions;
using Nop.Data.Migrations;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Data.Migrations;

/// <summary>
/// The complete current schema. nopCommerce runs only installation migrations on a fresh install (update
/// migrations are just recorded), so every later change goes both here and into an update migration.
/// Uninstall reverses it, dropping the indexes and then the tables.
/// </summary>
[NopMigration("2026/11/20 09:00:00:0000000", "Misc.Segmentation schema", MigrationProcessType.Installation)]
public class SchemaMigration : AutoReversingMigration
{
    public override void Up()
    {
        Create.TableFor<Segment>();
        Create.TableFor<CustomerProfile>();
        Create.TableFor<SegmentMember>();
        Create.TableFor<SegmentMovement>();
        Create.TableFor<SegmentSnapshot>();
        Create.TableFor<TaskLease>();
        Create.TableFor<StoreStatistics>();
        Create.TableFor<CustomerCategory>();
        Create.TableFor<SegmentRequirement>();
        Create.TableFor<AbandonedCart>();
        Create.TableFor<GreetingTemplate>();
        Create.TableFor<CartReminder>();
        Create.TableFor<ProfileSnapshot>();
        CreateCartReminderIndexes(Create);
        CreateProfileSnapshotIndex(Create);
        CreateProfileRfmIndex(Create);
        CreateAbandonedCartIndexes(Create, SegmentationDefaults.TablePrefix + nameof(AbandonedCart));
        CreateProfileCartActivityIndex(Create);

        var profile = SegmentationDefaults.TablePrefix + nameof(CustomerProfile);
        Create.Index("IX_SegProfile_Customer_Store").OnTable(profile)
            .OnColumn(nameof(CustomerProfile.CustomerId)).Ascending()
            .OnColumn(nameof(CustomerProfile.StoreId)).Ascending()
            .WithOptions().Unique();

        var member = SegmentationDefaults.TablePrefix + nameof(SegmentMember);
        Create.Index("IX_SegMember_Segment_Customer").OnTable(member)
            .OnColumn(nameof(SegmentMember.SegmentId)).Ascending()
            .OnColumn(nameof(SegmentMember.CustomerId)).Ascending()
            .WithOptions().Unique();
        Create.Index("IX_SegMember_Customer").OnTable(member)
            .OnColumn(nameof(SegmentMember.CustomerId)).Ascending();

        Create.Index("IX_SegMovement_Customer").OnTable(SegmentationDefaults.TablePrefix + nameof(SegmentMovement))
            .OnColumn(nameof(SegmentMovement.CustomerId)).Ascending();
        CreateMovementSegmentIndex(Create);

        Create.Index("IX_SegCategory_Customer_Category").OnTable(SegmentationDefaults.TablePrefix + nameof(CustomerCategory))
            .OnColumn(nameof(CustomerCategory.CustomerId)).Ascending()
            .OnColumn(nameof(CustomerCategory.CategoryId)).Ascending()
            .WithOptions().Unique();
        Create.Index("IX_SegCategory_Category").OnTable(SegmentationDefaults.TablePrefix + nameof(CustomerCategory))
            .OnColumn(nameof(CustomerCategory.CategoryId)).Ascending();

        Create.Index("IX_SegSnapshot_Segment_Date").OnTable(SegmentationDefaults.TablePrefix + nameof(SegmentSnapshot))
            .OnColumn(nameof(SegmentSnapshot.SegmentId)).Ascending()
            .OnColumn(nameof(SegmentSnapshot.SnapshotDateUtc)).Ascending()
            .WithOptions().Unique();
    }

    public const string ProfileSnapshotIndex = "IX_SegProfileSnapshot_Store_Date";

    /// <summary>One row per store, day, dimension and value; the dashboard reads a store's days from a date on.</summary>
    public static void CreateProfileSnapshotIndex(FluentMigrator.Builders.Create.ICreateExpressionRoot create) =>
        create.Index(ProfileSnapshotIndex).OnTable(SegmentationDefaults.TablePrefix + nameof(ProfileSnapshot))
            .OnColumn(nameof(ProfileSnapshot.StoreId)).Ascending()
            .OnColumn(nameof(ProfileSnapshot.SnapshotDateUtc)).Ascending()
            .OnColumn(nameof(ProfileSnapshot.DimensionId)).Ascending()
            .OnColumn(nameof(ProfileSnapshot.Value)).Ascending()
            .WithOptions().Unique();

    public const string ProfileRfmIndex = "IX_SegProfile_Store_Rfm";

    /// <summary>
    /// A store's profiles by recency and frequency score, with the monetary score: the dashboard's 5 × 5 grid is then
    /// read from the index alone, and one cell's members are a range of it.
    /// </summary>
    public static void CreateProfileRfmIndex(FluentMigrator.Builders.Create.ICreateExpressionRoot create) =>
        create.Index(ProfileRfmIndex).OnTable(SegmentationDefaults.TablePrefix + nameof(CustomerProfile))
            .OnColumn(nameof(CustomerProfile.StoreId)).Ascending()
            .OnColumn(nameof(CustomerProfile.RecencyScore)).Ascending()
            .OnColumn(nameof(CustomerProfile.FrequencyScore)).Ascending()
            .OnColumn(nameof(CustomerProfile.MonetaryScore)).Ascending();

    public const string MovementSegmentIndex = "IX_SegMovement_Segment_Created";

    /// <summary>A segment's movements by date: the admin's movement history and its "last 7 days" column.</summary>
    public static void CreateMovementSegmentIndex(FluentMigrator.Builders.Create.ICreateExpressionRoot create) =>
        create.Index(MovementSegmentIndex).OnTable(SegmentationDefaults.TablePrefix + nameof(SegmentMovement))
            .OnColumn(nameof(SegmentMovement.SegmentId)).Ascending()
            .OnColumn(nameof(SegmentMovement.CreatedOnUtc)).Ascending();

    public const string ProfileCartActivityIndex = "IX_SegProfile_LastCartActivity";

    /// <summary>The profiles by last cart activity, so the ten-minute search for idle carts reads a range, not every profile.</summary>
    public static void CreateProfileCartActivityIndex(FluentMigrator.Builders.Create.ICreateExpressionRoot create) =>
        create.Index(ProfileCartActivityIndex).OnTable(SegmentationDefaults.TablePrefix + nameof(CustomerProfile))
            .OnColumn(nameof(CustomerProfile.LastCartActivityUtc)).Ascending();

    /// <summary>
    /// One row per reminder of a cart: the unique index is the claim that keeps a reminder from going twice; by
    /// customer for the deletions.
    /// </summary>
    public static void CreateCartReminderIndexes(FluentMigrator.Builders.Create.ICreateExpressionRoot create)
    {
        var table = SegmentationDefaults.TablePrefix + nameof(CartReminder);
        create.Index("IX_SegReminder_Cart_Number").OnTable(table)
            .OnColumn(nameof(CartReminder.AbandonedCartId)).Ascending()
            .OnColumn(nameof(CartReminder.ReminderNumber)).Ascending()
            .WithOptions().Unique();
        create.Index("IX_SegReminder_Customer").OnTable(table).OnColumn(nameof(CartReminder.CustomerId)).Ascending();
    }

    /// <summary>By customer (events, the widget) and by status (the task's open records).</summary>
    public static void CreateAbandonedCartIndexes(FluentMigrator.Builders.Create.ICreateExpressionRoot create, string table)
    {
        create.Index("IX_SegAbandoned_Customer_Store").OnTable(table)
            .OnColumn(nameof(AbandonedCart.CustomerId)).Ascending()
            .OnColumn(nameof(AbandonedCart.StoreId)).Ascending();
        create.Index("IX_SegAbandoned_Status").OnTable(table).OnColumn(nameof(AbandonedCart.StatusId)).Ascending();
    }
}
