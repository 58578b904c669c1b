using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Services.Messages;

namespace Nop.Plugin.Misc.Segmentation.Services.AbandonedCarts;

public record AbandonedCartRun(int Detected, int Updated, int Recovered, int Emptied, int Expired)
{
    /// <summary>Customers whose records changed, to re-evaluate at once.</summary>
    public IReadOnlyCollection<int> CustomerIds { get; init; } = [];

    /// <summary>The records this run closed.</summary>
    public IReadOnlyCollection<int> ClosedIds { get; init; } = [];
}

/// <summary>
/// Finds carts left idle, records them with a personal time-limited offer, and closes the records: recovered by an
/// order (which is attributed to the cart), emptied, or expired. Reads the carts from the profiles, which the cart
/// events keep current per customer and store, so a run never scans the store's cart items. A record that closes
/// withdraws its reminder e-mails still waiting in nopCommerce's queue, so none arrives after the order.
/// </summary>
public class AbandonedCartService
{
    /// <summary>
    /// A cart untouched for longer than this is no longer followed: its open record closes as expired, and such a cart
    /// is never recorded anew (so a cart left for good earns one offer, not one a month).
    /// </summary>
    public const int KeepOpenDays = 30;

    private readonly IQueuedEmailService _queuedEmailService;
    private readonly IRepository<AbandonedCart> _abandonedCartRepository;
    private readonly IRepository<CartReminder> _reminderRepository;
    private readonly IRepository<Customer> _customerRepository;
    private readonly IRepository<CustomerProfile> _profileRepository;
    private readonly IRepository<Order> _orderRepository;

    public AbandonedCartService(IQueuedEmailService queuedEmailService,
        IRepository<AbandonedCart> abandonedCartRepository,
        IRepository<CartReminder> reminderRepository,
        IRepository<Customer> customerRepository,
        IRepository<CustomerProfile> profileRepository,
        IRepository<Order> orderRepository)
    {
        _queuedEmailService = queuedEmailService;
        _abandonedCartRepository = abandonedCartRepository;
        _reminderRepository = reminderRepository;
        _customerRepository = customerRepository;
        _profileRepository = profileRepository;
        _orderRepository = orderRepository;
    }

    public async Task<AbandonedCartRun> DetectAsync(SegmentationSettings settings, DateTime nowUtc)
    {
        var idleSince = nowUtc.AddHours(-Math.Max(1, settings.AbandonedCartIdleHours));
        var followedSince = nowUtc.AddDays(-KeepOpenDays);
        var idle = await (from profile in _profileRepository.Table
                          join customer in _customerRepository.Table on profile.CustomerId equals customer.Id
                          where profile.StoreId != 0 && profile.CartItems > 0 && profile.LastCartActivityUtc != null
                                && profile.LastCartActivityUtc < idleSince && profile.LastCartActivityUtc >= followedSince
                                && !customer.Deleted && !customer.IsSystemAccount
                          select new { profile.CustomerId, profile.StoreId, profile.CartValue, profile.CartItems, LastCartActivityUtc = profile.LastCartActivityUtc.Value })
            .ToListAsync();
        var open = (await _abandonedCartRepository.Table.Where(a => a.StatusId == (int)AbandonedCartStatus.Open).ToListAsync())
            .ToDictionary(a => (a.CustomerId, a.StoreId));

        var (detected, updated, recovered, emptied, expired) = (0, 0, 0, 0, 0);
        var changedCustomers = new HashSet<int>();
        var closed = new List<int>();
        var inserts = new List<AbandonedCart>();
        foreach (var cart in idle)
        {
            if (open.Remove((cart.CustomerId, cart.StoreId), out var record))
            {
                // the same cart, touched again since: new figures, the offer keeps its expiry
                if (record.LastCartActivityUtc == cart.LastCartActivityUtc && record.CartValue == cart.CartValue && record.CartItems == cart.CartItems)
                    continue;
                (record.CartValue, record.CartItems, record.LastCartActivityUtc) = (cart.CartValue, cart.CartItems, cart.LastCartActivityUtc);
                await _abandonedCartRepository.UpdateAsync(record, false);
                updated++;
                continue;
            }

            inserts.Add(new AbandonedCart
            {
                CustomerId = cart.CustomerId, StoreId = cart.StoreId, CartValue = cart.CartValue, CartItems = cart.CartItems,
                LastCartActivityUtc = cart.LastCartActivityUtc, DetectedOnUtc = nowUtc,
                OfferExpiresOnUtc = nowUtc.AddDays(Math.Max(1, settings.CartOfferValidDays)), Status = AbandonedCartStatus.Open
            });
            changedCustomers.Add(cart.CustomerId);
            detected++;
        }

        if (inserts.Count > 0)
            await _abandonedCartRepository.InsertAsync(inserts, false);

        // open records whose cart is no longer an idle, followed one: ordered, too old, emptied, or active again;
        // their customers' orders and carts are read a slice of customers at a time, not per record
        foreach (var slice in open.Values.Chunk(SegmentationDefaults.MaxInListSize))
        {
            var customerIds = slice.Select(r => r.CustomerId).Distinct().ToArray();
            var since = slice.Min(r => r.DetectedOnUtc);
            var orders = (await _orderRepository.Table.Counted()
                    .Where(o => customerIds.Contains(o.CustomerId) && o.CreatedOnUtc >= since)
                    .Select(o => new { o.Id, o.CustomerId, o.StoreId, o.CreatedOnUtc, Amount = o.OrderTotal - o.RefundedAmount })
                    .ToListAsync())
                .ToLookup(o => (o.CustomerId, o.StoreId));
            var withCart = (await _profileRepository.Table
                    .Where(p => customerIds.Contains(p.CustomerId) && p.StoreId != 0 && p.CartItems > 0)
                    .Select(p => new { p.CustomerId, p.StoreId })
                    .ToListAsync())
                .Select(p => (p.CustomerId, p.StoreId)).ToHashSet();

            foreach (var record in slice)
            {
                var order = orders[(record.CustomerId, record.StoreId)].Where(o => o.CreatedOnUtc >= record.DetectedOnUtc)
                    .OrderBy(o => o.CreatedOnUtc).ThenBy(o => o.Id).FirstOrDefault();
                if (order != null)
                {
                    Close(record, AbandonedCartStatus.Recovered, nowUtc, order.Id, order.Amount);
                    recovered++;
                }
                else if (record.LastCartActivityUtc < followedSince)
                {
                    Close(record, AbandonedCartStatus.Expired, nowUtc);
                    expired++;
                }
                else if (!withCart.Contains((record.CustomerId, record.StoreId)))
                {
                    Close(record, AbandonedCartStatus.Emptied, nowUtc);
                    emptied++;
                }
                else
                    // the customer is shopping again: the record and its offer stay until the cart is ordered or left again
                    continue;

                await _abandonedCartRepository.UpdateAsync(record, false);
                changedCustomers.Add(record.CustomerId);
                closed.Add(record.Id);
            }
        }

        await WithdrawUnsentRemindersAsync(closed);
        return new AbandonedCartRun(detected, updated, recovered, emptied, expired) { CustomerIds = changedCustomers, ClosedIds = closed };
    }

