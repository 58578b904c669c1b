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
/// the subject encodes nothing, a blank text is refused with an exception, and "%if (%Token%) … endif%" (a single
/// token as the condition, the only form the reminder's default text uses) keeps its text only when the token is true.
/// Safe to call from two tasks at once, as two web-farm nodes would.
/// </summary>
public class FakeMessages : IMessageTemplateService, IEmailAccountService, IMessageTokenProvider, IWorkflowMessageService, IQueuedEmailService
{
    public static readonly EmailAccount Account = new() { Id = 1, Email = "shop@example.test", DisplayName = "The shop" };

    public List<MessageTemplate> Templates { get; } = [];

    /// <summary>Texts the owner entered per language: (template id, language id) to subject and body.</summary>
    public Dictionary<(int TemplateId, int LanguageId), (string Subject, string Body)> LocalizedTexts { get; } = [];

    public List<QueuedMessage> Queue { get; } = [];

    /// <summary>The stores a template limited to stores is mapped to.</summary>
    public Dictionary<int, int[]> StoreMappings { get; } = [];

    /// <summary>Runs while an e-mail is being queued, before it is in the queue (what another request may do meanwhile).</summary>
    public Func<Task> WhileQueueing { get; set; }

    private readonly object _lock = new();
    private int _nextId;

    public Task DeleteMessageTemplateAsync(MessageTemplate messageTemplate)
    {
        Templates.Remove(messageTemplate);
        return Task.CompletedTask;
    }

    public Task InsertMessageTemplateAsync(MessageTemplate messageTemplate)
    {
        messageTemplate.Id = Interlocked.Increment(ref _nextId);
        Templates.Add(messageTemplate);
        return Task.CompletedTask;
    }

    /// <summary>As nopCommerce: by name, and for a store only those not limited to stores or mapped to it; by id.</summary>
    public Task<IList<MessageTemplate>> GetMessageTemplatesByNameAsync(string messageTemplateName, int? storeId = null) =>
        Task.FromResult<IList<MessageTemplate>>(Templates
            .Where(t => t.Name == messageTemplateName)
            .Where(t => storeId is not > 0 || !t.LimitedToStores || StoreMappings.GetValueOrDefault(t.Id, []).Contains(storeId.Value))
            .OrderBy(t => t.Id).ToList());

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
        return QueueAsync();

        async Task<int> QueueAsync()
        {
            var (templateSubject, templateBody) = LocalizedTexts.TryGetValue((messageTemplate.Id, languageId), out var texts)
                ? texts
                : (messageTemplate.Subject, messageTemplate.Body);
            var message = new QueuedMessage(Interlocked.Increment(ref _nextId), messageTemplate.Name, languageId, toEmailAddress, toName,
                Replace(subject ?? templateSubject, tokens, false), Replace(templateBody, tokens, true), tokens);
            if (WhileQueueing is { } meanwhile)
                await meanwhile();
            lock (_lock)
                Queue.Add(message);
            return message.Id;
        }
    }

    public Task DeleteQueuedEmailsAsync(IList<QueuedEmail> queuedEmails)
    {
        lock (_lock)
            Queue.RemoveAll(m => queuedEmails.Any(e => e.Id == m.Id));
        return Task.CompletedTask;
    }

    public Task<IList<QueuedEmail>> GetQueuedEmailsByIdsAsync(int[] queuedEmailIds)
    {
        lock (_lock)
            return Task.FromResult<IList<QueuedEmail>>(Queue.Where(m => queuedEmailIds.Contains(m.Id))
                .Select(m => new QueuedEmail { Id = m.Id, SentOnUtc = m.SentOnUtc }).ToList());
    }

    private static readonly Regex Conditional = new(@"%if \((%[\w.]+%)\)(.*?)endif%", RegexOptions.Singleline);

    private static string Replace(string template, IList<Token> tokens, bool htmlEncode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(template);
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
