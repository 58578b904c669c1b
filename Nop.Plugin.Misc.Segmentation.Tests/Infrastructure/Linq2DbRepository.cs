using System.Linq.Expressions;
using LinqToDB;
using LinqToDB.Data;
using Nop.Core;
using Nop.Data;

namespace Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;

/// <summary>
/// The data-access path the plugin uses, over a real database, the way nopCommerce's EntityRepository does it
/// with linq2db (no caching and no events: the plugin's tests need neither). Over one given connection (a request
/// of a test), or, like nopCommerce, a connection of its own for every call (what lets the rebuild's batches run
/// side by side).
/// </summary>
public sealed class Linq2DbRepository<TEntity> : IRepository<TEntity> where TEntity : BaseEntity
{
    private readonly DataConnection _shared;
    private readonly DataOptions _options;

    public Linq2DbRepository(DataConnection connection)
    {
        _shared = connection;
    }

    public Linq2DbRepository(DataOptions options)
    {
        _options = options;
    }

    // a DataContext opens a connection for each query and closes it after, as nopCommerce's GetTable does
    public IQueryable<TEntity> Table => _shared?.GetTable<TEntity>() ?? new DataContext(_options).GetTable<TEntity>();

    private Lease Connection() => _shared != null ? new Lease(_shared, false) : new Lease(new DataConnection(_options), true);

    private readonly struct Lease(DataConnection connection, bool owned) : IDisposable
    {
        public DataConnection Value => connection;

        public void Dispose()
        {
            if (owned)
                connection.Dispose();
        }
    }

    public async Task InsertAsync(TEntity entity, bool publishEvent = true)
    {
        ArgumentNullException.ThrowIfNull(entity);
        using var connection = Connection();
        entity.Id = await connection.Value.InsertWithInt32IdentityAsync(entity);
    }

    /// <summary>A bulk copy, as nopCommerce's repository does for lists (PostgreSQL's binary COPY where there is one).</summary>
    public async Task InsertAsync(IList<TEntity> entities, bool publishEvent = true)
    {
        ArgumentNullException.ThrowIfNull(entities);
        using var connection = Connection();
        var copyType = connection.Value.DataProvider.Name.Contains("PostgreSQL", StringComparison.OrdinalIgnoreCase)
            ? BulkCopyType.ProviderSpecific
            : BulkCopyType.MultipleRows;
        await connection.Value.BulkCopyAsync(new BulkCopyOptions { BulkCopyType = copyType }, entities);
    }

    public async Task UpdateAsync(TEntity entity, bool publishEvent = true)
    {
        ArgumentNullException.ThrowIfNull(entity);
        using var connection = Connection();
        await connection.Value.UpdateAsync(entity);
    }

    public async Task DeleteAsync(TEntity entity, bool publishEvent = true)
    {
        ArgumentNullException.ThrowIfNull(entity);
        using var connection = Connection();
        await connection.Value.DeleteAsync(entity);
    }

    public async Task<int> DeleteAsync(Expression<Func<TEntity, bool>> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        using var connection = Connection();
        return await connection.Value.GetTable<TEntity>().Where(predicate).DeleteAsync();
    }
}
