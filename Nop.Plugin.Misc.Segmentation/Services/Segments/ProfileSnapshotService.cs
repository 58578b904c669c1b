using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Segments;

/// <summary>A count of customers with one value of a profile dimension.</summary>
public record DimensionCount(ProfileDimension Dimension, int Value, int Customers);

/// <summary>
/// The distribution of profiles over lifecycle stages, usage tiers and RFM groups: now, counted in the database,
/// and as it was on a day, from the daily rows this service writes (taken again during the day, the day's rows are
/// brought up to date).
/// </summary>
public class ProfileSnapshotService
{
    private readonly IRepository<CustomerProfile> _profileRepository;
    private readonly IRepository<ProfileSnapshot> _snapshotRepository;

    public ProfileSnapshotService(IRepository<CustomerProfile> profileRepository, IRepository<ProfileSnapshot> snapshotRepository)
    {
        _profileRepository = profileRepository;
        _snapshotRepository = snapshotRepository;
    }

    public static readonly ProfileDimension[] Dimensions = [ProfileDimension.Lifecycle, ProfileDimension.UsageTier, ProfileDimension.RfmGroup];

    /// <summary>Writes today's (UTC) rows of every store; returns the rows written or deleted.</summary>
    public async Task<int> TakeAsync(DateTime nowUtc)
    {
        var day = nowUtc.Date;
        var computed = (await CountAsync(_profileRepository.Table)).Select(c => new ProfileSnapshot
        {
            StoreId = c.StoreId,
            SnapshotDateUtc = day,
            Dimension = c.Count.Dimension,
            Value = c.Count.Value,
            Customers = c.Count.Customers
        }).ToList();
        var stored = await _snapshotRepository.Table.Where(s => s.SnapshotDateUtc == day).ToListAsync();

        return await RowDifferences.WriteAsync(_snapshotRepository, stored, computed, s => (s.StoreId, s.DimensionId, s.Value),
            (x, y) => x.Customers == y.Customers);
    }

    /// <summary>A store's distribution as the profiles hold it now.</summary>
    public async Task<IReadOnlyList<DimensionCount>> CountNowAsync(int storeId) =>
        (await CountAsync(_profileRepository.Table.Where(p => p.StoreId == storeId))).Select(c => c.Count).ToList();

    /// <summary>
    /// A store's distribution as the last task run left it: its latest snapshot day, which the task brings up to date
    /// on every run (as often as the analytics cache is dropped), so the dashboard need not count a million profiles;
    /// counted now when no snapshot was taken yet.
    /// </summary>
    public async Task<IReadOnlyList<DimensionCount>> LatestAsync(int storeId)
    {
        var rows = _snapshotRepository.Table.Where(s => s.StoreId == storeId);
        var latest = await rows.OrderByDescending(s => s.SnapshotDateUtc).Select(s => (DateTime?)s.SnapshotDateUtc).FirstOrDefaultAsync();
        if (latest is not { } day)
            return await CountNowAsync(storeId);

        return (await rows.Where(s => s.SnapshotDateUtc == day).ToListAsync()).Select(s => new DimensionCount(s.Dimension, s.Value, s.Customers)).ToList();
    }

    /// <summary>
    /// The store's rows of the first snapshot day on or after <paramref name="day"/> (null when there is none): the
    /// distribution at the start of a period, or as near after it as the history goes.
    /// </summary>
    public async Task<(DateTime Day, IReadOnlyList<DimensionCount> Counts)?> GetOnOrAfterAsync(int storeId, DateTime day)
    {
        var rows = _snapshotRepository.Table.Where(s => s.StoreId == storeId);
        var first = await rows.Where(s => s.SnapshotDateUtc >= day.Date).OrderBy(s => s.SnapshotDateUtc)
            .Select(s => (DateTime?)s.SnapshotDateUtc).FirstOrDefaultAsync();
        if (first is not { } found)
            return null;

        var counts = await rows.Where(s => s.SnapshotDateUtc == found).ToListAsync();
        return (found, counts.Select(s => new DimensionCount(s.Dimension, s.Value, s.Customers)).ToList());
    }

    /// <summary>
    /// Every dimension per store from one GROUP BY over the profiles (a few hundred combinations at most), so the
    /// profiles are read once rather than once per dimension.
    /// </summary>
    private static async Task<List<(int StoreId, DimensionCount Count)>> CountAsync(IQueryable<CustomerProfile> profiles)
    {
        var combinations = await profiles
            .GroupBy(p => new { p.StoreId, p.LifecycleStageId, p.UsageTierId, p.RfmGroupId })
            .Select(g => new { g.Key.StoreId, g.Key.LifecycleStageId, g.Key.UsageTierId, g.Key.RfmGroupId, Customers = g.Count() })
            .ToListAsync();

        var counts = new List<(int, DimensionCount)>();
        foreach (var (dimension, valueOf) in new (ProfileDimension, Func<int, int, int, int>)[]
                 {
                     (ProfileDimension.Lifecycle, (lifecycle, _, _) => lifecycle),
                     (ProfileDimension.UsageTier, (_, tier, _) => tier),
                     (ProfileDimension.RfmGroup, (_, _, group) => group)
                 })
            counts.AddRange(combinations
                .GroupBy(c => (c.StoreId, Value: valueOf(c.LifecycleStageId, c.UsageTierId, c.RfmGroupId)))
                .Select(g => (g.Key.StoreId, new DimensionCount(dimension, g.Key.Value, g.Sum(c => c.Customers)))));
        return counts;
    }
}
