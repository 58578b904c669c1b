using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Segments;

/// <summary>A member with the figures of the profile the segment decides on (its store's; none for a static member who never shopped).</summary>
public record SegmentMemberRow
{
    public int CustomerId { get; init; }
    public string Email { get; init; }
    public string FirstName { get; init; }
    public string LastName { get; init; }
    public int Orders { get; init; }
    public decimal Spent { get; init; }
    public DateTime? LastOrderUtc { get; init; }
    public int Recency { get; init; }
    public int Frequency { get; init; }
    public int Monetary { get; init; }
    public int RfmGroupId { get; init; }
    public int LifecycleStageId { get; init; }
    public decimal Churn { get; init; }
    public decimal PredictedValue { get; init; }
    public DateTime MemberSinceUtc { get; init; }
}

public enum MemberSort
{
    MemberSince,
    Email,
    Orders,
    Spent,
    LastOrder,
    Churn,
    PredictedValue
}

/// <summary>
/// Reads a segment's members and movements for the admin pages: filtered, sorted and paged in the database, and
/// streamed for export, so a segment of a million customers never comes into memory at once.
/// </summary>
public class SegmentMemberService
{
    private readonly IRepository<Customer> _customerRepository;
    private readonly IRepository<CustomerProfile> _profileRepository;
    private readonly IRepository<SegmentMember> _memberRepository;
    private readonly IRepository<SegmentMovement> _movementRepository;

    public SegmentMemberService(IRepository<Customer> customerRepository, IRepository<CustomerProfile> profileRepository,
        IRepository<SegmentMember> memberRepository, IRepository<SegmentMovement> movementRepository)
    {
        _customerRepository = customerRepository;
        _profileRepository = profileRepository;
        _memberRepository = memberRepository;
        _movementRepository = movementRepository;
    }

    /// <summary>The members as one query; <paramref name="search"/> matches e-mail or name, without regard to case.</summary>
    public IQueryable<SegmentMemberRow> Members(Segment segment, string search = null, MemberSort sort = MemberSort.MemberSince, bool descending = true)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var (segmentId, storeId) = (segment.Id, segment.StoreId);
        var rows = from member in _memberRepository.Table
                   where member.SegmentId == segmentId
                   join customer in _customerRepository.Table on member.CustomerId equals customer.Id
                   from profile in _profileRepository.Table.Where(p => p.CustomerId == member.CustomerId && p.StoreId == storeId).DefaultIfEmpty()
                   select new SegmentMemberRow
                   {
                       CustomerId = member.CustomerId,
                       Email = customer.Email,
                       FirstName = customer.FirstName,
                       LastName = customer.LastName,
                       Orders = profile == null ? 0 : profile.OrdersCount,
                       Spent = profile == null ? 0 : profile.AmountSpent,
                       LastOrderUtc = profile == null ? null : profile.LastOrderDateUtc,
                       Recency = profile == null ? 0 : profile.RecencyScore,
                       Frequency = profile == null ? 0 : profile.FrequencyScore,
                       Monetary = profile == null ? 0 : profile.MonetaryScore,
                       RfmGroupId = profile == null ? 0 : profile.RfmGroupId,
                       LifecycleStageId = profile == null ? 0 : profile.LifecycleStageId,
                       Churn = profile == null ? 0 : profile.ChurnProbability,
                       PredictedValue = profile == null ? 0 : profile.PredictedLifetimeValue,
                       MemberSinceUtc = member.MemberSinceUtc
                   };

        if (!string.IsNullOrWhiteSpace(search))
        {
            var text = search.Trim().ToLower();
            rows = rows.Where(r => r.Email.ToLower().Contains(text) || r.FirstName.ToLower().Contains(text) || r.LastName.ToLower().Contains(text));
        }

