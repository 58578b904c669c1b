using Nop.Core.Caching;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Segments;

/// <summary>One segment a customer is in, with what decides whether it counts in a store.</summary>
public record CustomerSegment(int SegmentId, int StoreId, bool Active);

/// <summary>
/// The segments of the current customer, read on every cart calculation and page: cached per customer and
/// dropped whenever that customer's memberships change (or all of them, after a store-wide evaluation).
/// </summary>
public class SegmentMembershipService
{
    private readonly IStaticCacheManager _staticCacheManager;
    private readonly IRepository<Segment> _segmentRepository;
    private readonly IRepository<SegmentMember> _memberRepository;

    public SegmentMembershipService(IStaticCacheManager staticCacheManager, IRepository<Segment> segmentRepository,
        IRepository<SegmentMember> memberRepository)
    {
        _staticCacheManager = staticCacheManager;
        _segmentRepository = segmentRepository;
        _memberRepository = memberRepository;
    }

    public async Task<IReadOnlyList<CustomerSegment>> GetSegmentsAsync(int customerId)
    {
        if (customerId <= 0)
            return [];

        var key = _staticCacheManager.PrepareKeyForDefaultCache(SegmentationDefaults.CustomerSegmentsCacheKey, customerId);
        return await _staticCacheManager.GetAsync(key, async () => (IReadOnlyList<CustomerSegment>)await (
                from member in _memberRepository.Table
                join segment in _segmentRepository.Table on member.SegmentId equals segment.Id
                where member.CustomerId == customerId
                // by the owner's priority, so the first segment that has a variant (a greeting, an offer) wins
                orderby segment.Priority, segment.Id
                select new CustomerSegment(segment.Id, segment.StoreId, segment.Active))
            .ToListAsync());
    }

    /// <summary>The segments that count for the customer in a store: switched on and for every store or that one.</summary>
    public async Task<IReadOnlyList<int>> GetSegmentIdsAsync(int customerId, int storeId) =>
        (await GetSegmentsAsync(customerId)).Where(s => s.Active && (s.StoreId == 0 || s.StoreId == storeId)).Select(s => s.SegmentId).ToList();

    /// <summary>Drops the customer's cached segments and storefront state (<see cref="CustomerStateService"/>).</summary>
    public async Task ClearAsync(int customerId)
    {
        await _staticCacheManager.RemoveAsync(SegmentationDefaults.CustomerSegmentsCacheKey, customerId);
        await _staticCacheManager.RemoveAsync(SegmentationDefaults.CustomerStateCacheKey, customerId);
    }

    /// <summary>
    /// The ids of the segments that exist and are switched on, whatever their store: what a requirement needs to tell a
    /// segment it can decide from one that was deleted or switched off. Cached under the segments' prefix, so a
    /// store-wide change (<see cref="ClearAllAsync"/>) drops it too.
    /// </summary>
    public async Task<IReadOnlySet<int>> GetActiveSegmentIdsAsync() =>
        await _staticCacheManager.GetAsync(_staticCacheManager.PrepareKeyForDefaultCache(SegmentationDefaults.ActiveSegmentIdsCacheKey),
            async () => (IReadOnlySet<int>)(await _segmentRepository.Table.Where(s => s.Active).Select(s => s.Id).ToListAsync()).ToHashSet());

    /// <summary>The id of a built-in segment, or 0. Built-ins are created at install and never change id while the plugin is installed.</summary>
    public async Task<int> GetBuiltInIdAsync(string systemName)
    {
        var ids = await _staticCacheManager.GetAsync(_staticCacheManager.PrepareKeyForDefaultCache(SegmentationDefaults.BuiltInSegmentIdsCacheKey),
            async () => (await _segmentRepository.Table.Where(s => s.SegmentTypeId == (int)SegmentType.BuiltIn && s.SystemName != null)
                    .Select(s => new { s.SystemName, s.Id }).ToListAsync())
                .ToDictionary(s => s.SystemName, s => s.Id));
        return ids.GetValueOrDefault(systemName);
    }

    /// <summary>Drops a few customers' entries one by one; for many, clearing all is cheaper than removing each.</summary>
    public async Task ClearAsync(IReadOnlyCollection<int> customerIds)
    {
        if (customerIds.Count > 100)
        {
            await ClearAllAsync();
            return;
        }

        foreach (var customerId in customerIds)
            await ClearAsync(customerId);
    }

    public Task ClearAllAsync() => _staticCacheManager.RemoveByPrefixAsync(SegmentationDefaults.CustomerSegmentsPrefix);

    /// <summary>
    /// Makes the stored <see cref="Segment.MemberCount"/> of these segments equal to their member rows, and returns
    /// the counts. nopCommerce's repository has no set-based UPDATE (neither "MemberCount + 1" nor "= (SELECT COUNT…)")
    /// and the plugin may not call linq2db itself, so this checks and repairs instead: one query reads each segment
    /// with its count, the stale ones are written, and read again until they agree. Every writer of members checks
    /// after its own write, so of writers racing on one segment (events of two customers) the last to change
    /// anything also checks last, and the count ends true rather than as whoever wrote last saw it.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, int>> StoreMemberCountsAsync(IEnumerable<int> segmentIds)
    {
        ArgumentNullException.ThrowIfNull(segmentIds);
        var counts = new Dictionary<int, int>();
        var pending = segmentIds.Distinct().ToList();
        // a bound, not a loop forever under a storm of events; the next writer or the task run finishes the job
        for (var round = 0; pending.Count > 0 && round < MaxCountRounds; round++)
        {
            var stale = new List<Segment>();
            var members = _memberRepository.Table;
            foreach (var slice in pending.Chunk(SegmentationDefaults.MaxInListSize))
            {
                // the row and its count from one statement, so both are of the same moment; the count is an index range
                var rows = await _segmentRepository.Table.Where(s => slice.Contains(s.Id))
                    .Select(s => new { Segment = s, Count = members.Count(m => m.SegmentId == s.Id) })
                    .ToListAsync();
                foreach (var row in rows)
                {
                    counts[row.Segment.Id] = row.Count;
                    if (row.Segment.MemberCount == row.Count)
                        continue;
                    row.Segment.MemberCount = row.Count;
                    stale.Add(row.Segment);
                }
            }

            // the row as just read, so a concurrent edit of its other columns is overwritten only within this instant
            foreach (var segment in stale)
                await _segmentRepository.UpdateAsync(segment, false);
            pending = stale.Select(s => s.Id).ToList();
        }

        return counts;
    }

    private const int MaxCountRounds = 10;
}
