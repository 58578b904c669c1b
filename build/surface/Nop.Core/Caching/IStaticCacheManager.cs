namespace Nop.Core.Caching;

public partial interface IStaticCacheManager : IDisposable, ICacheKeyService
{
    Task<T> GetAsync<T>(CacheKey key, Func<Task<T>> acquire);

    Task RemoveAsync(CacheKey cacheKey, params object[] cacheKeyParameters);

    Task RemoveByPrefixAsync(string prefix, params object[] prefixParameters);
}
