using Nop.Core.Domain.Customers;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Services.Messages;

namespace Nop.Plugin.Misc.Segmentation.Services;

/// <summary>
/// The abandoned-cart reminder schedule: which open carts are due a reminder now, the claim that lets each reminder
/// go once, and withdrawing a reminder still waiting in the e-mail queue when its cart is ordered or emptied.
/// </summary>
public class CartReminderService
{
    private readonly CartReminderMessageService _messageService;
    private readonly IQueuedEmailService _queuedEmailService;
    private readonly IRepository<AbandonedCart> _abandonedCartRepository;
    private readonly IRepository<CartReminder> _reminderRepository;
    private readonly IRepository<Customer> _customerRepository;
    private readonly IRepository<CustomerCustomerRoleMapping> _roleMappingRepository;
    private readonly IRepository<CustomerProfile> _profileRepository;
    private readonly IRepository<CustomerRole> _roleRepository;

    public CartReminderService(CartReminderMessageService messageService,
        IQueuedEmailService queuedEmailService,
        IRepository<AbandonedCart> abandonedCartRepository,
        IRepository<CartReminder> reminderRepository,
        IRepository<Customer> customerRepository,
        IRepository<CustomerCustomerRoleMapping> roleMappingRepository,
        IRepository<CustomerProfile> profileRepository,
        IRepository<CustomerRole> roleRepository)
    {
        _messageService = messageService;
        _queuedEmailService = queuedEmailService;
        _abandonedCartRepository = abandonedCartRepository;
        _reminderRepository = reminderRepository;
        _customerRepository = customerRepository;
        _roleMappingRepository = roleMappingRepository;
        _profileRepository = profileRepository;
        _roleRepository = roleRepository;
    }

    /// <summary>
    /// The reminder a cart is due at <paramref name="nowUtc"/> (1-based), or 0: the latest scheduled one that has come,
    /// if it is later than the last one sent. Reminders missed while the task was not running are not sent in a burst.
    /// </summary>
    public static int DueReminder(IReadOnlyList<int> scheduleHours, DateTime detectedOnUtc, int lastSent, DateTime nowUtc)
    {
        var due = 0;
        for (var number = 1; number <= (scheduleHours?.Count ?? 0); number++)
            if (detectedOnUtc.AddHours(scheduleHours[number - 1]) <= nowUtc)
                due = number;
        return due > lastSent ? due : 0;
    }

    /// <summary>
    /// Queues the reminders due now and returns how many. Only open records whose offer has not expired, whose cart
    /// still has items and has been left alone for the idle time (a customer shopping right now is not reminded), of
    /// active registered customers with an e-mail address. Run it after the abandoned-cart detection, which closes the
    /// records of carts ordered, emptied or given up.
    /// </summary>
    public async Task<int> SendDueAsync(SegmentationSettings settings, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var schedule = settings.CartReminderHours ?? [];
        if (schedule.Count == 0)
            return 0;

        var idleSince = nowUtc.AddHours(-Math.Max(1, settings.AbandonedCartIdleHours));
        var firstDueDetectedBy = nowUtc.AddHours(-schedule.Min());
        var count = schedule.Count;
        var registeredRole = NopCustomerDefaults.RegisteredRoleName;
        var registered = from mapping in _roleMappingRepository.Table
                         join role in _roleRepository.Table on mapping.CustomerRoleId equals role.Id
                         where role.SystemName == registeredRole && role.Active
                         select mapping.CustomerId;

        var candidates = await (from cart in _abandonedCartRepository.Table
                                join profile in _profileRepository.Table on new { cart.CustomerId, cart.StoreId } equals new { profile.CustomerId, profile.StoreId }
                                join customer in _customerRepository.Table on cart.CustomerId equals customer.Id
                                where cart.StatusId == (int)AbandonedCartStatus.Open && cart.OfferExpiresOnUtc > nowUtc && cart.DetectedOnUtc <= firstDueDetectedBy
                                      && profile.CartItems > 0 && profile.LastCartActivityUtc < idleSince
                                      && customer.Active && !customer.Deleted && !customer.IsSystemAccount
                                      && customer.Email != null && customer.Email != string.Empty
                                      && registered.Contains(customer.Id)
                                let lastSent = _reminderRepository.Table.Where(r => r.AbandonedCartId == cart.Id).Max(r => (int?)r.ReminderNumber) ?? 0
                                where lastSent < count
                                select new { Cart = cart, Customer = customer, LastSent = lastSent })
            .ToListAsync();

        var senders = new Dictionary<int, CartReminderSender>();
        var sent = 0;
        foreach (var candidate in candidates.OrderBy(c => c.Cart.Id))
        {
            var number = DueReminder(schedule, candidate.Cart.DetectedOnUtc, candidate.LastSent, nowUtc);
            if (number == 0)
                continue;

            var storeId = candidate.Cart.StoreId;
            if (!senders.TryGetValue(storeId, out var sender))
                senders[storeId] = sender = await _messageService.GetSenderAsync(storeId);
            // the owner switched the template off for this store: nothing is claimed, so nothing is lost
            if (sender == null)
                continue;

            var reminder = await ClaimAsync(candidate.Cart, number, nowUtc);
            if (reminder == null)
                continue;

            reminder.QueuedEmailId = await _messageService.QueueAsync(sender, candidate.Cart, candidate.Customer, number, nowUtc);
            await _reminderRepository.UpdateAsync(reminder, false);
            sent++;
        }

        return sent;
    }

