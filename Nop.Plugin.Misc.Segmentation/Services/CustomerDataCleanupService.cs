using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Segments;

namespace Nop.Plugin.Misc.Segmentation.Services;

/// <summary>
/// Removes the plugin's rows of customers that are gone. nopCommerce's "Delete guests" task removes guests in bulk
/// without entity events, so no consumer ever hears of them; this sweep is what keeps the plugin's tables clean.
/// Customers deleted in admin (soft delete) lose their rows too: they can no longer shop or be targeted.
/// </summary>
public class CustomerDataCleanupService
{
    private readonly IRepository<Customer> _customerRepository;
    private readonly IRepository<CustomerProfile> _profileRepository;
    private readonly IRepository<SegmentMember> _memberRepository;
    private readonly IRepository<SegmentMovement> _movementRepository;
    private readonly IRepository<CustomerCategory> _categoryRepository;
    private readonly SegmentMembershipService _membershipService;
    private readonly IRepository<AbandonedCart> _abandonedCartRepository;
    private readonly IRepository<CartReminder> _reminderRepository;

    public CustomerDataCleanupService(IRepository<AbandonedCart> abandonedCartRepository,
        IRepository<CartReminder> reminderRepository,
        IRepository<Customer> customerRepository,
        IRepository<CustomerProfile> profileRepository,
        IRepository<SegmentMember> memberRepository,
        IRepository<SegmentMovement> movementRepository,
        IRepository<CustomerCategory> categoryRepository,
        SegmentMembershipService membershipService)
    {
        _abandonedCartRepository = abandonedCartRepository;
        _reminderRepository = reminderRepository;
        _categoryRepository = categoryRepository;
        _membershipService = membershipService;
        _customerRepository = customerRepository;
        _profileRepository = profileRepository;
        _memberRepository = memberRepository;
        _movementRepository = movementRepository;
    }

    /// <summary>Deletes in batches of <paramref name="batchSize"/> customers; returns the number of rows deleted.</summary>
    public async Task<int> DeleteRowsOfRemovedCustomersAsync(int batchSize)
    {
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be positive.");

        return await DeleteOrphanMembersAsync(batchSize)
            + await DeleteOrphansAsync(_movementRepository, batchSize)
            + await DeleteOrphansAsync(_profileRepository, batchSize)
            + await DeleteOrphansAsync(_categoryRepository, batchSize)
            + await DeleteOrphansAsync(_abandonedCartRepository, batchSize)
            + await DeleteOrphansAsync(_reminderRepository, batchSize);
    }

    /// <summary>Memberships go like the other rows; the segments that lost members then have their counts made true.</summary>
    private async Task<int> DeleteOrphanMembersAsync(int batchSize)
    {
        var segmentIds = new HashSet<int>();
        try
        {
            // read per slice just before it goes, so only the segments really losing rows are counted again
            return await DeleteOrphansAsync(_memberRepository, batchSize, async customerIds =>
                segmentIds.UnionWith(await _memberRepository.Table.Where(m => customerIds.Contains(m.CustomerId))
                    .Select(m => m.SegmentId).Distinct().ToListAsync()));
        }
        finally
        {
            if (segmentIds.Count > 0)
                await _membershipService.StoreMemberCountsAsync(segmentIds);
        }
    }

    private async Task<int> DeleteOrphansAsync<TRow>(IRepository<TRow> repository, int batchSize, Func<int[], Task> beforeDelete = null)
        where TRow : BaseEntity, ICustomerRow
    {
        var live = _customerRepository.Table.Where(customer => !customer.Deleted).Select(customer => customer.Id);
        var deleted = 0;
        while (true)
        {
            // one small batch of ids per round, so a huge backlog never becomes one long-locking statement
            var ids = await repository.Table
                .Where(row => !live.Contains(row.CustomerId))
                .Select(row => row.CustomerId)
                .Distinct()
                .Take(batchSize)
                .ToListAsync();
            if (ids.Count == 0)
                return deleted;

            foreach (var slice in ids.Chunk(SegmentationDefaults.MaxInListSize))
            {
                if (beforeDelete != null)
                    await beforeDelete(slice);
                deleted += await repository.DeleteAsync(row => slice.Contains(row.CustomerId));
            }
        }
    }
}