    /// <summary>The order recovers the customer's open cart in its store, and uses up the offer. What the order event calls.</summary>
    public async Task<AbandonedCart> RecoverAsync(Order order, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(order);
        var (customerId, storeId) = (order.CustomerId, order.StoreId);
        var record = await _abandonedCartRepository.Table
            .FirstOrDefaultAsync(a => a.CustomerId == customerId && a.StoreId == storeId && a.StatusId == (int)AbandonedCartStatus.Open);
        if (record == null || record.DetectedOnUtc > order.CreatedOnUtc)
            return null;

        Close(record, AbandonedCartStatus.Recovered, nowUtc, order.Id, order.OrderTotal - order.RefundedAmount);
        await _abandonedCartRepository.UpdateAsync(record, false);
        await WithdrawUnsentRemindersAsync([record.Id]);
        return record;
    }

    /// <summary>When the customer goes: their records and reminders, and any reminder of theirs still queued.</summary>
    public async Task<int> DeleteCustomerAsync(int customerId)
    {
        await WithdrawAsync(await _reminderRepository.Table.Where(r => r.CustomerId == customerId && r.QueuedEmailId > 0)
            .Select(r => r.QueuedEmailId).ToListAsync());
        await _reminderRepository.DeleteAsync(r => r.CustomerId == customerId);
        return await _abandonedCartRepository.DeleteAsync(a => a.CustomerId == customerId);
    }

    /// <summary>
    /// Deletes the closed records' reminders that nopCommerce has not sent yet (the template's send delay, or a queue
    /// that has not run since). Returns how many.
    /// </summary>
    public async Task<int> WithdrawUnsentRemindersAsync(IReadOnlyCollection<int> abandonedCartIds)
    {
        var withdrawn = 0;
        foreach (var slice in (abandonedCartIds ?? []).Chunk(SegmentationDefaults.MaxInListSize))
            withdrawn += await WithdrawAsync(await _reminderRepository.Table
                .Where(r => slice.Contains(r.AbandonedCartId) && r.QueuedEmailId > 0)
                .Select(r => r.QueuedEmailId)
                .ToListAsync());
        return withdrawn;
    }

    /// <summary>Every reminder nopCommerce has not sent yet: the plugin is being uninstalled.</summary>
    public async Task<int> WithdrawAllUnsentRemindersAsync()
    {
        var queuedIds = await _reminderRepository.Table.Where(r => r.QueuedEmailId > 0).Select(r => r.QueuedEmailId).ToListAsync();
        var withdrawn = 0;
        foreach (var slice in queuedIds.Chunk(SegmentationDefaults.MaxInListSize))
            withdrawn += await WithdrawAsync(slice.ToList());
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

    /// <summary>The customer's offer in the store, if one is open and not expired.</summary>
    public Task<AbandonedCart> GetActiveOfferAsync(int customerId, int storeId, DateTime nowUtc) =>
        _abandonedCartRepository.Table.FirstOrDefaultAsync(a => a.CustomerId == customerId && a.StoreId == storeId
            && a.StatusId == (int)AbandonedCartStatus.Open && a.OfferExpiresOnUtc > nowUtc);

    private static void Close(AbandonedCart record, AbandonedCartStatus status, DateTime nowUtc, int orderId = 0, decimal amount = 0)
    {
        record.Status = status;
        record.ClosedOnUtc = nowUtc;
        record.RecoveredOrderId = orderId;
        record.RecoveredAmount = amount;
    }
}