    /// <summary>
    /// Writes the reminder's row before anything is queued. The unique (cart, number) index refuses a second writer, on
    /// another node or in an overlapping run; that one gets null and sends nothing.
    /// </summary>
    private async Task<CartReminder> ClaimAsync(AbandonedCart cart, int number, DateTime nowUtc)
    {
        var reminder = new CartReminder { AbandonedCartId = cart.Id, ReminderNumber = number, CustomerId = cart.CustomerId, SentOnUtc = nowUtc };
        try
        {
            await _reminderRepository.InsertAsync(reminder, false);
            return reminder;
        }
        catch (Exception)
        {
            if (await ClaimedAsync(cart.Id, number))
                return null;
            throw;
        }
    }

    private Task<bool> ClaimedAsync(int abandonedCartId, int number) =>
        _reminderRepository.Table.AnyAsync(r => r.AbandonedCartId == abandonedCartId && r.ReminderNumber == number);

    /// <summary>
    /// Withdraws the closed carts' reminders that are still waiting in nopCommerce's e-mail queue (a template with a
    /// send delay, or a queue that has not run yet), so no reminder arrives after the order. Returns how many.
    /// </summary>
    public async Task<int> WithdrawUnsentAsync(IReadOnlyCollection<int> abandonedCartIds)
    {
        if (abandonedCartIds == null || abandonedCartIds.Count == 0)
            return 0;

        var withdrawn = 0;
        foreach (var slice in abandonedCartIds.Chunk(SegmentationDefaults.MaxInListSize))
        {
            withdrawn += await WithdrawAsync(await _reminderRepository.Table
                .Where(r => slice.Contains(r.AbandonedCartId) && r.QueuedEmailId > 0)
                .Select(r => r.QueuedEmailId)
                .ToListAsync());
        }

        return withdrawn;
    }

    private async Task<int> WithdrawAsync(List<int> queuedEmailIds)
    {
        if (queuedEmailIds.Count == 0)
            return 0;

        var unsent = (await _queuedEmailService.GetQueuedEmailsByIdsAsync(queuedEmailIds.ToArray())).Where(e => e.SentOnUtc == null).ToList();
        if (unsent.Count > 0)
            await _queuedEmailService.DeleteQueuedEmailsAsync(unsent);
        return unsent.Count;
    }

    /// <summary>When the customer goes: their unsent reminders are withdrawn and their rows deleted.</summary>
    public async Task<int> DeleteCustomerAsync(int customerId)
    {
        await WithdrawAsync(await _reminderRepository.Table.Where(r => r.CustomerId == customerId && r.QueuedEmailId > 0)
            .Select(r => r.QueuedEmailId).ToListAsync());
        return await _reminderRepository.DeleteAsync(r => r.CustomerId == customerId);
    }
}
