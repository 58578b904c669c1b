using System.Linq.Expressions;
using LinqToDB;
using LinqToDB.Data;
using Nop.Core;
using Nop.Data;

namespace Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;

/// <summary>
/// The data-access path the plugin uses, over a real database, the way nopCommerce's EntityRepository does it
/// with linq2db (no caching and no events: the plugin's tests need neither).
/// </summary>
public sealed class Linq2DbRepository<TEntity> : IRepository<TEntity> where TEntity : BaseEntity
{
    private readonly DataConnection _connection;

    public Linq2DbRepository(DataConnection connection)
    {
        _connection = connection;
    }

    public IQueryable<TEntity> Table => _connection.GetTable<TEntity>();

    public async Task InsertAsync(TEntity entity, bool publishEvent = true)
    {
        ArgumentNullException.ThrowIfNull(entity);
        entity.Id = await _connection.InsertWithInt32IdentityAsync(entity);
    }

    /// <summary>A bulk copy, as nopCommerce's repository does for lists (PostgreSQL's binary COPY where there is one).</summary>
    public async Task InsertAsync(IList<TEntity> entities, bool publishEvent = true)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var copyType = _connection.DataProvider.Name.Contains("PostgreSQL", StringComparison.OrdinalIgnoreCase)
            ? BulkCopyType.ProviderSpecific
            : BulkCopyType.MultipleRows;
        await _connection.BulkCopyAsync(new BulkCopyOptions { BulkCopyType = copyType }, entities);
    }

    public async Task UpdateAsync(TEntity entity, bool publishEvent = true)
    {
        ArgumentNullException.ThrowIfNull(entity);
        await _connection.UpdateAsync(entity);
    }

    public async Task DeleteAsync(TEntity entity, bool publishEvent = true)
    {
        ArgumentNullException.ThrowIfNull(entity);
        await _connection.DeleteAsync(entity);
    }

    public Task<int> DeleteAsync(Expression<Func<TEntity, bool>> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return _connection.GetTable<TEntity>().Where(predicate).DeleteAsync();
    }
}
