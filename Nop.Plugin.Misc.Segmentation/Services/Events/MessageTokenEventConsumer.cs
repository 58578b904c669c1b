using Nop.Core.Domain.Messages;
using Nop.Plugin.Misc.Segmentation.Services.AbandonedCarts;
using Nop.Services.Events;

namespace Nop.Plugin.Misc.Segmentation.Services.Events;

/// <summary>
/// Lists the reminder's tokens in the message template editor. The editor asks with the template's token groups,
/// which are empty only for templates nopCommerce does not know: the reminder, and other plugins' templates, which
/// then list these too (the event does not say which template it is for). Core templates are not offered them.
/// </summary>
public class MessageTokenEventConsumer : IConsumer<AdditionalTokensAddedEvent>
{
    /// <summary>The store and customer tokens the reminder gets too, which nopCommerce lists only for its own templates.</summary>
    public static readonly string[] StoreAndCustomerTokens =
    [
        "%Store.Name%", "%Store.URL%", "%Store.Email%", "%Store.CompanyName%", "%Store.CompanyAddress%", "%Store.CompanyPhoneNumber%",
        "%Store.CompanyVat%", "%Customer.Email%", "%Customer.Username%", "%Customer.FullName%", "%Customer.FirstName%", "%Customer.LastName%"
    ];

    public Task HandleEventAsync(AdditionalTokensAddedEvent eventMessage)
    {
        if (eventMessage.TokenGroups?.Any() == true)
            return Task.CompletedTask;

        eventMessage.AddTokens(CartReminderMessageService.Tokens);
        eventMessage.AddTokens(StoreAndCustomerTokens);
        return Task.CompletedTask;
    }
}
