using Nop.Core.Domain.Orders;
using Nop.Data;

namespace Nop.Plugin.Misc.Segmentation.Services.Profiles;

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
/// Learns the statistics of every store (RFM quintiles, prediction models) from one aggregate over the orders while the
/// streams below open, then recomputes every profile. The database sums each source once for all customers (orders,
/// order lines, shopping habits, carts, categories) and lists the registered customers, each query returning its rows in
/// customer order; the rebuild walks
/// those streams side by side and writes the differences one batch of customers at a time. Progress (the last customer
/// written) is saved in the lease after each batch, so a run stopped at any point (or a node that died) is resumed by
/// the next one, whose streams start after that customer; a second node that starts meanwhile skips.
/// </summary>
public class ProfileRebuildService
{
    public const string LeaseName = "Misc.Segmentation.ProfileRebuild";

    private const int StatisticsPhase = 1;
    private const int ProfilePhase = 2;

    private readonly CustomerProfileService _profileService;
    private readonly CustomerCategoryService _categoryService;
    private readonly TaskLeaseService _leaseService;
    private readonly StoreStatisticsService _statisticsService;
    private readonly SegmentationSettings _settings;
    private readonly TimeProvider _time;

    public ProfileRebuildService(CustomerProfileService profileService,
        CustomerCategoryService categoryService,
        TaskLeaseService leaseService,
        StoreStatisticsService statisticsService,
        SegmentationSettings settings,
        TimeProvider time)
    {
        _time = time;
        _profileService = profileService;
        _categoryService = categoryService;
        _leaseService = leaseService;
        _statisticsService = statisticsService;
        _settings = settings;
    }

    private int BatchSize => Math.Max(1, _settings.BatchSize);

    private TimeSpan LeaseDuration => TimeSpan.FromMinutes(Math.Max(1, _settings.RebuildLeaseMinutes));

    private DateTime UtcNow => _time.GetUtcNow().UtcDateTime;

