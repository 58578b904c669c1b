using Nop.Core.Domain.Customers;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Services.Segments;

/// <summary>
/// Mirrors a segment into a customer role, so that everything nopCommerce does by role (free shipping, tier prices,
/// ACL, discounts, payment and shipping restrictions) works for the segment. The role belongs to the segment: its
/// members become exactly the segment's. System roles (Administrators, Registered, Guests, …) are never touched.
/// </summary>
public class RoleSyncService
{
    private readonly IRepository<CustomerRole> _roleRepository;
    private readonly IRepository<CustomerCustomerRoleMapping> _roleMappingRepository;
    private readonly IRepository<Segment> _segmentRepository;
    private readonly IRepository<SegmentMember> _memberRepository;

    public RoleSyncService(IRepository<CustomerRole> roleRepository,
        IRepository<CustomerCustomerRoleMapping> roleMappingRepository,
        IRepository<Segment> segmentRepository,
        IRepository<SegmentMember> memberRepository)
    {
        _roleRepository = roleRepository;
        _roleMappingRepository = roleMappingRepository;
        _segmentRepository = segmentRepository;
        _memberRepository = memberRepository;
    }

    /// <summary>Creates a role named after the segment and links it; an existing link is kept.</summary>
    public async Task<CustomerRole> CreateRoleAsync(Segment segment, string name, bool freeShipping = false)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("The role needs a name.", nameof(name));

        var role = new CustomerRole { Name = name.Trim(), Active = true, FreeShipping = freeShipping };
        await _roleRepository.InsertAsync(role);
        segment.CustomerRoleId = role.Id;
        await _segmentRepository.UpdateAsync(segment);
        return role;
    }

    /// <summary>Brings the linked role's members in line with the segment's; returns (added, removed).</summary>
    public async Task<(int Added, int Removed)> SyncAsync(Segment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (segment.CustomerRoleId == 0)
            return (0, 0);

        var roleId = segment.CustomerRoleId;
        var role = await _roleRepository.Table.FirstOrDefaultAsync(r => r.Id == roleId)
            ?? throw new InvalidOperationException($"Segment '{segment.Name}' is linked to customer role {roleId}, which no longer exists.");
        if (role.IsSystemRole)
            throw new InvalidOperationException($"'{role.Name}' is a system role; a segment cannot take it over.");

        var segmentId = segment.Id;
        var members = (await _memberRepository.Table.Where(m => m.SegmentId == segmentId).Select(m => m.CustomerId).ToListAsync()).ToHashSet();
        var holders = (await _roleMappingRepository.Table.Where(m => m.CustomerRoleId == roleId).Select(m => m.CustomerId).ToListAsync()).ToHashSet();

        var adding = members.Where(id => !holders.Contains(id)).ToList();
        foreach (var slice in adding.Chunk(SegmentationDefaults.MaxInListSize))
            await _roleMappingRepository.InsertAsync(slice.Select(id => new CustomerCustomerRoleMapping { CustomerId = id, CustomerRoleId = roleId }).ToList(), false);

        var removing = holders.Where(id => !members.Contains(id)).ToList();
        foreach (var slice in removing.Chunk(SegmentationDefaults.MaxInListSize))
            await _roleMappingRepository.DeleteAsync(m => m.CustomerRoleId == roleId && slice.Contains(m.CustomerId));

        return (adding.Count, removing.Count);
    }

    /// <summary>Syncs every segment linked to a role; a broken link is skipped so the others still sync.</summary>
    public async Task<int> SyncAllAsync()
    {
        var changes = 0;
        foreach (var segment in await _segmentRepository.Table.Where(s => s.CustomerRoleId != 0).ToListAsync())
        {
            try
            {
                var (added, removed) = await SyncAsync(segment);
                changes += added + removed;
            }
            catch (InvalidOperationException)
            {
                // reported on the segment's page when the owner opens it; the task goes on with the rest
            }
        }

        return changes;
    }
}
