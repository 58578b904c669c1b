using Nop.Core.Domain.Customers;

namespace Nop.Services.Customers;

public partial interface ICustomerService
{
    Task<bool> IsRegisteredAsync(Customer customer, bool onlyActiveCustomerRoles = true);
}
