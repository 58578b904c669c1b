using Nop.Core.Domain.Messages;

namespace Nop.Services.Messages;

public partial interface ICampaignService
{
    Task InsertCampaignAsync(Campaign campaign);
}
