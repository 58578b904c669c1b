using Nop.Core.Domain.Customers;
using Nop.Data;
using Nop.Services.Localization;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Segments;

/// <summary>One line of an import: what it said, who it names, or why it cannot be used.</summary>
public record ImportRow(int Line, string Value, int? CustomerId, string Error);

public record ImportResult(IReadOnlyList<ImportRow> Rows, int Added)
{
    public bool Succeeded => Rows.All(r => r.Error == null);
}

/// <summary>
/// Static segments: lists the owner keeps by hand or imports. An import names customers by e-mail or id, one per
/// line (a header line and extra columns are allowed); if any line is wrong nothing is applied, and every line
/// gets its own verdict.
/// </summary>
public class StaticSegmentService
{
    public const int MaxImportLines = 100_000;

    private readonly ILocalizationService _localizationService;
    private readonly IRepository<Customer> _customerRepository;
    private readonly IRepository<SegmentMember> _memberRepository;
    private readonly IRepository<SegmentMovement> _movementRepository;
    private readonly SegmentMembershipService _membershipService;

    public StaticSegmentService(ILocalizationService localizationService, IRepository<Customer> customerRepository,
        IRepository<SegmentMember> memberRepository, IRepository<SegmentMovement> movementRepository, SegmentMembershipService membershipService)
    {
        _localizationService = localizationService;
        _membershipService = membershipService;
        _customerRepository = customerRepository;
        _memberRepository = memberRepository;
        _movementRepository = movementRepository;
    }

    /// <summary>The list's stored count, made true after its rows changed (also when the change failed halfway).</summary>
    private async Task StoreMemberCountAsync(Segment segment)
    {
        var counts = await _membershipService.StoreMemberCountsAsync([segment.Id]);
        segment.MemberCount = counts.GetValueOrDefault(segment.Id, segment.MemberCount);
    }

    private Task<string> TextAsync(string key) => _localizationService.GetResourceAsync(SegmentationDefaults.ResourcePrefix + "Import.Error." + key);

    private static void EnsureStatic(Segment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (segment.SegmentType != SegmentType.Static)
            throw new ArgumentException($"Segment '{segment.Name}' is not a static list; its members follow its rule.", nameof(segment));
    }

    public async Task<int> AddAsync(Segment segment, IEnumerable<int> customerIds, string reason, DateTime nowUtc)
    {
        EnsureStatic(segment);
        var segmentId = segment.Id;
        var wanted = customerIds.Distinct().ToList();
        var present = new HashSet<int>();
        foreach (var slice in wanted.Chunk(SegmentationDefaults.MaxInListSize))
            present.UnionWith(await _memberRepository.Table.Where(m => m.SegmentId == segmentId && slice.Contains(m.CustomerId))
                .Select(m => m.CustomerId).ToListAsync());
        var adding = wanted.Where(id => !present.Contains(id)).ToList();
        if (adding.Count == 0)
            return 0;

        try
        {
            await _memberRepository.InsertAsync(adding.Select(id => new SegmentMember { SegmentId = segmentId, CustomerId = id, MemberSinceUtc = nowUtc }).ToList(), false);
        }
        finally
        {
            await StoreMemberCountAsync(segment);
        }

        await _movementRepository.InsertAsync(adding.Select(id => new SegmentMovement
        {
            SegmentId = segmentId, CustomerId = id, MovementType = SegmentMovementType.Entered, Reason = reason, CreatedOnUtc = nowUtc
        }).ToList(), false);
        await _membershipService.ClearAsync(adding);
        return adding.Count;
    }

    public async Task<int> RemoveAsync(Segment segment, IEnumerable<int> customerIds, string reason, DateTime nowUtc)
    {
        EnsureStatic(segment);
        var segmentId = segment.Id;
        var ids = customerIds.Distinct().ToList();
        var members = new List<SegmentMember>();
        foreach (var slice in ids.Chunk(SegmentationDefaults.MaxInListSize))
            members.AddRange(await _memberRepository.Table.Where(m => m.SegmentId == segmentId && slice.Contains(m.CustomerId)).ToListAsync());
        if (members.Count == 0)
            return 0;

        try
        {
            foreach (var slice in members.Select(m => m.Id).Chunk(SegmentationDefaults.MaxInListSize))
                await _memberRepository.DeleteAsync(m => slice.Contains(m.Id));
        }
        finally
        {
            await StoreMemberCountAsync(segment);
        }

        await _movementRepository.InsertAsync(members.Select(m => new SegmentMovement
        {
            SegmentId = segmentId, CustomerId = m.CustomerId, MovementType = SegmentMovementType.Left, Reason = reason, CreatedOnUtc = nowUtc
        }).ToList(), false);
        await _membershipService.ClearAsync(members.Select(m => m.CustomerId).ToList());
        return members.Count;
    }

