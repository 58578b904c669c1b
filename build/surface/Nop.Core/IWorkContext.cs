using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Directory;
using Nop.Core.Domain.Localization;

namespace Nop.Core;

public partial interface IWorkContext
{
    Task<Customer> GetCurrentCustomerAsync();

    Task<Language> GetWorkingLanguageAsync();

    Task<Currency> GetWorkingCurrencyAsync();
}
