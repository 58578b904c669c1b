using System.Linq.Expressions;

namespace System.Linq;

// In nopCommerce these run through linq2db's async executor; here the query provider runs them synchronously,
// which is all the tests need.
public static class AsyncIQueryableExtensions
{
    public static Task<bool> AnyAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, bool>> predicate = null)
    {
        return Task.FromResult(predicate == null ? source.Any() : source.Any(predicate));
    }

    public static Task<int> CountAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, bool>> predicate = null)
    {
        return Task.FromResult(predicate == null ? source.Count() : source.Count(predicate));
    }

    public static Task<TSource> FirstOrDefaultAsync<TSource>(this IQueryable<TSource> source, Expression<Func<TSource, bool>> predicate = null)
    {
        return Task.FromResult(predicate == null ? source.FirstOrDefault() : source.FirstOrDefault(predicate));
    }

    public static Task<List<TSource>> ToListAsync<TSource>(this IQueryable<TSource> source)
    {
        return Task.FromResult(source.ToList());
    }
}