    /// <summary>Reads the file and checks every line; adds the customers only when all lines are good.</summary>
    public async Task<ImportResult> ImportAsync(Segment segment, TextReader csv, DateTime nowUtc, string reason = MovementReasons.Import)
    {
        EnsureStatic(segment);
        var lines = new List<(int Line, string Value)>();
        string text;
        var number = 0;
        while ((text = await csv.ReadLineAsync()) != null)
        {
            number++;
            if (number > MaxImportLines)
                return new ImportResult([new ImportRow(number, null, null, string.Format(await TextAsync("TooManyLines"), MaxImportLines))], 0);
            // the first column; quotes and surrounding spaces do not count
            var value = text.Split(',', ';', '\t')[0].Trim().Trim('"').Trim();
            if (number == 1 && (value.Equals("email", StringComparison.OrdinalIgnoreCase) || value.Equals("id", StringComparison.OrdinalIgnoreCase)
                                || value.Equals("customerid", StringComparison.OrdinalIgnoreCase)))
                continue;
            if (text.Trim().Length == 0)
                continue;
            lines.Add((number, value));
        }

        if (lines.Count == 0)
            return new ImportResult([new ImportRow(0, null, null, await TextAsync("NoCustomers"))], 0);

        var emails = lines.Where(l => !int.TryParse(l.Value, out _)).Select(l => l.Value.ToLowerInvariant()).Distinct().ToList();
        var ids = lines.Select(l => int.TryParse(l.Value, out var id) ? id : 0).Where(id => id > 0).Distinct().ToList();
        var byEmail = new Dictionary<string, (int Id, bool Deleted)>();
        foreach (var slice in emails.Chunk(SegmentationDefaults.MaxInListSize))
            foreach (var c in await _customerRepository.Table.Where(c => slice.Contains(c.Email.ToLower())).Select(c => new { c.Id, c.Email, c.Deleted }).ToListAsync())
                byEmail.TryAdd(c.Email.ToLowerInvariant(), (c.Id, c.Deleted));
        var byId = new Dictionary<int, bool>();
        foreach (var slice in ids.Chunk(SegmentationDefaults.MaxInListSize))
            foreach (var c in await _customerRepository.Table.Where(c => slice.Contains(c.Id)).Select(c => new { c.Id, c.Deleted }).ToListAsync())
                byId[c.Id] = c.Deleted;

        // the verdicts in the owner's language, read once for all lines
        var (noValue, noId, deletedId, notAnAddress, noEmail, deletedEmail) = (await TextAsync("NoValue"), await TextAsync("NoId"),
            await TextAsync("DeletedId"), await TextAsync("NotAnAddress"), await TextAsync("NoEmail"), await TextAsync("DeletedEmail"));
        var rows = lines.Select(l =>
        {
            if (l.Value.Length == 0)
                return new ImportRow(l.Line, l.Value, null, noValue);
            if (int.TryParse(l.Value, out var id))
                return !byId.TryGetValue(id, out var deleted) ? new ImportRow(l.Line, l.Value, null, string.Format(noId, id))
                    : deleted ? new ImportRow(l.Line, l.Value, null, string.Format(deletedId, id))
                    : new ImportRow(l.Line, l.Value, id, null);
            if (!l.Value.Contains('@'))
                return new ImportRow(l.Line, l.Value, null, string.Format(notAnAddress, l.Value));
            return !byEmail.TryGetValue(l.Value.ToLowerInvariant(), out var found) ? new ImportRow(l.Line, l.Value, null, string.Format(noEmail, l.Value))
                : found.Deleted ? new ImportRow(l.Line, l.Value, null, string.Format(deletedEmail, l.Value))
                : new ImportRow(l.Line, l.Value, found.Id, null);
        }).ToList();

        if (rows.Any(r => r.Error != null))
            return new ImportResult(rows, 0);

        var added = await AddAsync(segment, rows.Select(r => r.CustomerId!.Value), reason, nowUtc);
        return new ImportResult(rows, added);
    }
}
