using System.Linq.Expressions;
using Nop.Core;
using Nop.Core.Domain.Localization;
using Nop.Services.Localization;

namespace Nop.Plugin.Misc.Segmentation.Tests.Fakes;

/// <summary>A store with English, Russian and Chinese installed.</summary>
public class FakeLanguageService : ILanguageService
{
    public static readonly Language English = new() { Id = 1, Name = "English", LanguageCulture = "en-US", Published = true };
    public static readonly Language Russian = new() { Id = 2, Name = "Русский", LanguageCulture = "ru-RU", Published = true };
    public static readonly Language Chinese = new() { Id = 3, Name = "中文", LanguageCulture = "zh-CN", Published = true };

    public Task<Language> GetLanguageByIdAsync(int languageId) =>
        Task.FromResult(new[] { English, Russian, Chinese }.FirstOrDefault(l => l.Id == languageId));

    public Task<IList<Language>> GetAllLanguagesAsync(bool showHidden = false, int storeId = 0) =>
        Task.FromResult<IList<Language>>([English, Russian, Chinese]);
}

/// <summary>In-memory LocaleStringResource table: names are stored lower-case, as nopCommerce does.</summary>
public class FakeLocalizationService : ILocalizationService
{
    private readonly ILanguageService _languageService;

    public FakeLocalizationService(ILanguageService languageService)
    {
        _languageService = languageService;
    }

    public Dictionary<int, Dictionary<string, string>> Resources { get; } = [];

    /// <summary>The LocalizedProperty table: (entity type name, entity id, property, language) to value.</summary>
    public Dictionary<(string KeyGroup, int EntityId, string LocaleKey, int LanguageId), string> LocalizedProperties { get; } = [];

    /// <summary>As nopCommerce: the value stored for the language, else the entity's own.</summary>
    public Task<TPropType> GetLocalizedAsync<TEntity, TPropType>(TEntity entity, Expression<Func<TEntity, TPropType>> keySelector,
        int? languageId = null, bool returnDefaultValue = true, bool ensureTwoPublishedLanguages = true)
        where TEntity : BaseEntity, ILocalizedEntity
    {
        var property = ((MemberExpression)keySelector.Body).Member.Name;
        if (LocalizedProperties.TryGetValue((typeof(TEntity).Name, entity.Id, property, languageId ?? WorkingLanguageId), out var value))
            return Task.FromResult((TPropType)(object)value);
        return Task.FromResult(returnDefaultValue ? keySelector.Compile()(entity) : default);
    }

    public int WorkingLanguageId { get; set; } = FakeLanguageService.English.Id;

    public string Get(int languageId, string name) =>
        Resources.TryGetValue(languageId, out var values) && values.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;

    public Task<string> GetResourceAsync(string resourceKey) =>
        Task.FromResult(Get(WorkingLanguageId, resourceKey) ?? resourceKey);

    /// <summary>As nopCommerce: the resource "Enums.{full type name}.{value}", else the value's name.</summary>
    public Task<string> GetLocalizedEnumAsync<TEnum>(TEnum enumValue, int? languageId = null) where TEnum : struct =>
        Task.FromResult(Get(languageId ?? WorkingLanguageId, $"Enums.{typeof(TEnum).FullName}.{enumValue}") ?? enumValue.ToString());

    /// <summary>As nopCommerce's language-pack import: every resource of the file into that one language, replacing what is there.</summary>
    public async Task ImportResourcesFromXmlAsync(Language language, StreamReader xmlStreamReader, bool updateExistingResources = true)
    {
        var resources = Infrastructure.TestLocales.Parse(await xmlStreamReader.ReadToEndAsync());
        if (!Resources.TryGetValue(language.Id, out var values))
            Resources[language.Id] = values = [];
        foreach (var (name, value) in resources)
            if (updateExistingResources || !values.ContainsKey(name.ToLowerInvariant()))
                values[name.ToLowerInvariant()] = value;
        Imports.Add((language.Id, ((FileStream)xmlStreamReader.BaseStream).Name));
    }

    /// <summary>The files imported, by language.</summary>
    public List<(int LanguageId, string File)> Imports { get; } = [];

    public async Task AddOrUpdateLocaleResourceAsync(IDictionary<string, string> resources, int? languageId = null)
    {
        foreach (var language in await _languageService.GetAllLanguagesAsync(true))
        {
            if (languageId.HasValue && language.Id != languageId.Value)
                continue;

            if (!Resources.TryGetValue(language.Id, out var values))
                Resources[language.Id] = values = [];
            foreach (var (name, value) in resources)
                values[name.Trim().ToLowerInvariant()] = value;
        }
    }

    public Task DeleteLocaleResourcesAsync(string resourceNamePrefix, int? languageId = null)
    {
        foreach (var (id, values) in Resources)
        {
            if (languageId.HasValue && id != languageId.Value)
                continue;
            foreach (var name in values.Keys.Where(n => n.StartsWith(resourceNamePrefix, StringComparison.InvariantCultureIgnoreCase)).ToList())
                values.Remove(name);
        }

        return Task.CompletedTask;
    }
}
