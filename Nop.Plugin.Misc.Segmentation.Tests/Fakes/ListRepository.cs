using System.Linq.Expressions;
using Nop.Core;
using Nop.Data;

namespace Nop.Plugin.Misc.Segmentation.Tests.Fakes;

/// <summary>Rows kept in a list, for the plugin-class tests that run without a database.</summary>
public class ListRepository<TEntity> : IRepository<TEntity> where TEntity : BaseEntity
{
    public List<TEntity> Rows { get; } = [];

    public IQueryable<TEntity> Table => Rows.AsQueryable();

    public Task InsertAsync(TEntity entity, bool publishEvent = true)
    {
        entity.Id = Rows.Count == 0 ? 1 : Rows.Max(r => r.Id) + 1;
        Rows.Add(entity);
        return Task.CompletedTask;
    }

    public async Task InsertAsync(IList<TEntity> entities, bool publishEvent = true)
    {
        foreach (var entity in entities)
            await InsertAsync(entity, publishEvent);
    }

    public Task UpdateAsync(TEntity entity, bool publishEvent = true) => Task.CompletedTask;

    public Task DeleteAsync(TEntity entity, bool publishEvent = true)
    {
        Rows.Remove(entity);
        return Task.CompletedTask;
    }

    public Task<int> DeleteAsync(Expression<Func<TEntity, bool>> predicate) => Task.FromResult(Rows.RemoveAll(predicate.Compile().Invoke));
}
