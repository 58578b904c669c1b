using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Directory;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Localization;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;

/// <summary>
/// What a rule can look at beyond the profile. Over the store these are the repositories' tables, and a rule
/// becomes one query with EXISTS subqueries; for one customer in memory they hold that customer's rows only.
/// </summary>
public sealed class RuleSources
{
    public IQueryable<Customer> Customers { get; init; } = Empty<Customer>();
    public IQueryable<CustomerRole> Roles { get; init; } = Empty<CustomerRole>();
    public IQueryable<CustomerCustomerRoleMapping> RoleMappings { get; init; } = Empty<CustomerCustomerRoleMapping>();
    public IQueryable<Country> Countries { get; init; } = Empty<Country>();
    public IQueryable<Language> Languages { get; init; } = Empty<Language>();
    public IQueryable<Order> Orders { get; init; } = Empty<Order>();
    public IQueryable<OrderItem> OrderItems { get; init; } = Empty<OrderItem>();
    public IQueryable<ProductCategory> ProductCategories { get; init; } = Empty<ProductCategory>();
    public IQueryable<Segment> Segments { get; init; } = Empty<Segment>();
    public IQueryable<SegmentMember> SegmentMembers { get; init; } = Empty<SegmentMember>();
    public IQueryable<AbandonedCart> AbandonedCarts { get; init; } = Empty<AbandonedCart>();
    public IQueryable<CustomerCategory> CustomerCategories { get; init; } = Empty<CustomerCategory>();
    public IQueryable<DiscountUsageHistory> DiscountUsages { get; init; } = Empty<DiscountUsageHistory>();

    /// <summary>Nothing beyond the profile: enough for rules over profile fields only.</summary>
    public static RuleSources None { get; } = new();

    private static IQueryable<T> Empty<T>() => Array.Empty<T>().AsQueryable();
}
