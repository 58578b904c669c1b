using System.Net;
using System.Text.RegularExpressions;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.Stores;
using Nop.Services.Messages;

namespace Nop.Plugin.Misc.Segmentation.Tests.Fakes;

/// <summary>An e-mail as nopCommerce's queue would hold it: addressed, with the template's tokens replaced.</summary>
public record QueuedMessage(int Id, string TemplateName, int LanguageId, string To, string ToName, string Subject, string Body, IList<Token> Tokens)
{
    public DateTime? SentOnUtc { get; set; }

    public object Token(string key) => Tokens.Single(t => t.Key == key).Value;
}

/// <summary>
/// nopCommerce's message pipeline in memory: templates, e-mail accounts, the store and customer tokens, and the
/// queue. Replacing tokens follows nopCommerce's tokenizer: the body HTML-encodes every value not marked otherwise,
/// the subject encodes nothing, and "%if (%Token%) … endif%" keeps its text only when the token is true.
/// </summary>
public class FakeMessages : IMessageTemplateService, IEmailAccountService, IMessageTokenProvider, IWorkflowMessageService, IQueuedEmailService
{
    public static readonly EmailAccount Account = new() { Id = 1, Email = "shop@example.test", DisplayName = "The shop" };

    public List<MessageTemplate> Templates { get; } = [];

    /// <summary>Texts the owner entered per language: (template id, language id) to subject and body.</summary>
    public Dictionary<(int TemplateId, int LanguageId), (string Subject, string Body)> LocalizedTexts { get; } = [];

    public List<QueuedMessage> Queue { get; } = [];

    private int _nextId;

    public Task DeleteMessageTemplateAsync(MessageTemplate messageTemplate)
    {
        Templates.Remove(messageTemplate);
        return Task.CompletedTask;
    }

    public Task InsertMessageTemplateAsync(MessageTemplate messageTemplate)
    {
        messageTemplate.Id = ++_nextId;
        Templates.Add(messageTemplate);
        return Task.CompletedTask;
    }

    public Task<IList<MessageTemplate>> GetMessageTemplatesByNameAsync(string messageTemplateName, int? storeId = null) =>
        Task.FromResult<IList<MessageTemplate>>(Templates.Where(t => t.Name == messageTemplateName).ToList());

    public Task<EmailAccount> GetEmailAccountByIdAsync(int emailAccountId) =>
        Task.FromResult(emailAccountId == Account.Id ? Account : null);

    public Task<IList<EmailAccount>> GetAllEmailAccountsAsync() => Task.FromResult<IList<EmailAccount>>([Account]);

    public Task AddStoreTokensAsync(IList<Token> tokens, Store store, EmailAccount emailAccount, int languageId)
    {
        tokens.Add(new Token("Store.Name", store.Name));
        tokens.Add(new Token("Store.URL", store.Url, true));
        tokens.Add(new Token("Store.Email", emailAccount.Email));
        return Task.CompletedTask;
    }

    public Task AddCustomerTokensAsync(IList<Token> tokens, Customer customer)
    {
        tokens.Add(new Token("Customer.Email", customer.Email));
        tokens.Add(new Token("Customer.FullName", $"{customer.FirstName} {customer.LastName}".Trim()));
        tokens.Add(new Token("Customer.FirstName", customer.FirstName));
        tokens.Add(new Token("Customer.LastName", customer.LastName));
        return Task.CompletedTask;
    }

    public Task<int> SendNotificationAsync(MessageTemplate messageTemplate, EmailAccount emailAccount, int languageId, IList<Token> tokens,
        string toEmailAddress, string toName, string attachmentFilePath = null, string attachmentFileName = null, string replyToEmailAddress = null,
        string replyToName = null, string fromEmail = null, string fromName = null, string subject = null, bool ignoreDelayBeforeSend = false)
    {
        var (templateSubject, templateBody) = LocalizedTexts.TryGetValue((messageTemplate.Id, languageId), out var texts)
            ? texts
            : (messageTemplate.Subject, messageTemplate.Body);
        var message = new QueuedMessage(++_nextId, messageTemplate.Name, languageId, toEmailAddress, toName,
            Replace(subject ?? templateSubject, tokens, false), Replace(templateBody, tokens, true), tokens);
        Queue.Add(message);
        return Task.FromResult(message.Id);
    }

    public Task DeleteQueuedEmailsAsync(IList<QueuedEmail> queuedEmails)
    {
        Queue.RemoveAll(m => queuedEmails.Any(e => e.Id == m.Id));
        return Task.CompletedTask;
    }

    public Task<IList<QueuedEmail>> GetQueuedEmailsByIdsAsync(int[] queuedEmailIds) =>
        Task.FromResult<IList<QueuedEmail>>(Queue.Where(m => queuedEmailIds.Contains(m.Id))
            .Select(m => new QueuedEmail { Id = m.Id, SentOnUtc = m.SentOnUtc }).ToList());

    private static readonly Regex Conditional = new(@"%if \((%[\w.]+%)\)(.*?)endif%", RegexOptions.Singleline);

    private static string Replace(string template, IList<Token> tokens, bool htmlEncode)
    {
        template = Conditional.Replace(template, match =>
        {
            var token = tokens.SingleOrDefault(t => $"%{t.Key}%" == match.Groups[1].Value);
            return token?.Value is true ? match.Groups[2].Value : string.Empty;
        });
        foreach (var token in tokens)
        {
            var value = token.Value?.ToString() ?? string.Empty;
            template = template.Replace($"%{token.Key}%", htmlEncode && !token.NeverHtmlEncoded ? WebUtility.HtmlEncode(value) : value);
        }

        return template;
    }
}
