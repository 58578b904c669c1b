using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Messages;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Services.Logging;

namespace Nop.Plugin.Misc.Segmentation.Services.AbandonedCarts;

/// <summary>
/// The abandoned-cart reminder schedule: which open carts are due a reminder now, and the claim that lets each
/// reminder go once. Withdrawing a queued reminder when its cart closes is <see cref="AbandonedCartService"/>'s.
/// </summary>
public class CartReminderService
{
    private readonly AbandonedCartService _abandonedCartService;
    private readonly CartReminderMessageService _messageService;
    private readonly ILogger _logger;
    private readonly IRepository<AbandonedCart> _abandonedCartRepository;
    private readonly IRepository<CartReminder> _reminderRepository;
    private readonly IRepository<Customer> _customerRepository;
    private readonly IRepository<CustomerCustomerRoleMapping> _roleMappingRepository;
    private readonly IRepository<CustomerProfile> _profileRepository;
    private readonly IRepository<CustomerRole> _roleRepository;

    public CartReminderService(AbandonedCartService abandonedCartService,
        CartReminderMessageService messageService,
        ILogger logger,
        IRepository<AbandonedCart> abandonedCartRepository,
        IRepository<CartReminder> reminderRepository,
        IRepository<Customer> customerRepository,
        IRepository<CustomerCustomerRoleMapping> roleMappingRepository,
        IRepository<CustomerProfile> profileRepository,
        IRepository<CustomerRole> roleRepository)
    {
        _abandonedCartService = abandonedCartService;
        _messageService = messageService;
        _logger = logger;
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

    /// <summary>Most reminders one run queues; the rest wait for the next run, ten minutes later.</summary>
    public const int MaxPerRun = 500;

    /// <summary>
    /// Queues the reminders due now and returns how many. Only open records whose offer has not expired, whose cart
    /// still has items and has been left alone for the idle time (a customer shopping right now is not reminded), of
    /// active registered customers with an e-mail address. Run it after the abandoned-cart detection, which closes the
    /// records of carts ordered, emptied or given up.
    /// </summary>
    public async Task<int> SendDueAsync(SegmentationSettings settings, DateTime nowUtc, int maxPerRun = MaxPerRun)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // the configuration page allows at most five, rising; anything else in the setting is read that way
        var schedule = (settings.CartReminderHours ?? []).Order().Take(SegmentationDefaults.MaxCartReminders).ToList();
        if (schedule.Count == 0)
            return 0;

        var idleSince = nowUtc.AddHours(-Math.Max(1, settings.AbandonedCartIdleHours));
        var count = schedule.Count;
        // a cart is due when its next reminder is: reminder k + 1 goes to carts detected by now minus its hours
        var dueBy = Enumerable.Range(0, SegmentationDefaults.MaxCartReminders).Select(k => nowUtc.AddHours(-schedule[Math.Min(k, count - 1)])).ToArray();
        var (due0, due1, due2, due3, due4) = (dueBy[0], dueBy[1], dueBy[2], dueBy[3], dueBy[4]);
        var (has1, has2, has3, has4) = (count > 1, count > 2, count > 3, count > 4);
        var registeredRole = NopCustomerDefaults.RegisteredRoleName;
        var registered = from mapping in _roleMappingRepository.Table
                         join role in _roleRepository.Table on mapping.CustomerRoleId equals role.Id
                         where role.SystemName == registeredRole && role.Active
                         select mapping.CustomerId;

        var candidates = await (from cart in _abandonedCartRepository.Table
                                join profile in _profileRepository.Table on new { cart.CustomerId, cart.StoreId } equals new { profile.CustomerId, profile.StoreId }
                                join customer in _customerRepository.Table on cart.CustomerId equals customer.Id
                                where cart.StatusId == (int)AbandonedCartStatus.Open && cart.OfferExpiresOnUtc > nowUtc && cart.DetectedOnUtc <= due0
                                      && profile.CartItems > 0 && profile.LastCartActivityUtc < idleSince
                                      && customer.Active && !customer.Deleted && !customer.IsSystemAccount
                                      && customer.Email != null && customer.Email != string.Empty
                                      && registered.Contains(customer.Id)
                                let lastSent = _reminderRepository.Table.Where(r => r.AbandonedCartId == cart.Id).Max(r => (int?)r.ReminderNumber) ?? 0
                                // in SQL, so that carts waiting for a later reminder do not fill the run's share
                                where (lastSent == 0 && cart.DetectedOnUtc <= due0) || (has1 && lastSent == 1 && cart.DetectedOnUtc <= due1)
                                      || (has2 && lastSent == 2 && cart.DetectedOnUtc <= due2) || (has3 && lastSent == 3 && cart.DetectedOnUtc <= due3)
                                      || (has4 && lastSent == 4 && cart.DetectedOnUtc <= due4)
                                orderby cart.Id
                                select new { Cart = cart, Customer = customer, LastSent = lastSent })
            .Take(Math.Max(1, maxPerRun))
            .ToListAsync();

        var templates = new Dictionary<int, MessageTemplate>();
        var sent = 0;
        foreach (var candidate in candidates)
        {
            var number = DueReminder(schedule, candidate.Cart.DetectedOnUtc, candidate.LastSent, nowUtc);
            if (number == 0)
                continue;

            var storeId = candidate.Cart.StoreId;
            if (!templates.TryGetValue(storeId, out var template))
                templates[storeId] = template = await _messageService.GetTemplateAsync(storeId);
            // the owner switched the template off for this store: nothing is claimed, so nothing is lost
            if (template == null)
                continue;

            if (await SendAsync(template, candidate.Cart, candidate.Customer, number, settings, nowUtc))
                sent++;
        }

        return sent;
    }

    /// <summary>Claims the reminder, queues it and records the queued e-mail; false when it did not go.</summary>
    private async Task<bool> SendAsync(MessageTemplate template, AbandonedCart cart, Customer customer, int number,
        SegmentationSettings settings, DateTime nowUtc)
    {
        var reminder = await ClaimAsync(cart, number, nowUtc);
        if (reminder == null)
            return false;

        try
        {
            // the run's list is minutes old: an order placed since closed the record
            if (!await IsOpenAsync(cart.Id))
            {
                await _reminderRepository.DeleteAsync(reminder, false);
                return false;
            }

            reminder.QueuedEmailId = await _messageService.QueueAsync(template, cart, customer, number, settings, nowUtc);
            if (reminder.QueuedEmailId == 0)
            {
                await _reminderRepository.DeleteAsync(reminder, false);
                return false;
            }

            await _reminderRepository.UpdateAsync(reminder, false);
        }
        catch (Exception exception)
        {
            // one customer's failure (a template text left empty, a store gone) neither uses up their reminder nor stops the others'
            await _reminderRepository.DeleteAsync(reminder, false);
            await _logger.ErrorAsync($"Customer segmentation: reminder {number} of abandoned cart {cart.Id} could not be queued: {exception.Message}",
                exception, customer);
            return false;
        }

        // an order placed while it was queued found no e-mail id to withdraw; this read sees that order's record closed
        if (!await IsOpenAsync(cart.Id))
            await _abandonedCartService.WithdrawUnsentRemindersAsync([cart.Id]);
        return true;
    }

    private Task<bool> IsOpenAsync(int abandonedCartId) =>
        _abandonedCartRepository.Table.AnyAsync(a => a.Id == abandonedCartId && a.StatusId == (int)AbandonedCartStatus.Open);

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
            if (await _reminderRepository.Table.AnyAsync(r => r.AbandonedCartId == cart.Id && r.ReminderNumber == number))
                return null;
            throw;
        }
    }
}
