namespace Nop.Core.Caching;

public partial class CacheKey
{
    public CacheKey(string key)
    {
        Key = key;
    }

    public string Key { get; protected set; }

    /// <summary>Minutes; nopCommerce takes the default from its cache configuration.</summary>
    public int CacheTime { get; set; } = 60;
}
