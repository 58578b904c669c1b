using FluentMigrator;
using Nop.Core.Domain.Customers;
using Nop.Data.Extensions;

namespace Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;

/// <summary>The nopCommerce tables the plugin reads, reduced to the columns it uses. Not a plugin migration.</summary>
public class CoreTablesMigration : Migration
{
    public override void Up()
    {
        Create.TableFor<Customer>();
    }

    public override void Down()
    {
        Delete.Table(nameof(Customer));
    }
}
