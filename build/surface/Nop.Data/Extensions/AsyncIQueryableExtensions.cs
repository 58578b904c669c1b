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

    public static async Task<Nop.Core.IPagedList<T>> ToPagedListAsync<T>(this IQueryable<T> source, int pageIndex, int pageSize, bool getOnlyTotalCount = false)
    {
        if (source == null)
            return new Nop.Core.PagedList<T>([], pageIndex, pageSize);

        pageSize = Math.Max(pageSize, 1);
        var count = await source.CountAsync();
        var page = getOnlyTotalCount || count == 0 ? [] : await source.Skip(pageIndex * pageSize).Take(pageSize).ToListAsync();
        return new Nop.Core.PagedList<T>(page, pageIndex, pageSize, count);
    }

    public static IAsyncEnumerable<T> ToAsyncEnumerable<T>(this IQueryable<T> source)
    {
        return new QueryRows<T>(source);
    }

    // rows read one by one as the caller asks for them, as linq2db streams them
    private sealed class QueryRows<T>(IQueryable<T> source) : IAsyncEnumerable<T>
    {
        public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) => new Rows(source.GetEnumerator(), cancellationToken);

        private sealed class Rows(IEnumerator<T> rows, CancellationToken cancellationToken) : IAsyncEnumerator<T>
        {
            public T Current => rows.Current;

            public ValueTask<bool> MoveNextAsync()
            {
                cancellationToken.ThrowIfCancellationRequested();
                return new ValueTask<bool>(rows.MoveNext());
            }

            public ValueTask DisposeAsync()
            {
                rows.Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