        // the customer id last, so pages never overlap where the sort key ties
        return (sort, descending) switch
        {
            (MemberSort.Email, false) => rows.OrderBy(r => r.Email).ThenBy(r => r.CustomerId),
            (MemberSort.Email, true) => rows.OrderByDescending(r => r.Email).ThenBy(r => r.CustomerId),
            (MemberSort.Orders, false) => rows.OrderBy(r => r.Orders).ThenBy(r => r.CustomerId),
            (MemberSort.Orders, true) => rows.OrderByDescending(r => r.Orders).ThenBy(r => r.CustomerId),
            (MemberSort.Spent, false) => rows.OrderBy(r => r.Spent).ThenBy(r => r.CustomerId),
            (MemberSort.Spent, true) => rows.OrderByDescending(r => r.Spent).ThenBy(r => r.CustomerId),
            (MemberSort.LastOrder, false) => rows.OrderBy(r => r.LastOrderUtc).ThenBy(r => r.CustomerId),
            (MemberSort.LastOrder, true) => rows.OrderByDescending(r => r.LastOrderUtc).ThenBy(r => r.CustomerId),
            (MemberSort.Churn, false) => rows.OrderBy(r => r.Churn).ThenBy(r => r.CustomerId),
            (MemberSort.Churn, true) => rows.OrderByDescending(r => r.Churn).ThenBy(r => r.CustomerId),
            (MemberSort.PredictedValue, false) => rows.OrderBy(r => r.PredictedValue).ThenBy(r => r.CustomerId),
            (MemberSort.PredictedValue, true) => rows.OrderByDescending(r => r.PredictedValue).ThenBy(r => r.CustomerId),
            (_, false) => rows.OrderBy(r => r.MemberSinceUtc).ThenBy(r => r.CustomerId),
            _ => rows.OrderByDescending(r => r.MemberSinceUtc).ThenBy(r => r.CustomerId)
        };
    }

    /// <summary>
    /// One page of members, in two steps: the page's customer ids first, sorted and cut in the database from the member
    /// and customer rows alone (the profile table joins in only to sort by one of its figures), then those few
    /// customers' rows in full. Without a search the total is the member rows' count, from the segment's index.
    /// </summary>
    public async Task<IPagedList<SegmentMemberRow>> GetMembersAsync(Segment segment, string search, MemberSort sort, bool descending, int pageIndex, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(segment);
        pageSize = Math.Max(pageSize, 1);
        var (segmentId, storeId) = (segment.Id, segment.StoreId);
        var keys = from member in _memberRepository.Table
                   where member.SegmentId == segmentId
                   join customer in _customerRepository.Table on member.CustomerId equals customer.Id
                   select new MemberKey { CustomerId = member.CustomerId, MemberSinceUtc = member.MemberSinceUtc, Email = customer.Email,
                       FirstName = customer.FirstName, LastName = customer.LastName };
        var searching = !string.IsNullOrWhiteSpace(search);
        if (searching)
        {
            var text = search.Trim().ToLower();
            keys = keys.Where(k => k.Email.ToLower().Contains(text) || k.FirstName.ToLower().Contains(text) || k.LastName.ToLower().Contains(text));
        }

        var total = searching ? await keys.CountAsync() : await _memberRepository.Table.CountAsync(m => m.SegmentId == segmentId);
        var ordered = sort switch
        {
            MemberSort.Email => descending ? keys.OrderByDescending(k => k.Email).ThenBy(k => k.CustomerId) : keys.OrderBy(k => k.Email).ThenBy(k => k.CustomerId),
            MemberSort.MemberSince => descending ? keys.OrderByDescending(k => k.MemberSinceUtc).ThenBy(k => k.CustomerId) : keys.OrderBy(k => k.MemberSinceUtc).ThenBy(k => k.CustomerId),
            _ => null
        };
        var ids = ordered != null
            ? await ordered.Select(k => k.CustomerId).Skip(pageIndex * pageSize).Take(pageSize).ToListAsync()
            // a profile figure: the one case that joins every member's profile
            : await Members(segment, search, sort, descending).Select(r => r.CustomerId).Skip(pageIndex * pageSize).Take(pageSize).ToListAsync();

        var rows = ids.Count == 0 ? [] : (await Members(segment).Where(r => ids.Contains(r.CustomerId)).ToListAsync()).ToDictionary(r => r.CustomerId);
        var page = ids.Where(rows.ContainsKey).Select(id => rows[id]).ToList();
        return new PagedList<SegmentMemberRow>(page, pageIndex, pageSize, total);
    }

    private sealed record MemberKey
    {
        public int CustomerId { get; init; }
        public DateTime MemberSinceUtc { get; init; }
        public string Email { get; init; }
        public string FirstName { get; init; }
        public string LastName { get; init; }
    }

    /// <summary>
    /// Customers to add to a list: registered accounts (not deleted, not system accounts) whose e-mail or name contains
    /// the text, or whose id it is, with whether they are in the segment already.
    /// </summary>
    public async Task<IReadOnlyList<(int Id, string Email, string Name, bool Member)>> FindCustomersAsync(Segment segment, string text, int limit)
    {
        text = (text ?? string.Empty).Trim();
        if (text.Length == 0)
            return [];
        var lowered = text.ToLower();
        var id = int.TryParse(text, out var number) ? number : -1;
        var segmentId = segment.Id;
        var found = await _customerRepository.Table
            .Where(c => !c.Deleted && !c.IsSystemAccount && c.Email != null && c.Email != string.Empty
                        && (c.Id == id || c.Email.ToLower().Contains(lowered) || c.FirstName.ToLower().Contains(lowered) || c.LastName.ToLower().Contains(lowered)))
            .OrderBy(c => c.Email).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.Email, c.FirstName, c.LastName, Member = _memberRepository.Table.Any(m => m.SegmentId == segmentId && m.CustomerId == c.Id) })
            .Take(limit).ToListAsync();
        return found.Select(c => (c.Id, c.Email, string.Join(" ", new[] { c.FirstName, c.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))), c.Member)).ToList();
    }

    /// <summary>At most <paramref name="limit"/> members' customer ids, in id order.</summary>
    public async Task<IReadOnlyList<int>> GetMemberIdsAsync(Segment segment, int limit)
    {
        var segmentId = segment.Id;
        return await _memberRepository.Table.Where(m => m.SegmentId == segmentId).OrderBy(m => m.CustomerId).Select(m => m.CustomerId).Take(limit).ToListAsync();
    }

    /// <summary>Every member, read row by row as the export writes them.</summary>
    public IAsyncEnumerable<SegmentMemberRow> StreamMembers(Segment segment, string search, MemberSort sort, bool descending) =>
        Members(segment, search, sort, descending).ToAsyncEnumerable();

    /// <summary>Who entered or left, newest first; dates are UTC, the upper bound exclusive.</summary>
    public async Task<IPagedList<(SegmentMovement Movement, string Email)>> GetMovementsAsync(int segmentId, SegmentMovementType? direction,
        DateTime? fromUtc, DateTime? toUtc, int pageIndex, int pageSize)
    {
        var movements = _movementRepository.Table.Where(m => m.SegmentId == segmentId);
        if (direction is { } d)
            movements = movements.Where(m => m.MovementTypeId == (int)d);
        if (fromUtc is { } from)
            movements = movements.Where(m => m.CreatedOnUtc >= from);
        if (toUtc is { } to)
            movements = movements.Where(m => m.CreatedOnUtc < to);

        var rows = from movement in movements
                   from customer in _customerRepository.Table.Where(c => c.Id == movement.CustomerId).DefaultIfEmpty()
                   orderby movement.CreatedOnUtc descending, movement.Id descending
                   select new { movement, Email = customer == null ? null : customer.Email };
        var page = await rows.ToPagedListAsync(pageIndex, pageSize);
        return new PagedList<(SegmentMovement, string)>(page.Select(r => (r.movement, r.Email)).ToList(), pageIndex, pageSize, page.TotalCount);
    }

    /// <summary>Entered and left per segment since a moment, for the list's "last 7 days" column.</summary>
    public async Task<IReadOnlyDictionary<int, (int Entered, int Left)>> GetChangesSinceAsync(IReadOnlyCollection<int> segmentIds, DateTime sinceUtc)
    {
        var ids = segmentIds.ToList();
        var counts = await _movementRepository.Table
            .Where(m => ids.Contains(m.SegmentId) && m.CreatedOnUtc >= sinceUtc)
            .GroupBy(m => new { m.SegmentId, m.MovementTypeId })
            .Select(g => new { g.Key.SegmentId, g.Key.MovementTypeId, Count = g.Count() })
            .ToListAsync();
        return ids.ToDictionary(id => id, id => (
            counts.Where(c => c.SegmentId == id && c.MovementTypeId == (int)SegmentMovementType.Entered).Sum(c => c.Count),
            counts.Where(c => c.SegmentId == id && c.MovementTypeId == (int)SegmentMovementType.Left).Sum(c => c.Count)));
    }
}
