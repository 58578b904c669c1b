using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Profiles;

/// <summary>
/// A lease per long task, held in the database so that web-farm nodes agree on who runs it. Taking a lease is an
/// insert into a table with a unique name: of two nodes racing, exactly one insert succeeds. An expired lease is
/// removed by id and owner first, so a node can only replace the lease it saw.
/// </summary>
public class TaskLeaseService
{
    private readonly IRepository<TaskLease> _leaseRepository;

    public TaskLeaseService(IRepository<TaskLease> leaseRepository)
    {
        _leaseRepository = leaseRepository;
    }

    /// <summary>Takes the lease, keeping the progress of an earlier run; null when another node holds it.</summary>
    public async Task<TaskLease> TryAcquireAsync(string name, string owner, TimeSpan duration, DateTime nowUtc)
    {
        var current = await _leaseRepository.Table.FirstOrDefaultAsync(lease => lease.Name == name);
        if (current != null)
        {
            if (current.LeasedUntilUtc > nowUtc && current.LeasedBy != owner)
                return null;

            var seenId = current.Id;
            var seenOwner = current.LeasedBy;
            if (await _leaseRepository.DeleteAsync(lease => lease.Id == seenId && lease.LeasedBy == seenOwner) == 0)
                return null;
        }

        var taken = new TaskLease
        {
            Name = name,
            LeasedBy = owner,
            LeasedUntilUtc = nowUtc + duration,
            Phase = current?.Phase ?? 0,
            Cursor = current?.Cursor ?? 0
        };
        try
        {
            await _leaseRepository.InsertAsync(taken, false);
            return taken;
        }
        catch (Exception)
        {
            // the unique name refused our insert: the other node was first
            if (await _leaseRepository.Table.AnyAsync(lease => lease.Name == name && lease.LeasedBy != owner))
                return null;
            throw;
        }
    }

    /// <summary>Records progress and extends the lease; false when the lease was lost (expired and taken over).</summary>
    public async Task<bool> RenewAsync(TaskLease lease, int phase, int cursor, TimeSpan duration, DateTime nowUtc)
    {
        var current = await _leaseRepository.Table.FirstOrDefaultAsync(l => l.Name == lease.Name);
        if (current == null || current.Id != lease.Id || current.LeasedBy != lease.LeasedBy)
            return false;

        lease.Phase = phase;
        lease.Cursor = cursor;
        lease.LeasedUntilUtc = nowUtc + duration;
        await _leaseRepository.UpdateAsync(lease, false);
        return true;
    }

    /// <summary>Lets the lease go at once; a finished run also clears its progress.</summary>
    public async Task ReleaseAsync(TaskLease lease, bool finished, DateTime nowUtc)
    {
        if (finished)
            (lease.Phase, lease.Cursor) = (0, 0);
        lease.LeasedUntilUtc = nowUtc;
        await _leaseRepository.UpdateAsync(lease, false);
    }
}