    /// <param name="maxBatches">Stop (as interrupted) after this many batches; null for no limit.</param>
    public async Task<RebuildResult> RebuildAsync(string node, int? maxBatches = null, CancellationToken cancellationToken = default)
    {
        // one reference time for every figure of the run; the lease follows the clock
        var nowUtc = UtcNow;
        var lease = await _leaseService.TryAcquireAsync(LeaseName, node, LeaseDuration, nowUtc);
        if (lease == null)
            return new RebuildResult(RebuildOutcome.Skipped, 0, 0);

        var (batches, written) = (0, 0);
        var (phase, cursor) = lease.Phase == 0 ? (StatisticsPhase, 0) : (lease.Phase, lease.Cursor);
        // batches being written, oldest first, with the last customer each covers
        var writes = new Queue<(Task<int> Write, int LastCustomerId)>();
        Task<ActivityBatch> reading = null;

        // progress is saved in batch order, so a stop never passes over a batch not yet written
        async Task<bool> FinishOldestAsync()
        {
            var (write, lastCustomerId) = writes.Dequeue();
            written += await write;
            batches++;
            cursor = lastCustomerId;
            return await _leaseService.RenewAsync(lease, phase, cursor, LeaseDuration, UtcNow);
        }

        try
        {
            // the streams' first rows wait for whole-table sums; the statistics are learned meanwhile, and are needed
            // only when the first batch is scored
            Task learning = null;
            if (phase == StatisticsPhase)
            {
                StopIfAsked(batches, maxBatches, cancellationToken);
                learning = Task.Run(() => _statisticsService.UpdateAsync(nowUtc));
            }

            ActivityStreams opened;
            try
            {
                opened = await ActivityStreams.OpenAsync(_profileService, _categoryService, cursor, nowUtc, cancellationToken);
            }
            catch
            {
                if (learning != null)
                    await Settled(learning);
                throw;
            }

            await using var streams = opened;
            if (learning != null)
            {
                await learning;
                (phase, cursor) = (ProfilePhase, 0);
                if (!await _leaseService.RenewAsync(lease, phase, cursor, LeaseDuration, UtcNow))
                    return new RebuildResult(RebuildOutcome.Skipped, batches, written);
            }

            var statistics = await _profileService.LoadStoreStatisticsAsync();
            try
            {
                // the next batch is read while the last ones are written: the database and the application work at once
                var (started, from) = (0, cursor + 1);
                reading = Task.Run(() => streams.ReadAsync(BatchSize), cancellationToken);
                while (true)
                {
                    var batch = await reading;
                    reading = null;
                    StopIfAsked(started, maxBatches, cancellationToken);
                    if (!batch.Last)
                        reading = Task.Run(() => streams.ReadAsync(BatchSize), cancellationToken);

                    // the last batch reaches to the end, so profiles of customers past the last one with data go too
                    var (batchFrom, upTo) = (from, batch.Last ? int.MaxValue : batch.CustomerIds[^1] + 1);
                    from = upTo;
                    writes.Enqueue((Task.Run(() => WriteBatchAsync(batchFrom, upTo, batch, nowUtc, statistics)), upTo - 1));
                    started++;

                    // batches cover separate customers, so two can be written at once
                    while (writes.Count >= SegmentationDefaults.ParallelQueries || (batch.Last && writes.Count > 0))
                        if (!await FinishOldestAsync())
                            return new RebuildResult(RebuildOutcome.Skipped, batches, written);

                    if (batch.Last)
                        break;
                }
            }
            finally
            {
                // the streams may only close once nothing reads them
                if (reading != null)
                    await Settled(reading);
            }

            await _leaseService.ReleaseAsync(lease, true, UtcNow);
            return new RebuildResult(RebuildOutcome.Completed, batches, written);
        }
        catch (OperationCanceledException)
        {
            // the batches already being written are kept; the next run goes on after them, and another node may take over at once
            while (writes.Count > 0)
                await FinishOldestAsync();
            await _leaseService.ReleaseAsync(lease, false, UtcNow);
            return new RebuildResult(RebuildOutcome.Interrupted, batches, written);
        }
        finally
        {
            // after a failure, no write is left running unobserved
            while (writes.Count > 0)
                await Settled(writes.Dequeue().Write);
        }
    }

    private static Task Settled(Task task) =>
        task.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>Replaces the stored profiles and categories of the customers in [from, to) by the batch's.</summary>
    private async Task<int> WriteBatchAsync(int fromCustomerId, int toCustomerId, ActivityBatch batch, DateTime nowUtc,
        IReadOnlyDictionary<int, StoreScoring> statistics)
    {
        // read now, not when the streams opened: a customer deleted meanwhile gets no profile
        var facts = await _profileService.LoadFactsAsync(batch.CustomerIds);
        var profiles = _profileService.Assemble(batch.Activity, facts, nowUtc);
        CustomerProfileService.Score(profiles, statistics, nowUtc);
        var categories = CustomerCategoryService.Rank(batch.Categories.Where(total => facts.ContainsKey(total.CustomerId)));

        var readingCategories = _categoryService.StoredRangeAsync(fromCustomerId, toCustomerId);
        var storedProfiles = await _profileService.StoredRangeAsync(fromCustomerId, toCustomerId);
        var storedCategories = await readingCategories;

        // the streams show the store as it was when they opened; an event that recomputed a customer since knows better
        var recomputed = storedProfiles.Where(p => p.ComputedOnUtc > nowUtc).Select(p => p.CustomerId).ToHashSet();
        if (recomputed.Count > 0)
        {
            storedProfiles.RemoveAll(p => recomputed.Contains(p.CustomerId));
            profiles.RemoveAll(p => recomputed.Contains(p.CustomerId));
            storedCategories.RemoveAll(c => recomputed.Contains(c.CustomerId));
            categories.RemoveAll(c => recomputed.Contains(c.CustomerId));
        }

        var writes = await Task.WhenAll(_profileService.WriteDifferencesAsync(storedProfiles, profiles),
            _categoryService.WriteDifferencesAsync(storedCategories, categories));
        return writes.Sum();
    }

