using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using Nop.Core.Configuration;
using Nop.Services.Configuration;

namespace Nop.Plugin.Misc.Segmentation.Tests.Fakes;

/// <summary>
/// In-memory stand-in for nopCommerce's setting service: one row per "classname.property" key and store,
/// a store value overriding the shared one (store 0), as in the Setting table.
/// </summary>
public class FakeSettingService : ISettingService
{
    public Dictionary<(string Key, int StoreId), string> Rows { get; } = [];

    public static string KeyOf(Type settingsType, string propertyName) => $"{settingsType.Name}.{propertyName}".ToLowerInvariant();

    private static IEnumerable<PropertyInfo> PropertiesOf(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.CanWrite);

    private static string PropertyName<T, TProp>(Expression<Func<T, TProp>> selector) =>
        ((MemberExpression)selector.Body).Member.Name;

    public Task<bool> SettingExistsAsync<T, TPropType>(T settings, Expression<Func<T, TPropType>> keySelector, int storeId = 0)
        where T : ISettings, new()
    {
        return Task.FromResult(Rows.ContainsKey((KeyOf(typeof(T), PropertyName(keySelector)), storeId)));
    }

    public Task<T> LoadSettingAsync<T>(int storeId = 0) where T : ISettings, new()
    {
        var settings = new T();
        foreach (var property in PropertiesOf(typeof(T)))
        {
            var key = KeyOf(typeof(T), property.Name);
            if (Rows.TryGetValue((key, storeId), out var value) || Rows.TryGetValue((key, 0), out value))
                property.SetValue(settings, JsonSerializer.Deserialize(value, property.PropertyType));
        }

        return Task.FromResult(settings);
    }

    public Task SaveSettingAsync<T>(T settings, int storeId = 0) where T : ISettings, new()
    {
        foreach (var property in PropertiesOf(typeof(T)))
            Rows[(KeyOf(typeof(T), property.Name), storeId)] = JsonSerializer.Serialize(property.GetValue(settings), property.PropertyType);
        return Task.CompletedTask;
    }

    public Task SaveSettingOverridablePerStoreAsync<T, TPropType>(T settings, Expression<Func<T, TPropType>> keySelector,
        bool overrideForStore, int storeId = 0, bool clearCache = true) where T : ISettings, new()
    {
        var key = KeyOf(typeof(T), PropertyName(keySelector));
        if (overrideForStore || storeId == 0)
            Rows[(key, storeId)] = JsonSerializer.Serialize(keySelector.Compile()(settings));
        else
            Rows.Remove((key, storeId));
        return Task.CompletedTask;
    }

    public Task SetSettingAsync<T>(string key, T value, int storeId = 0, bool clearCache = true)
    {
        Rows[(key.Trim().ToLowerInvariant(), storeId)] = JsonSerializer.Serialize(value);
        return Task.CompletedTask;
    }

    /// <summary>As nopCommerce: "classname.property", lower-case.</summary>
    public string GetSettingKey<TSettings, T>(TSettings settings, Expression<Func<TSettings, T>> keySelector)
        where TSettings : ISettings, new() => KeyOf(typeof(TSettings), PropertyName(keySelector));

    public Task DeleteSettingAsync<T>() where T : ISettings, new()
    {
        var prefix = typeof(T).Name.ToLowerInvariant() + ".";
        foreach (var row in Rows.Keys.Where(k => k.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            Rows.Remove(row);
        return Task.CompletedTask;
    }

    public int ClearCacheCalls { get; private set; }

    public Task ClearCacheAsync()
    {
        ClearCacheCalls++;
        return Task.CompletedTask;
    }
}
