namespace Nop.Core.Domain.Customers;

public static partial class NopCustomerDefaults
{
    public static string AdministratorsRoleName => "Administrators";
}
