using Nop.Core;
using Nop.Core.Caching;
using Nop.Core.Domain.Customers;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Analytics;

/// <summary>The abandoned-cart funnel and the open offers (dashboard).</summary>
public class AbandonedCartReportService
{
    /// <summary>{0}: store id; {1}, {2}: the bounds' ticks.</summary>
    public static CacheKey FunnelCacheKey => new(SegmentationDefaults.CartAnalyticsPrefix + "funnel.{0}.{1}.{2}");

    /// <summary>{0}: store id; {1}: the minute's ticks; {2}: page index; {3}: page size.</summary>
    private static CacheKey OpenOffersCacheKey => new(SegmentationDefaults.CartAnalyticsPrefix + "open.{0}.{1}.{2}.{3}");

    private readonly IRepository<AbandonedCart> _abandonedCartRepository;
    private readonly IRepository<CartReminder> _reminderRepository;
    private readonly IRepository<Customer> _customerRepository;
    private readonly IStaticCacheManager _staticCacheManager;
    private readonly SegmentationSettings _settings;

    public AbandonedCartReportService(IRepository<AbandonedCart> abandonedCartRepository,
        IRepository<CartReminder> reminderRepository,
        IRepository<Customer> customerRepository,
        IStaticCacheManager staticCacheManager,
        SegmentationSettings settings)
    {
        _abandonedCartRepository = abandonedCartRepository;
        _reminderRepository = reminderRepository;
        _customerRepository = customerRepository;
        _staticCacheManager = staticCacheManager;
        _settings = settings;
    }

    /// <summary>Carts detected in [from, to) in a store (0: all stores) and what became of them.</summary>
    /// <remarks>
    /// <see cref="CartFunnel.RemindedByNumber"/> has an entry for every reminder the owner's schedule sends, and more
    /// if some cart got a later one (the schedule was shortened since): entry i counts the carts that got reminder i + 1.
    /// Recovered revenue is what the recovering orders came to, as attributed when they were placed.
    /// </remarks>
    /// <exception cref="ArgumentException">The period ends before it starts.</exception>
    public async Task<CartFunnel> GetFunnelAsync(int storeId, DateTime fromUtc, DateTime toUtc)
    {
        if (fromUtc > toUtc)
            throw new ArgumentException("The period ends before it starts.", nameof(toUtc));

        var key = _staticCacheManager.PrepareKeyForDefaultCache(FunnelCacheKey, storeId, fromUtc.Ticks, toUtc.Ticks);
        return await _staticCacheManager.GetAsync(key, async () =>
        {
            var carts = Carts(storeId).Where(a => a.DetectedOnUtc >= fromUtc && a.DetectedOnUtc < toUtc);
            var byStatus = await carts
                .GroupBy(a => a.StatusId)
                .Select(g => new { StatusId = g.Key, Carts = g.Count(), Amount = g.Sum(a => a.RecoveredAmount) })
                .ToListAsync();
            var byNumber = await (from reminder in _reminderRepository.Table
                                  join cart in carts on reminder.AbandonedCartId equals cart.Id
                                  group reminder by reminder.ReminderNumber into g
                                  select new { Number = g.Key, Carts = g.Count() }).ToListAsync();

            int Count(AbandonedCartStatus status) => byStatus.Where(s => s.StatusId == (int)status).Sum(s => s.Carts);
            var numbers = Math.Max(_settings.CartReminderHours?.Count ?? 0, byNumber.Select(n => n.Number).DefaultIfEmpty(0).Max());
            var reminded = Enumerable.Range(1, numbers).Select(n => byNumber.Where(r => r.Number == n).Sum(r => r.Carts)).ToList();
            return new CartFunnel(byStatus.Sum(s => s.Carts), reminded, Count(AbandonedCartStatus.Recovered),
                byStatus.Where(s => s.StatusId == (int)AbandonedCartStatus.Recovered).Sum(s => s.Amount),
                Count(AbandonedCartStatus.Open), Count(AbandonedCartStatus.Expired), Count(AbandonedCartStatus.Emptied));
        });
    }

    /// <summary>Offers valid at <paramref name="nowUtc"/>, soonest to expire first.</summary>
    /// <remarks>
    /// Open carts whose offer ends after the start of <paramref name="nowUtc"/>'s minute (so a page is cached for that
    /// minute), ties by cart id; the customer's e-mail is empty for a guest or a customer who is gone.
    /// </remarks>
    public async Task<IPagedList<OpenCartOffer>> GetOpenOffersAsync(int storeId, DateTime nowUtc, int pageIndex, int pageSize)
    {
        pageIndex = Math.Max(pageIndex, 0);
        pageSize = Math.Max(pageSize, 1);
        var minute = new DateTime(nowUtc.Ticks - nowUtc.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
        var key = _staticCacheManager.PrepareKeyForDefaultCache(OpenOffersCacheKey, storeId, minute.Ticks, pageIndex, pageSize);
        var page = await _staticCacheManager.GetAsync(key, async () =>
        {
            var open = Carts(storeId).Where(a => a.StatusId == (int)AbandonedCartStatus.Open && a.OfferExpiresOnUtc > minute);
            var total = await open.CountAsync();
            var rows = await (from cart in open
                              from customer in _customerRepository.Table.Where(c => c.Id == cart.CustomerId).DefaultIfEmpty()
                              orderby cart.OfferExpiresOnUtc, cart.Id
                              select new
                              {
                                  cart.Id, cart.CustomerId, Email = customer == null ? null : customer.Email, cart.CartValue, cart.CartItems,
                                  cart.DetectedOnUtc, cart.OfferExpiresOnUtc,
                                  Reminders = _reminderRepository.Table.Count(r => r.AbandonedCartId == cart.Id)
                              }).Skip(pageIndex * pageSize).Take(pageSize).ToListAsync();
            return new CachedPage<OpenCartOffer>(rows.Select(r => new OpenCartOffer(r.Id, r.CustomerId, r.Email ?? string.Empty, r.CartValue,
                r.CartItems, DateTime.SpecifyKind(r.DetectedOnUtc, DateTimeKind.Utc), DateTime.SpecifyKind(r.OfferExpiresOnUtc, DateTimeKind.Utc),
                r.Reminders)).ToList(), total);
        });
        return new PagedList<OpenCartOffer>(page.Items, pageIndex, pageSize, page.TotalCount);
    }

    private IQueryable<AbandonedCart> Carts(int storeId) =>
        storeId > 0 ? _abandonedCartRepository.Table.Where(a => a.StoreId == storeId) : _abandonedCartRepository.Table;
}

/// <summary>
/// A page as the cache keeps it: a list and a count, which every cache nopCommerce offers can store and read back
/// (an <see cref="IPagedList{T}"/> could not be rebuilt from a distributed cache).
/// </summary>
public record CachedPage<T>(List<T> Items, int TotalCount);
