using Nop.Core;
using Nop.Data;

namespace Nop.Plugin.Misc.Segmentation.Services;

public static class RowDifferences
{
    /// <summary>
    /// Replaces the stored rows of a range by the computed ones, writing only differences: rows whose values are
    /// unchanged are left alone, changed ones updated, new ones bulk-inserted, the rest deleted (first, so a unique
    /// key freed by a deletion can be taken by an insert). Returns the number of rows written or deleted.
    /// </summary>
    public static async Task<int> WriteAsync<TEntity, TKey>(IRepository<TEntity> repository, IEnumerable<TEntity> stored,
        IEnumerable<TEntity> computed, Func<TEntity, TKey> keyOf, Func<TEntity, TEntity, bool> sameValues) where TEntity : BaseEntity
    {
        var existing = stored.ToDictionary(keyOf);
        var updates = new List<TEntity>();
        var inserts = new List<TEntity>();
        foreach (var row in computed)
        {
            if (!existing.Remove(keyOf(row), out var current))
                inserts.Add(row);
            else if (!sameValues(current, row))
            {
                row.Id = current.Id;
                updates.Add(row);
            }
        }

        var stale = existing.Values.Select(row => row.Id).ToList();
        foreach (var slice in stale.Chunk(SegmentationDefaults.MaxInListSize))
            await repository.DeleteAsync(row => slice.Contains(row.Id));
        foreach (var row in updates)
            await repository.UpdateAsync(row, false);
        if (inserts.Count > 0)
            await repository.InsertAsync(inserts, false);

        return stale.Count + updates.Count + inserts.Count;
    }
}