    private static void StopIfAsked(int batches, int? maxBatches, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (batches >= maxBatches)
            throw new OperationCanceledException();
    }

    /// <summary>The customers of one batch (in id order) and what the streams hold of them.</summary>
    private sealed class ActivityBatch
    {
        public List<int> CustomerIds { get; } = [];
        public CustomerActivity Activity { get; } = new();
        public List<CategoryTotal> Categories { get; } = [];

        /// <summary>The streams hold nothing after this batch.</summary>
        public bool Last { get; set; }
    }

    /// <summary>The rebuild's source queries, open side by side and read in step, customer by customer.</summary>
    private sealed class ActivityStreams : IAsyncDisposable
    {
        private readonly SortedStream<OrderAggregate> _orders;
        private readonly SortedStream<ItemAggregate> _items;
        private readonly SortedStream<HabitAggregate> _habits;
        private readonly SortedStream<CartAggregate> _carts;
        private readonly SortedStream<CategoryTotal> _categories;
        private readonly SortedStream<RegisteredAccount> _registered;

        private ActivityStreams(SortedStream<OrderAggregate> orders, SortedStream<ItemAggregate> items, SortedStream<HabitAggregate> habits,
            SortedStream<CartAggregate> carts, SortedStream<CategoryTotal> categories, SortedStream<RegisteredAccount> registered)
        {
            (_orders, _items, _habits, _carts, _categories, _registered) = (orders, items, habits, carts, categories, registered);
        }

        public static async Task<ActivityStreams> OpenAsync(CustomerProfileService profiles, CustomerCategoryService categories,
            int afterCustomerId, DateTime nowUtc, CancellationToken cancellationToken)
        {
            // each from its own table source (a connection each in nopCommerce), started together so the database sums them at once
            IQueryable<Order> orders() => profiles.CountedOrdersAfter(afterCustomerId);
            var opening = (
                Orders: SortedStream<OrderAggregate>.OpenAsync(profiles.OrderAggregates(orders(), nowUtc).OrderBy(a => a.CustomerId), a => a.CustomerId, cancellationToken),
                Items: SortedStream<ItemAggregate>.OpenAsync(profiles.ItemAggregates(orders()).OrderBy(i => i.CustomerId), i => i.CustomerId, cancellationToken),
                Habits: SortedStream<HabitAggregate>.OpenAsync(profiles.HabitAggregates(orders()).OrderBy(h => h.CustomerId), h => h.CustomerId, cancellationToken),
                Carts: SortedStream<CartAggregate>.OpenAsync(profiles.CartAggregates(profiles.CartItemsAfter(afterCustomerId)).OrderBy(c => c.CustomerId), c => c.CustomerId, cancellationToken),
                Categories: SortedStream<CategoryTotal>.OpenAsync(categories.CategoryTotals(orders()).OrderBy(t => t.CustomerId), t => t.CustomerId, cancellationToken),
                Registered: SortedStream<RegisteredAccount>.OpenAsync(profiles.RegisteredAfter(afterCustomerId), r => r.CustomerId, cancellationToken));
            try
            {
                await Task.WhenAll(opening.Orders, opening.Items, opening.Habits, opening.Carts, opening.Categories, opening.Registered);
            }
            catch
            {
                // Task.WhenAll waited for every one, so the streams that did open can be closed
                await CloseAsync(opening.Orders);
                await CloseAsync(opening.Items);
                await CloseAsync(opening.Habits);
                await CloseAsync(opening.Carts);
                await CloseAsync(opening.Categories);
                await CloseAsync(opening.Registered);
                throw;
            }

            return new ActivityStreams(opening.Orders.Result, opening.Items.Result, opening.Habits.Result, opening.Carts.Result, opening.Categories.Result,
                opening.Registered.Result);
        }

