using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Services.Localization;
using Nop.Services.Stores;

namespace Nop.Plugin.Misc.Segmentation.Services.Segments;

/// <summary>What the owner asks a segment to be, from the editor.</summary>
public record SegmentInput(string Name, string Description, SegmentType Type, string Rule, int StoreId, int Priority, bool Active,
    int CustomerRoleId, string NewRoleName);

/// <summary>A refused change: which form field and why (in the owner's language); nothing was written.</summary>
public record SegmentError(string Field, string Message);

/// <summary>
/// The owner's changes to segments: create, edit, duplicate, delete, switch on or off. Every change is checked
/// whole before anything is written, and a saved rule is evaluated at once so the counts the owner sees are true.
/// </summary>
public class SegmentService
{
    public const int MaxNameLength = 400;

    private readonly ILocalizationService _localizationService;
    private readonly IRepository<CustomerRole> _roleRepository;
    private readonly IRepository<Segment> _segmentRepository;
    private readonly IRepository<SegmentMember> _memberRepository;
    private readonly IRepository<SegmentMovement> _movementRepository;
    private readonly IRepository<SegmentSnapshot> _snapshotRepository;
    private readonly IStoreService _storeService;
    private readonly RoleSyncService _roleSyncService;
    private readonly SegmentEvaluationService _evaluationService;
    private readonly SegmentMembershipService _membershipService;
    private readonly StaticSegmentService _staticSegmentService;

    public SegmentService(ILocalizationService localizationService,
        IRepository<CustomerRole> roleRepository,
        IRepository<Segment> segmentRepository,
        IRepository<SegmentMember> memberRepository,
        IRepository<SegmentMovement> movementRepository,
        IRepository<SegmentSnapshot> snapshotRepository,
        IStoreService storeService,
        RoleSyncService roleSyncService,
        SegmentEvaluationService evaluationService,
        SegmentMembershipService membershipService,
        StaticSegmentService staticSegmentService)
    {
        _localizationService = localizationService;
        _roleRepository = roleRepository;
        _segmentRepository = segmentRepository;
        _memberRepository = memberRepository;
        _movementRepository = movementRepository;
        _snapshotRepository = snapshotRepository;
        _storeService = storeService;
        _roleSyncService = roleSyncService;
        _evaluationService = evaluationService;
        _membershipService = membershipService;
        _staticSegmentService = staticSegmentService;
    }

    public async Task<Segment> GetByIdAsync(int id) =>
        id <= 0 ? null : await _segmentRepository.Table.FirstOrDefaultAsync(s => s.Id == id);

    /// <summary>Segments for the list, filtered and paged in the database.</summary>
    public async Task<IPagedList<Segment>> SearchAsync(string name, SegmentType? type, int? storeId, bool? active, int pageIndex, int pageSize)
    {
        var query = _segmentRepository.Table;
        if (!string.IsNullOrWhiteSpace(name))
        {
            var lowered = name.Trim().ToLower();
            query = query.Where(s => s.Name.ToLower().Contains(lowered));
        }
        if (type is { } t)
            query = query.Where(s => s.SegmentTypeId == (int)t);
        if (storeId is { } store)
            query = query.Where(s => s.StoreId == store);
        if (active is { } on)
            query = query.Where(s => s.Active == on);
        return await query.OrderBy(s => s.Priority).ThenBy(s => s.Name).ThenBy(s => s.Id).ToPagedListAsync(pageIndex, pageSize);
    }

    /// <summary>Checks and saves a new segment (<paramref name="segment"/> null) or changes to one; a saved rule is evaluated.</summary>
    public async Task<(Segment Segment, IReadOnlyList<SegmentError> Errors)> SaveAsync(Segment segment, SegmentInput input, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = await ValidateAsync(segment, input);
        if (errors.Count > 0)
            return (segment, errors);

        var builtIn = segment?.SegmentType == SegmentType.BuiltIn;
        var isNew = segment == null;
        segment ??= new Segment { SegmentType = input.Type, CreatedOnUtc = nowUtc };
        var ruleChanged = !builtIn && segment.SegmentType == SegmentType.Dynamic && segment.Rule != input.Rule?.Trim();
        var switched = segment.Active != input.Active;
        var storeChanged = segment.StoreId != input.StoreId;

        segment.Name = input.Name.Trim();
        segment.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        segment.Priority = input.Priority;
        segment.Active = input.Active;
        // a built-in segment's rule and store follow the configuration page
        if (!builtIn)
        {
            segment.StoreId = input.StoreId;
            if (segment.SegmentType == SegmentType.Dynamic)
                segment.Rule = input.Rule.Trim();
        }
        segment.UpdatedOnUtc = nowUtc;
        if (isNew)
            await _segmentRepository.InsertAsync(segment, false);
        else
            await _segmentRepository.UpdateAsync(segment, false);

        await LinkRoleAsync(segment, input);

        var evaluate = segment.SegmentType != SegmentType.Static && (isNew || ruleChanged || switched || storeChanged || segment.LastEvaluatedOnUtc == null);
        if (evaluate)
            await _evaluationService.EvaluateAsync(segment, nowUtc);
        if (segment.CustomerRoleId != 0)
            await _roleSyncService.SyncAsync(segment);
        // on or off, a store moved: which segments count for whom changed for every member at once
        if (switched || storeChanged)
            await _membershipService.ClearAllAsync();
        // unless the evaluation just made it true: the row was read before this request, an event may have moved
        // members since, and the save wrote the old count
        if (!evaluate)
        {
            var counts = await _membershipService.StoreMemberCountsAsync([segment.Id]);
            segment.MemberCount = counts.GetValueOrDefault(segment.Id, segment.MemberCount);
        }

        return (segment, []);
    }

