using Nop.Core.Caching;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Analytics;

/// <summary>A segment the customer is in, and since when.</summary>
public record InsightSegment(int SegmentId, string Name, bool Active, int StoreId, DateTime MemberSinceUtc);

/// <summary>A reminder e-mail queued about a cart.</summary>
public record InsightReminder(int Number, DateTime SentOnUtc);

/// <summary>One of the customer's abandoned carts, with its offer and reminders.</summary>
public record InsightCart(int Id, int StoreId, AbandonedCartStatus Status, decimal CartValue, int CartItems, DateTime DetectedOnUtc,
    DateTime OfferExpiresOnUtc, int RecoveredOrderId, decimal RecoveredAmount, DateTime? ClosedOnUtc, IReadOnlyList<InsightReminder> Reminders);

/// <summary>The customer entering or leaving a segment.</summary>
public record InsightMovement(int SegmentId, string SegmentName, SegmentMovementType Type, string Reason, DateTime CreatedOnUtc);

/// <summary>
/// Everything the plugin knows of one customer: segments, profiles (the all-stores row first, then by store), abandoned
/// carts (newest first) and the latest movements (newest first) out of <see cref="MovementCount"/>.
/// </summary>
public record CustomerInsight(int CustomerId, IReadOnlyList<InsightSegment> Segments, IReadOnlyList<CustomerProfile> Profiles,
    IReadOnlyList<InsightCart> Carts, IReadOnlyList<InsightMovement> Movements, int MovementCount)
{
    /// <summary>The plugin has nothing on the customer: no profile, segment, cart or movement.</summary>
    public bool IsEmpty => Segments.Count == 0 && Profiles.Count == 0 && Carts.Count == 0 && MovementCount == 0;
}

/// <summary>What the plugin knows of one customer, for the panel on the admin customer page.</summary>
public class CustomerInsightService
{
    /// <summary>Movements shown at most: a customer's history can grow long, and the newest tell the story.</summary>
    public const int MovementsShown = 100;

    /// <summary>{0}: customer id. Under the cart figures' prefix: it shows carts, so both tasks drop it.</summary>
    private static CacheKey InsightCacheKey => new(SegmentationDefaults.CartAnalyticsPrefix + "customer.{0}");

    private readonly IRepository<AbandonedCart> _abandonedCartRepository;
    private readonly IRepository<CartReminder> _reminderRepository;
    private readonly IRepository<CustomerProfile> _profileRepository;
    private readonly IRepository<Segment> _segmentRepository;
    private readonly IRepository<SegmentMember> _memberRepository;
    private readonly IRepository<SegmentMovement> _movementRepository;
    private readonly IStaticCacheManager _staticCacheManager;

    public CustomerInsightService(IRepository<AbandonedCart> abandonedCartRepository,
        IRepository<CartReminder> reminderRepository,
        IRepository<CustomerProfile> profileRepository,
        IRepository<Segment> segmentRepository,
        IRepository<SegmentMember> memberRepository,
        IRepository<SegmentMovement> movementRepository,
        IStaticCacheManager staticCacheManager)
    {
        _abandonedCartRepository = abandonedCartRepository;
        _reminderRepository = reminderRepository;
        _profileRepository = profileRepository;
        _segmentRepository = segmentRepository;
        _memberRepository = memberRepository;
        _movementRepository = movementRepository;
        _staticCacheManager = staticCacheManager;
    }

    /// <summary>The customer's data, each part read through the customer id indexes; null for no customer (id 0).</summary>
    public async Task<CustomerInsight> GetAsync(int customerId)
    {
        if (customerId <= 0)
            return null;

        var key = _staticCacheManager.PrepareKeyForDefaultCache(InsightCacheKey, customerId);
        return await _staticCacheManager.GetAsync(key, async () =>
        {
            var segments = await (from member in _memberRepository.Table
                                  where member.CustomerId == customerId
                                  join segment in _segmentRepository.Table on member.SegmentId equals segment.Id
                                  orderby member.MemberSinceUtc descending, segment.Name
                                  select new InsightSegment(segment.Id, segment.Name, segment.Active, segment.StoreId, member.MemberSinceUtc)).ToListAsync();

            var profiles = (await _profileRepository.Table.Where(p => p.CustomerId == customerId).ToListAsync())
                .OrderBy(p => p.StoreId).ToList();

            var carts = await _abandonedCartRepository.Table.Where(a => a.CustomerId == customerId).ToListAsync();
            var reminders = (await _reminderRepository.Table.Where(r => r.CustomerId == customerId).ToListAsync()).ToLookup(r => r.AbandonedCartId);

            var movements = await (from movement in _movementRepository.Table
                                   where movement.CustomerId == customerId
                                   join segment in _segmentRepository.Table on movement.SegmentId equals segment.Id
                                   orderby movement.CreatedOnUtc descending, movement.Id descending
                                   select new { movement.SegmentId, segment.Name, movement.MovementTypeId, movement.Reason, movement.CreatedOnUtc })
                .Take(MovementsShown).ToListAsync();
            var movementCount = movements.Count < MovementsShown
                ? movements.Count
                : await _movementRepository.Table.CountAsync(m => m.CustomerId == customerId);

            return new CustomerInsight(customerId,
                segments.Select(s => s with { MemberSinceUtc = Utc(s.MemberSinceUtc) }).ToList(),
                profiles,
                carts.OrderByDescending(c => c.DetectedOnUtc).ThenByDescending(c => c.Id)
                    .Select(c => new InsightCart(c.Id, c.StoreId, c.Status, c.CartValue, c.CartItems, Utc(c.DetectedOnUtc), Utc(c.OfferExpiresOnUtc),
                        c.RecoveredOrderId, c.RecoveredAmount, c.ClosedOnUtc is { } closed ? Utc(closed) : null,
                        reminders[c.Id].OrderBy(r => r.ReminderNumber).Select(r => new InsightReminder(r.ReminderNumber, Utc(r.SentOnUtc))).ToList()))
                    .ToList(),
                movements.Select(m => new InsightMovement(m.SegmentId, m.Name, (SegmentMovementType)m.MovementTypeId, m.Reason, Utc(m.CreatedOnUtc))).ToList(),
                movementCount);
        });
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
