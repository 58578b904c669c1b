using Nop.Core.Domain.Customers;

namespace Nop.Services.Customers;

public partial interface ICustomerService
{
    Task<int[]> GetCustomerRoleIdsAsync(Customer customer, bool showHidden = false);

    Task<CustomerRole> GetCustomerRoleByIdAsync(int customerRoleId);

    Task<string> GetCustomerFullNameAsync(Customer customer);

    Task<bool> IsRegisteredAsync(Customer customer, bool onlyActiveCustomerRoles = true);
}
