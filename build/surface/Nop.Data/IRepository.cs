using System.Linq.Expressions;
using Nop.Core;

namespace Nop.Data;

// Only the members the plugin calls. Tests supply an implementation over a real database.
public partial interface IRepository<TEntity> where TEntity : BaseEntity
{
    Task InsertAsync(TEntity entity, bool publishEvent = true);

    Task InsertAsync(IList<TEntity> entities, bool publishEvent = true);

    Task UpdateAsync(TEntity entity, bool publishEvent = true);

    Task DeleteAsync(TEntity entity, bool publishEvent = true);

    Task<int> DeleteAsync(Expression<Func<TEntity, bool>> predicate);

    IQueryable<TEntity> Table { get; }
}