    private async Task LinkRoleAsync(Segment segment, SegmentInput input)
    {
        if (!string.IsNullOrWhiteSpace(input.NewRoleName))
        {
            await _roleSyncService.CreateRoleAsync(segment, input.NewRoleName.Trim());
            return;
        }

        if (segment.CustomerRoleId == input.CustomerRoleId)
            return;
        segment.CustomerRoleId = input.CustomerRoleId;
        await _segmentRepository.UpdateAsync(segment, false);
    }

    private async Task<List<SegmentError>> ValidateAsync(Segment segment, SegmentInput input)
    {
        var errors = new List<SegmentError>();
        async Task Refuse(string field, string resource, params object[] args) =>
            errors.Add(new SegmentError(field, string.Format(await ResourceAsync(resource), args)));

        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name))
            await Refuse(nameof(input.Name), "Segments.Error.NameRequired");
        else if (name.Length > MaxNameLength)
            await Refuse(nameof(input.Name), "Segments.Error.NameTooLong", MaxNameLength);
        else
        {
            var id = segment?.Id ?? 0;
            var lowered = name.ToLower();
            // rules name segments without regard to case, so two names that differ only in case would be one
            if (await _segmentRepository.Table.AnyAsync(s => s.Id != id && s.Name.ToLower() == lowered))
                await Refuse(nameof(input.Name), "Segments.Error.NameTaken", name);
            else if (segment != null && !string.Equals(segment.Name, name, StringComparison.OrdinalIgnoreCase)
                     && await NamedByAsync(segment) is { Count: > 0 } namers)
                await Refuse(nameof(input.Name), "Segments.Error.RenameReferenced", string.Join(", ", namers));
        }

        var builtIn = segment?.SegmentType == SegmentType.BuiltIn;
        var type = segment?.SegmentType ?? input.Type;
        if (segment == null && type is not (SegmentType.Dynamic or SegmentType.Static))
            await Refuse(nameof(input.Type), "Segments.Error.Type");
        if (type == SegmentType.Dynamic && !builtIn)
        {
            if (string.IsNullOrWhiteSpace(input.Rule))
                await Refuse(nameof(input.Rule), "Segments.Error.RuleRequired");
            else if (SegmentEvaluationService.Validate(input.Rule) is { } ruleError)
                errors.Add(new SegmentError(nameof(input.Rule), ruleError.Message));
        }

        if (!builtIn && input.StoreId != 0 && await _storeService.GetStoreByIdAsync(input.StoreId) == null)
            await Refuse(nameof(input.StoreId), "Segments.Error.Store");

        if (!string.IsNullOrWhiteSpace(input.NewRoleName))
        {
            var roleName = input.NewRoleName.Trim();
            if (await _roleRepository.Table.AnyAsync(r => r.Name == roleName))
                await Refuse(nameof(input.NewRoleName), "Segments.Error.RoleExists", roleName);
        }
        else if (input.CustomerRoleId != 0 && input.CustomerRoleId != segment?.CustomerRoleId)
        {
            var roleId = input.CustomerRoleId;
            var role = await _roleRepository.Table.FirstOrDefaultAsync(r => r.Id == roleId);
            var segmentId = segment?.Id ?? 0;
            if (role == null)
                await Refuse(nameof(input.CustomerRoleId), "Segments.Error.RoleMissing");
            else if (role.IsSystemRole)
                await Refuse(nameof(input.CustomerRoleId), "Segments.Error.SystemRole", role.Name);
            else if (await _segmentRepository.Table.FirstOrDefaultAsync(s => s.CustomerRoleId == roleId && s.Id != segmentId) is { } other)
                await Refuse(nameof(input.CustomerRoleId), "Segments.Error.RoleTaken", role.Name, other.Name);
        }

        return errors;
    }

    /// <summary>The other segments whose rules name this one: renaming or deleting it would silently change them.</summary>
    public async Task<IReadOnlyList<string>> NamedByAsync(Segment segment)
    {
        var others = await _segmentRepository.Table.Where(s => s.Id != segment.Id && s.Rule != null).ToListAsync();
        return others.Where(s => SegmentEvaluationService.References(s).Contains(segment.Name, StringComparer.OrdinalIgnoreCase)).Select(s => s.Name).ToList();
    }

    /// <summary>Deletes a segment the owner made, with its members, movements and snapshots; built-in ones are refused.</summary>
    public async Task<string> DeleteAsync(Segment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (segment.SegmentType == SegmentType.BuiltIn)
            return await ResourceAsync("Segments.Error.DeleteBuiltIn");
        if (await NamedByAsync(segment) is { Count: > 0 } namers)
            return string.Format(await ResourceAsync("Segments.Error.DeleteReferenced"), string.Join(", ", namers));

        // the keys cascade, but not every engine enforces them (SQLite without its pragma): rows go explicitly
        var id = segment.Id;
        await _memberRepository.DeleteAsync(m => m.SegmentId == id);
        await _movementRepository.DeleteAsync(m => m.SegmentId == id);
        await _snapshotRepository.DeleteAsync(s => s.SegmentId == id);
        await _segmentRepository.DeleteAsync(segment, false);
        await _membershipService.ClearAllAsync();
        return null;
    }

    /// <summary>A copy to try changes on: switched off, no role, named "… (copy)"; a static list copies its members.</summary>
    public async Task<Segment> DuplicateAsync(Segment source, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(source);
        var pattern = await ResourceAsync("Segments.CopyName");
        var name = string.Format(pattern, source.Name);
        for (var n = 2; await _segmentRepository.Table.AnyAsync(s => s.Name.ToLower() == name.ToLower()); n++)
            name = string.Format(pattern, source.Name) + " " + n;

        var copy = new Segment
        {
            Name = name.Length > MaxNameLength ? name[..MaxNameLength] : name,
            Description = source.Description,
            // a built-in's copy is the owner's own rule: it no longer follows the configuration page
            SegmentType = source.SegmentType == SegmentType.Static ? SegmentType.Static : SegmentType.Dynamic,
            Rule = source.Rule,
            StoreId = source.StoreId,
            Priority = source.Priority,
            Active = false,
            CreatedOnUtc = nowUtc,
            UpdatedOnUtc = nowUtc
        };
        await _segmentRepository.InsertAsync(copy, false);

        if (copy.SegmentType == SegmentType.Static)
        {
            var sourceId = source.Id;
            var members = await _memberRepository.Table.Where(m => m.SegmentId == sourceId).Select(m => m.CustomerId).ToListAsync();
            await _staticSegmentService.AddAsync(copy, members, MovementReasons.Copy, nowUtc);
        }

        return copy;
    }

    /// <summary>Switches segments on or off; a rule segment switched on is filled at once, one switched off is emptied.</summary>
    public async Task<int> SetActiveAsync(IEnumerable<int> ids, bool active, DateTime nowUtc)
    {
        var wanted = ids.Distinct().ToList();
        var changed = new List<int>();
        foreach (var slice in wanted.Chunk(SegmentationDefaults.MaxInListSize))
            foreach (var segment in await _segmentRepository.Table.Where(s => slice.Contains(s.Id) && s.Active != active).ToListAsync())
            {
                segment.Active = active;
                segment.UpdatedOnUtc = nowUtc;
                await _segmentRepository.UpdateAsync(segment, false);
                if (segment.SegmentType != SegmentType.Static && !string.IsNullOrWhiteSpace(segment.Rule))
                    await _evaluationService.EvaluateAsync(segment, nowUtc);
                if (segment.CustomerRoleId != 0)
                    await _roleSyncService.SyncAsync(segment);
                changed.Add(segment.Id);
            }

        if (changed.Count > 0)
        {
            await _membershipService.ClearAllAsync();
            // each row was written whole from what was read before: counts an event moved meanwhile are made true again
            await _membershipService.StoreMemberCountsAsync(changed);
        }

        return changed.Count;
    }

    private Task<string> ResourceAsync(string key) => _localizationService.GetResourceAsync(SegmentationDefaults.ResourcePrefix + key);
}
