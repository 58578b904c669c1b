using Nop.Core.Domain.Messages;
using Nop.Services.Events;

namespace Nop.Plugin.Misc.Segmentation.Services;

/// <summary>
/// Lists the reminder's tokens in the message template editor. The editor asks with the template's token groups,
/// which are empty only for templates nopCommerce does not know (plugins' ones, such as the reminder); a core
/// template is not offered tokens it never gets.
/// </summary>
public class MessageTokenEventConsumer : IConsumer<AdditionalTokensAddedEvent>
{
    /// <summary>The store and customer tokens the reminder gets too, which nopCommerce lists only for its own templates.</summary>
    public static readonly string[] StoreAndCustomerTokens =
        ["%Store.Name%", "%Store.URL%", "%Store.Email%", "%Customer.Email%", "%Customer.FullName%", "%Customer.FirstName%", "%Customer.LastName%"];

    public Task HandleEventAsync(AdditionalTokensAddedEvent eventMessage)
    {
        if (eventMessage.TokenGroups?.Any() == true)
            return Task.CompletedTask;

        eventMessage.AddTokens(CartReminderMessageService.Tokens);
        eventMessage.AddTokens(StoreAndCustomerTokens);
        return Task.CompletedTask;
    }
}
