using Nop.Core.Domain.Messages;

namespace Nop.Services.Messages;

public partial interface IEmailAccountService
{
    Task<EmailAccount> GetEmailAccountByIdAsync(int emailAccountId);

    Task<IList<EmailAccount>> GetAllEmailAccountsAsync();
}
