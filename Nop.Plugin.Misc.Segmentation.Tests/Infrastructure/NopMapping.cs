using System.ComponentModel.DataAnnotations.Schema;
using System.Linq.Expressions;
using System.Reflection;
using LinqToDB.Mapping;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Data.Mapping;

namespace Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;

/// <summary>
/// Stand-in for nopCommerce's linq2db mapping: table names through NameCompatibilityManager, Id as identity key,
/// and exactly the properties FluentMigratorExtensions.TableFor makes columns of.
/// </summary>
public static class NopMapping
{
    private static readonly HashSet<Type> _columnTypes =
        [typeof(int), typeof(long), typeof(string), typeof(bool), typeof(decimal), typeof(DateTime), typeof(byte[]), typeof(Guid)];

    public static IEnumerable<Type> EntityTypes => typeof(SegmentationPlugin).Assembly.GetTypes()
        .Where(type => typeof(BaseEntity).IsAssignableFrom(type) && !type.IsAbstract)
        .Concat([typeof(Customer), typeof(CustomerRole), typeof(CustomerCustomerRoleMapping), typeof(Nop.Core.Domain.Catalog.Product), typeof(Nop.Core.Domain.Catalog.Category), typeof(Nop.Core.Domain.Catalog.ProductCategory), typeof(Nop.Core.Domain.Orders.Order),
            typeof(Nop.Core.Domain.Orders.OrderItem), typeof(Nop.Core.Domain.Orders.ShoppingCartItem),
            typeof(Nop.Core.Domain.Directory.Country), typeof(Nop.Core.Domain.Localization.Language), typeof(Nop.Core.Domain.Messages.NewsLetterSubscription),
            typeof(Nop.Core.Domain.Discounts.DiscountUsageHistory)]);

    public static MappingSchema Schema { get; } = Build();

    public static bool IsColumn(PropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return property.CanWrite && property.GetCustomAttribute<NotMappedAttribute>() == null && _columnTypes.Contains(type);
    }

    private static MappingSchema Build()
    {
        var schema = new MappingSchema();
        var builder = new FluentMappingBuilder(schema);
        var map = typeof(NopMapping).GetMethod(nameof(Map), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var type in EntityTypes)
            map.MakeGenericMethod(type).Invoke(null, [builder]);
        builder.Build();
        return schema;
    }

    private static void Map<TEntity>(FluentMappingBuilder builder) where TEntity : BaseEntity
    {
        var entity = builder.Entity<TEntity>()
            .HasTableName(NameCompatibilityManager.GetTableName(typeof(TEntity)));
        entity.Property(e => e.Id).IsIdentity().IsPrimaryKey();

        foreach (var property in typeof(TEntity).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.Name == nameof(BaseEntity.Id))
                continue;

            var parameter = Expression.Parameter(typeof(TEntity));
            var access = Expression.Lambda<Func<TEntity, object>>(Expression.Convert(Expression.Property(parameter, property), typeof(object)), parameter);
            if (IsColumn(property))
                entity.Property(access).HasColumnName(NameCompatibilityManager.GetColumnName(typeof(TEntity), property.Name));
            else
                entity.Property(access).IsNotColumn();
        }
    }
}
