using Nop.Core.Caching;

namespace Nop.Plugin.Misc.Segmentation.Tests.Fakes;

/// <summary>nopCommerce's static cache as a dictionary: keys formatted with their parameters, removable by prefix.</summary>
public class FakeStaticCacheManager : IStaticCacheManager
{
    public Dictionary<string, object> Entries { get; } = [];

    public int Misses { get; private set; }

    private static string Format(CacheKey key, object[] parameters) => string.Format(key.Key, parameters);

    public CacheKey PrepareKey(CacheKey cacheKey, params object[] cacheKeyParameters) =>
        new(Format(cacheKey, cacheKeyParameters)) { CacheTime = cacheKey.CacheTime };

    public CacheKey PrepareKeyForDefaultCache(CacheKey cacheKey, params object[] cacheKeyParameters) =>
        new(Format(cacheKey, cacheKeyParameters)) { CacheTime = cacheKey.CacheTime };

    public async Task<T> GetAsync<T>(CacheKey key, Func<Task<T>> acquire)
    {
        if (Entries.TryGetValue(key.Key, out var value))
            return (T)value;

        Misses++;
        var fresh = await acquire();
        Entries[key.Key] = fresh;
        return fresh;
    }

    public Task RemoveAsync(CacheKey cacheKey, params object[] cacheKeyParameters)
    {
        Entries.Remove(Format(cacheKey, cacheKeyParameters));
        return Task.CompletedTask;
    }

    public Task RemoveByPrefixAsync(string prefix, params object[] prefixParameters)
    {
        var formatted = string.Format(prefix, prefixParameters);
        foreach (var key in Entries.Keys.Where(k => k.StartsWith(formatted, StringComparison.OrdinalIgnoreCase)).ToList())
            Entries.Remove(key);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
    }
}
