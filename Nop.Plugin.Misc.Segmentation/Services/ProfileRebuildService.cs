using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services;

public enum RebuildOutcome
{
    /// <summary>Another node holds the lease.</summary>
    Skipped,

    Completed,

    /// <summary>Stopped on request; the next run goes on from where this one stopped.</summary>
    Interrupted
}

public record RebuildResult(RebuildOutcome Outcome, int Batches, int RowsWritten);

/// <summary>
/// First learns the statistics of every store (RFM quintiles, prediction models) from one aggregate over the
/// orders, then recomputes every profile from the source tables in batches of customer ids, scored with them. Progress is saved in the lease after each batch, so a run stopped at any point
/// (or a node that died) is resumed by the next one; a second node that starts meanwhile skips.
/// </summary>
public class ProfileRebuildService
{
    public const string LeaseName = "Misc.Segmentation.ProfileRebuild";

    private const int StatisticsPhase = 1;
    private const int ProfilePhase = 2;

    private readonly CustomerProfileService _profileService;
    private readonly CustomerCategoryService _categoryService;
    private readonly TaskLeaseService _leaseService;
    private readonly IRepository<Order> _orderRepository;
    private readonly IRepository<ShoppingCartItem> _cartRepository;
    private readonly IRepository<CustomerProfile> _profileRepository;
    private readonly StoreStatisticsService _statisticsService;
    private readonly SegmentationSettings _settings;
    private readonly TimeProvider _time;

    public ProfileRebuildService(CustomerProfileService profileService,
        CustomerCategoryService categoryService,
        TaskLeaseService leaseService,
        IRepository<Order> orderRepository,
        IRepository<ShoppingCartItem> cartRepository,
        IRepository<CustomerProfile> profileRepository,
        StoreStatisticsService statisticsService,
        SegmentationSettings settings,
        TimeProvider time)
    {
        _time = time;
        _profileService = profileService;
        _categoryService = categoryService;
        _leaseService = leaseService;
        _orderRepository = orderRepository;
        _cartRepository = cartRepository;
        _profileRepository = profileRepository;
        _statisticsService = statisticsService;
        _settings = settings;
    }

    private int BatchSize => Math.Max(1, _settings.BatchSize);

    private TimeSpan LeaseDuration => TimeSpan.FromMinutes(Math.Max(1, _settings.RebuildLeaseMinutes));

    private DateTime UtcNow => _time.GetUtcNow().UtcDateTime;

    /// <param name="maxBatches">Stop (as interrupted) after this many batches, to keep one task run short; null for no limit.</param>
    public async Task<RebuildResult> RebuildAsync(string node, int? maxBatches = null, CancellationToken cancellationToken = default)
    {
        // one reference time for every figure of the run; the lease follows the clock
        var nowUtc = UtcNow;
        var lease = await _leaseService.TryAcquireAsync(LeaseName, node, LeaseDuration, nowUtc);
        if (lease == null)
            return new RebuildResult(RebuildOutcome.Skipped, 0, 0);

        var (batches, written) = (0, 0);
        var (phase, cursor) = lease.Phase == 0 ? (StatisticsPhase, 0) : (lease.Phase, lease.Cursor);
        try
        {
            if (phase == StatisticsPhase)
            {
                StopIfAsked(batches, maxBatches, cancellationToken);
                await _statisticsService.UpdateAsync(nowUtc);
                (phase, cursor) = (ProfilePhase, 0);
                if (!await _leaseService.RenewAsync(lease, phase, cursor, LeaseDuration, UtcNow))
                    return new RebuildResult(RebuildOutcome.Skipped, batches, written);
            }

            // the highest customer id anything is known of: orders, carts, or profiles that may have to go
            var lastId = Math.Max(await MaxAsync(_orderRepository.Table.Select(o => o.CustomerId)),
                Math.Max(await MaxAsync(_cartRepository.Table.Select(c => c.CustomerId)),
                    await MaxAsync(_profileRepository.Table.Select(p => p.CustomerId))));
            var statistics = await _profileService.LoadStoreStatisticsAsync();
            while (cursor < lastId)
            {
                StopIfAsked(batches, maxBatches, cancellationToken);
                // consecutive ranges side by side: the database works on one while the other is shaped and scored
                var ranges = new List<(int From, int To)>();
                for (var start = cursor; start < lastId && ranges.Count < Math.Min(SegmentationDefaults.ParallelQueries, (maxBatches ?? int.MaxValue) - batches); )
                {
                    var end = (int)Math.Min((long)start + BatchSize, lastId);
                    ranges.Add((start + 1, end + 1));
                    start = end;
                }

                var counts = await Task.WhenAll(ranges.Select(range => Task.Run(() => RefreshRangeAsync(range.From, range.To, nowUtc, statistics))));
                written += counts.Sum();
                cursor = ranges[^1].To - 1;
                batches += ranges.Count;
                if (!await _leaseService.RenewAsync(lease, phase, cursor, LeaseDuration, UtcNow))
                    return new RebuildResult(RebuildOutcome.Skipped, batches, written);
            }

            await _leaseService.ReleaseAsync(lease, true, UtcNow);
            return new RebuildResult(RebuildOutcome.Completed, batches, written);
        }
        catch (OperationCanceledException)
        {
            // keep the progress for the next run, but let another node take over at once
            await _leaseService.ReleaseAsync(lease, false, UtcNow);
            return new RebuildResult(RebuildOutcome.Interrupted, batches, written);
        }
    }

    private async Task<int> RefreshRangeAsync(int from, int to, DateTime nowUtc, IReadOnlyDictionary<int, StoreScoring> statistics)
    {
        return await _profileService.RefreshRangeAsync(from, to, nowUtc, statistics)
               + await _categoryService.RefreshRangeAsync(from, to);
    }

    private static void StopIfAsked(int batches, int? maxBatches, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (batches >= maxBatches)
            throw new OperationCanceledException();
    }

    private static async Task<int> MaxAsync(IQueryable<int> ids) =>
        await ids.AnyAsync() ? (await ids.OrderByDescending(id => id).Take(1).ToListAsync())[0] : 0;
}
