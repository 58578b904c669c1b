using FluentMigrator;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Data.Extensions;

namespace Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;

/// <summary>
/// The nopCommerce tables the plugin reads, reduced to the columns it uses, with the indexes nopCommerce has on
/// them (its foreign keys index Order.CustomerId, OrderItem.OrderId, DiscountUsageHistory.OrderId,
/// ShoppingCartItem.CustomerId and the role mapping's CustomerId). Not a plugin migration.
/// </summary>
public class CoreTablesMigration : Migration
{
    public override void Up()
    {
        Create.TableFor<Customer>();
        Create.TableFor<CustomerRole>();
        Create.TableFor<CustomerCustomerRoleMapping>();
        Create.TableFor<Product>();
        Create.TableFor<Category>();
        Create.TableFor<ProductCategory>();
        Create.TableFor<Order>();
        Create.TableFor<OrderItem>();
        Create.TableFor<ShoppingCartItem>();
        Create.TableFor<Nop.Core.Domain.Directory.Country>();
        Create.TableFor<Nop.Core.Domain.Localization.Language>();
        Create.TableFor<Nop.Core.Domain.Messages.NewsLetterSubscription>();
        Create.TableFor<Nop.Core.Domain.Discounts.DiscountUsageHistory>();

        Create.Index("IX_ProductCategory_ProductId").OnTable(nameof(ProductCategory)).OnColumn(nameof(ProductCategory.ProductId)).Ascending();
        Create.Index("IX_Order_CustomerId").OnTable(nameof(Order)).OnColumn(nameof(Order.CustomerId)).Ascending();
        Create.Index("IX_Order_CreatedOnUtc").OnTable(nameof(Order)).OnColumn(nameof(Order.CreatedOnUtc)).Descending();
        Create.Index("IX_DiscountUsageHistory_OrderId").OnTable("DiscountUsageHistory").OnColumn("OrderId").Ascending();
        Create.Index("IX_OrderItem_OrderId").OnTable(nameof(OrderItem)).OnColumn(nameof(OrderItem.OrderId)).Ascending();
        Create.Index("IX_ShoppingCartItem_ShoppingCartTypeId_CustomerId").OnTable(nameof(ShoppingCartItem))
            .OnColumn(nameof(ShoppingCartItem.ShoppingCartTypeId)).Ascending()
            .OnColumn(nameof(ShoppingCartItem.CustomerId)).Ascending();
        Create.Index("IX_ShoppingCartItem_CustomerId").OnTable(nameof(ShoppingCartItem)).OnColumn(nameof(ShoppingCartItem.CustomerId)).Ascending();
        // nopCommerce's mapping has the key (customer, role), its foreign key indexed
        Create.Index("IX_CustomerCustomerRoleMapping_CustomerId").OnTable(nameof(CustomerCustomerRoleMapping))
            .OnColumn(nameof(CustomerCustomerRoleMapping.CustomerId)).Ascending();
    }

    public override void Down()
    {
        foreach (var table in new[] { "DiscountUsageHistory", "NewsLetterSubscription", "Language", "Country", nameof(ShoppingCartItem), nameof(OrderItem), nameof(Order), nameof(ProductCategory), nameof(Category), nameof(Product), nameof(CustomerCustomerRoleMapping), nameof(CustomerRole), nameof(Customer) })
            Delete.Table(table);
    }
}
