using System.Linq.Expressions;
using Nop.Core;
using Nop.Data;

namespace Nop.Plugin.Misc.Segmentation.Tests.Fakes;

/// <summary>An empty table, registered as an open generic the way nopCommerce registers its repository.</summary>
public class EmptyRepository<TEntity> : IRepository<TEntity> where TEntity : BaseEntity
{
    public IQueryable<TEntity> Table => Enumerable.Empty<TEntity>().AsQueryable();

    public Task InsertAsync(TEntity entity, bool publishEvent = true) => Task.CompletedTask;

    public Task InsertAsync(IList<TEntity> entities, bool publishEvent = true) => Task.CompletedTask;

    public Task UpdateAsync(TEntity entity, bool publishEvent = true) => Task.CompletedTask;

    public Task DeleteAsync(TEntity entity, bool publishEvent = true) => Task.CompletedTask;

    public Task<int> DeleteAsync(Expression<Func<TEntity, bool>> predicate) => Task.FromResult(0);
}
