namespace Nop.Plugin.Misc.Segmentation.EndToEnd.Infrastructure;

/// <summary>What the scenarios read back from the store's database, and the names they share.</summary>
public static class StoreData
{
    public const string ShippingDiscount = "Loyal customers: shipping discount";
    public const string CartOfferDiscount = "Abandoned cart: personal offer";

    /// <summary>A $24.00 book of the sample catalogue, shipped.</summary>
    public const string Book = "/pride-and-prejudice";

    public static async Task<int> DiscountIdAsync(string name) =>
        await Suite.Store.ScalarAsync<int>("""SELECT "Id" FROM "Discount" WHERE "Name" = @name ORDER BY "Id" DESC LIMIT 1""", ("name", name)) is var id and > 0
            ? id
            : throw new AssertionException($"No discount named \"{name}\".");

    public static Task<string> SettingAsync(string name) =>
        Suite.Store.ScalarAsync<string>("""SELECT "Value" FROM "Setting" WHERE lower("Name") = lower(@name) AND "StoreId" = 0""", ("name", name));
}
