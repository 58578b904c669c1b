using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Segments;

/// <summary>
/// One row per segment and day for the trend charts: members, and their orders and revenue of the last 30 days
/// (from their profiles in the segment's store), and the day's distribution of profiles (<see cref="ProfileSnapshotService"/>).
/// Taken again during the day, the day's rows are brought up to date.
/// </summary>
public class SegmentSnapshotService
{
    private readonly IRepository<CustomerProfile> _profileRepository;
    private readonly IRepository<Segment> _segmentRepository;
    private readonly IRepository<SegmentMember> _memberRepository;
    private readonly IRepository<SegmentSnapshot> _snapshotRepository;
    private readonly ProfileSnapshotService _profileSnapshotService;

    public SegmentSnapshotService(IRepository<CustomerProfile> profileRepository, IRepository<Segment> segmentRepository,
        IRepository<SegmentMember> memberRepository, IRepository<SegmentSnapshot> snapshotRepository, ProfileSnapshotService profileSnapshotService)
    {
        _profileSnapshotService = profileSnapshotService;
        _profileRepository = profileRepository;
        _segmentRepository = segmentRepository;
        _memberRepository = memberRepository;
        _snapshotRepository = snapshotRepository;
    }

    public async Task<int> TakeAsync(DateTime nowUtc)
    {
        var day = nowUtc.Date;
        var members = (await _memberRepository.Table.GroupBy(m => m.SegmentId).Select(g => new { SegmentId = g.Key, Count = g.Count() }).ToListAsync())
            .ToDictionary(m => m.SegmentId, m => m.Count);
        var activity = (await (from member in _memberRepository.Table
                               join segment in _segmentRepository.Table on member.SegmentId equals segment.Id
                               join profile in _profileRepository.Table on member.CustomerId equals profile.CustomerId
                               where profile.StoreId == segment.StoreId
                               group profile by member.SegmentId into g
                               select new { SegmentId = g.Key, Orders = g.Sum(p => p.Orders30Days), Revenue = g.Sum(p => p.Spent30Days) })
                .ToListAsync())
            .ToDictionary(a => a.SegmentId);

        var computed = (await _segmentRepository.Table.Select(s => s.Id).ToListAsync()).Select(segmentId => new SegmentSnapshot
        {
            SegmentId = segmentId,
            SnapshotDateUtc = day,
            Members = members.GetValueOrDefault(segmentId),
            Orders = activity.TryGetValue(segmentId, out var a) ? a.Orders : 0,
            Revenue = a?.Revenue ?? 0
        }).ToList();
        var stored = await _snapshotRepository.Table.Where(s => s.SnapshotDateUtc == day).ToListAsync();

        var written = await RowDifferences.WriteAsync(_snapshotRepository, stored, computed, s => s.SegmentId,
            (x, y) => (x.Members, x.Orders, x.Revenue) == (y.Members, y.Orders, y.Revenue));
        // the profiles' lifecycle, tier and RFM group of the same day, which the profiles themselves keep no history of
        return written + await _profileSnapshotService.TakeAsync(nowUtc);
    }
}