        private static async Task CloseAsync<T>(Task<SortedStream<T>> opening)
        {
            if (opening.IsCompletedSuccessfully)
                await opening.Result.DisposeAsync();
        }

        /// <summary>The next customers with orders, a cart or an account (at most <paramref name="size"/>) and all the streams hold of them.</summary>
        public async Task<ActivityBatch> ReadAsync(int size)
        {
            var batch = new ActivityBatch();
            while (batch.CustomerIds.Count < size)
            {
                // every customer with a profile has counted orders, a cart or an account; lines, habits and categories follow orders
                if (Lowest(_orders.NextKey, _carts.NextKey, _registered.NextKey) is not int customerId)
                    break;

                await _orders.TakeAsync(customerId, batch.Activity.Orders);
                await _items.TakeAsync(customerId, batch.Activity.Items);
                await _habits.TakeAsync(customerId, batch.Activity.Habits);
                await _carts.TakeAsync(customerId, batch.Activity.Carts);
                await _categories.TakeAsync(customerId, batch.Categories);
                await _registered.TakeAsync(customerId, batch.Activity.Registered);
                batch.CustomerIds.Add(customerId);
            }

            batch.Last = _orders.NextKey == null && _carts.NextKey == null && _registered.NextKey == null;
            return batch;
        }

        // Min over nullables passes over the streams that are used up, and is null once all are
        private static int? Lowest(params int?[] keys) => keys.Min();

        public async ValueTask DisposeAsync()
        {
            await _orders.DisposeAsync();
            await _items.DisposeAsync();
            await _habits.DisposeAsync();
            await _carts.DisposeAsync();
            await _categories.DisposeAsync();
            await _registered.DisposeAsync();
        }
    }

    /// <summary>A query's rows, ordered by customer id, taken a customer at a time.</summary>
    private sealed class SortedStream<T> : IAsyncDisposable
    {
        private readonly IAsyncEnumerator<T> _rows;
        private readonly Func<T, int> _keyOf;

        private SortedStream(IAsyncEnumerator<T> rows, Func<T, int> keyOf)
        {
            _rows = rows;
            _keyOf = keyOf;
        }

        /// <summary>The customer id of the next row; null once the rows are used up.</summary>
        public int? NextKey { get; private set; }

        public static async Task<SortedStream<T>> OpenAsync(IQueryable<T> query, Func<T, int> keyOf, CancellationToken cancellationToken)
        {
            // off the caller's thread: with a provider that runs the query synchronously the six still run side by side
            var rows = await Task.Run(async () =>
            {
                var enumerator = query.ToAsyncEnumerable().GetAsyncEnumerator(cancellationToken);
                var stream = new SortedStream<T>(enumerator, keyOf);
                try
                {
                    await stream.MoveAsync(null);
                }
                catch
                {
                    await enumerator.DisposeAsync();
                    throw;
                }

                return stream;
            }, cancellationToken);
            return rows;
        }

        private async Task MoveAsync(int? previous)
        {
            NextKey = await _rows.MoveNextAsync() ? _keyOf(_rows.Current) : null;
            if (NextKey < previous)
                throw new InvalidOperationException($"The rows of {typeof(T).Name} are not in customer order.");
        }

        /// <summary>Adds the customer's rows (the next ones, if any) to the list.</summary>
        public async Task TakeAsync(int customerId, List<T> into)
        {
            // each query reads its own snapshot: rows of a customer whose first order came between them are passed over
            while (NextKey < customerId)
                await MoveAsync(NextKey);

            while (NextKey == customerId)
            {
                into.Add(_rows.Current);
                await MoveAsync(customerId);
            }
        }

        public ValueTask DisposeAsync() => _rows.DisposeAsync();
    }
}
