using System.Net;
using System.Text.RegularExpressions;
using Nop.Core.Caching;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Services.Localization;

namespace Nop.Plugin.Misc.Segmentation.Services.Offers;

/// <summary>
/// The owner's greeting texts: kept per audience, segment, store and language, read from one cached list by every
/// page that shows the greeting, and filled with the visitor's values, which are HTML-encoded.
/// </summary>
public class GreetingService
{
    public const int MaxBodyLength = 2000;

    /// <summary>The tokens a greeting may use; anything else between percent signs is refused when saved.</summary>
    public static IReadOnlyList<string> Tokens { get; } = ["%Customer.FirstName%", "%Customer.LastName%", "%Store.Name%", "%Login.Url%"];

    private readonly ILocalizationService _localizationService;
    private readonly IRepository<GreetingTemplate> _greetingRepository;
    private readonly IRepository<Segment> _segmentRepository;
    private readonly IStaticCacheManager _staticCacheManager;

    public GreetingService(ILocalizationService localizationService, IRepository<GreetingTemplate> greetingRepository,
        IRepository<Segment> segmentRepository, IStaticCacheManager staticCacheManager)
    {
        _localizationService = localizationService;
        _greetingRepository = greetingRepository;
        _segmentRepository = segmentRepository;
        _staticCacheManager = staticCacheManager;
    }

    private async Task<string> ErrorAsync(string name, params object[] args) =>
        string.Format(await _localizationService.GetResourceAsync(SegmentationDefaults.ResourcePrefix + "Greeting.Error." + name), args);

    /// <summary>Every template: a handful of rows, read once per cache period whatever the traffic.</summary>
    public async Task<IReadOnlyList<GreetingTemplate>> GetAllAsync() =>
        await _staticCacheManager.GetAsync(_staticCacheManager.PrepareKeyForDefaultCache(SegmentationDefaults.GreetingTemplatesCacheKey),
            async () => (IReadOnlyList<GreetingTemplate>)await _greetingRepository.Table.OrderBy(t => t.AudienceId).ThenBy(t => t.SegmentId)
                .ThenBy(t => t.StoreId).ThenBy(t => t.LanguageId).ToListAsync());

    /// <summary>
    /// Saves the text for its audience, segment, store and language, replacing the one there is. Returns the problem
    /// in the admin's language, or null when saved; nothing is written when there is a problem.
    /// </summary>
    public async Task<string> SaveAsync(GreetingAudience audience, int segmentId, int storeId, int languageId, string body)
    {
        if (!Enum.IsDefined(audience))
            return await ErrorAsync("Audience");
        if (segmentId < 0 || storeId < 0 || languageId < 0)
            return await ErrorAsync("Ids");
        if (segmentId > 0 && audience != GreetingAudience.SignedIn)
            return await ErrorAsync("SegmentForGuests");
        if (string.IsNullOrWhiteSpace(body))
            return await ErrorAsync("Empty");
        body = body.Trim();
        if (body.Length > MaxBodyLength)
            return await ErrorAsync("TooLong", body.Length, MaxBodyLength);
        var unknown = Token.Matches(body).Select(m => m.Value).Where(t => !Tokens.Contains(t)).Distinct().ToList();
        if (unknown.Count > 0)
            return await ErrorAsync("UnknownToken", string.Join(", ", unknown), string.Join(", ", Tokens));
        if (segmentId > 0 && !await _segmentRepository.Table.AnyAsync(s => s.Id == segmentId))
            return await ErrorAsync("NoSegment", segmentId);

        var existing = await _greetingRepository.Table.FirstOrDefaultAsync(t => t.AudienceId == (int)audience && t.SegmentId == segmentId
            && t.StoreId == storeId && t.LanguageId == languageId);
        if (existing == null)
            await _greetingRepository.InsertAsync(new GreetingTemplate
            {
                Audience = audience, SegmentId = segmentId, StoreId = storeId, LanguageId = languageId, Body = body
            }, false);
        else
        {
            existing.Body = body;
            await _greetingRepository.UpdateAsync(existing, false);
        }

        await _staticCacheManager.RemoveAsync(SegmentationDefaults.GreetingTemplatesCacheKey);
        return null;
    }

    public async Task<bool> DeleteAsync(int id)
    {
        var deleted = await _greetingRepository.DeleteAsync(t => t.Id == id);
        await _staticCacheManager.RemoveAsync(SegmentationDefaults.GreetingTemplatesCacheKey);
        return deleted > 0;
    }

    /// <summary>
    /// The text for a visitor: for a signed-in customer the variant of their first segment (by priority) that has
    /// one, else the audience's own; within those, this store and language before every store, and this
    /// language before every language (a text the visitor can read matters more than the store's wording).
    /// Null when the owner wrote none.
    /// </summary>
    public static GreetingTemplate Choose(IReadOnlyList<GreetingTemplate> templates, GreetingAudience audience,
        IReadOnlyList<int> segmentIdsByPriority, int storeId, int languageId)
    {
        var forAudience = templates.Where(t => t.Audience == audience && (t.StoreId == 0 || t.StoreId == storeId)
            && (t.LanguageId == 0 || t.LanguageId == languageId)).ToList();
        if (forAudience.Count == 0)
            return null;

        IEnumerable<int> variants = audience == GreetingAudience.SignedIn ? segmentIdsByPriority ?? [] : [];
        foreach (var segmentId in variants.Append(0))
        {
            var best = forAudience.Where(t => t.SegmentId == segmentId)
                .OrderByDescending(t => t.LanguageId == languageId && languageId != 0)
                .ThenByDescending(t => t.StoreId == storeId && storeId != 0)
                .FirstOrDefault();
            if (best != null)
                return best;
        }

        return null;
    }

    /// <summary>The template with its tokens replaced; values are HTML-encoded, the owner's own markup is kept.</summary>
    public static string Render(string body, IReadOnlyDictionary<string, string> values) =>
        string.IsNullOrEmpty(body)
            ? string.Empty
            : Token.Replace(body, m => values.TryGetValue(m.Value, out var value) ? WebUtility.HtmlEncode(value ?? string.Empty) : m.Value);

    private static readonly Regex Token = new(@"%[A-Za-z]+\.[A-Za-z]+%", RegexOptions.Compiled | RegexOptions.CultureInvariant);
}
