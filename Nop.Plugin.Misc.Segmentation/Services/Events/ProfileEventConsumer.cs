using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Gdpr;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.Orders;
using Nop.Core.Events;
using Nop.Plugin.Misc.Segmentation.Services.AbandonedCarts;
using Nop.Plugin.Misc.Segmentation.Services.Profiles;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Services.Events;

namespace Nop.Plugin.Misc.Segmentation.Services.Events;

/// <summary>
/// Keeps profiles current between rebuilds. Every event leads to the same thing: the customer's profiles are
/// recomputed from their own orders and cart (indexed by customer), so a repeated or late event changes nothing
/// and the order in which events arrive does not matter. Consumers run inside the shopper's request, so each does
/// exactly one customer's worth of work.
/// </summary>
public class ProfileEventConsumer :
    IConsumer<OrderPlacedEvent>,
    IConsumer<OrderPaidEvent>,
    IConsumer<OrderStatusChangedEvent>,
    IConsumer<OrderRefundedEvent>,
    IConsumer<EntityDeletedEvent<Order>>,
    IConsumer<EntityInsertedEvent<ShoppingCartItem>>,
    IConsumer<EntityUpdatedEvent<ShoppingCartItem>>,
    IConsumer<EntityDeletedEvent<ShoppingCartItem>>,
    IConsumer<ClearShoppingCartEvent>,
    IConsumer<CustomerLoggedinEvent>,
    IConsumer<CustomerRegisteredEvent>,
    IConsumer<EntityDeletedEvent<Customer>>,
    IConsumer<CustomerPermanentlyDeleted>,
    IConsumer<EmailSubscribedEvent>,
    IConsumer<EmailUnsubscribedEvent>
{
    private readonly AbandonedCartService _abandonedCartService;
    private readonly CustomerCategoryService _categoryService;
    private readonly CustomerProfileService _profileService;
    private readonly SegmentEvaluationService _segmentService;
    private readonly TimeProvider _time;

    public ProfileEventConsumer(AbandonedCartService abandonedCartService,
        CustomerCategoryService categoryService, CustomerProfileService profileService,
        SegmentEvaluationService segmentService, TimeProvider time)
    {
        _abandonedCartService = abandonedCartService;
        _categoryService = categoryService;
        _profileService = profileService;
        _segmentService = segmentService;
        _time = time;
    }

    /// <summary>The customer's profiles, then their segments: the order that crosses a bar counts at once.</summary>
    private async Task RefreshAsync(int customerId)
    {
        if (customerId <= 0)
            return;

        var now = _time.GetUtcNow().UtcDateTime;
        var profiles = await _profileService.RefreshCustomerAsync(customerId, now);
        await ConcurrentWrites.RetryAsync(() => _segmentService.EvaluateCustomerAsync(customerId, now, profiles));
    }

    /// <summary>
    /// Orders change the categories bought and the profile; carts only the profile. Categories first, so a segment on
    /// the customer's top categories counts this order too.
    /// </summary>
    private async Task RefreshOrdersAsync(Order order)
    {
        if (order.CustomerId > 0)
            await _categoryService.RefreshCustomerAsync(order.CustomerId);
        await RefreshAsync(order.CustomerId);
    }

    /// <summary>The order recovers an abandoned cart (used offer) before the segments are decided, so the offer's segment is left at once.</summary>
    public async Task HandleEventAsync(OrderPlacedEvent eventMessage)
    {
        await _abandonedCartService.RecoverAsync(eventMessage.Order, _time.GetUtcNow().UtcDateTime);
        await RefreshOrdersAsync(eventMessage.Order);
    }

    public Task HandleEventAsync(OrderPaidEvent eventMessage) => RefreshOrdersAsync(eventMessage.Order);

    /// <summary>Also how a cancellation arrives: nopCommerce has no separate cancel event.</summary>
    public Task HandleEventAsync(OrderStatusChangedEvent eventMessage) => RefreshOrdersAsync(eventMessage.Order);

    public Task HandleEventAsync(OrderRefundedEvent eventMessage) => RefreshOrdersAsync(eventMessage.Order);

    public Task HandleEventAsync(EntityDeletedEvent<Order> eventMessage) => RefreshOrdersAsync(eventMessage.Entity);

    public Task HandleEventAsync(EntityInsertedEvent<ShoppingCartItem> eventMessage) => RefreshCartAsync(eventMessage.Entity);

    public Task HandleEventAsync(EntityUpdatedEvent<ShoppingCartItem> eventMessage) => RefreshCartAsync(eventMessage.Entity);

    public Task HandleEventAsync(EntityDeletedEvent<ShoppingCartItem> eventMessage) => RefreshCartAsync(eventMessage.Entity);

    /// <summary>Placing an order clears the cart without entity events; this is the one that tells.</summary>
    public async Task HandleEventAsync(ClearShoppingCartEvent eventMessage)
    {
        foreach (var customerId in eventMessage.Cart.Select(item => item.CustomerId).Distinct())
            await RefreshAsync(customerId);
    }

    /// <summary>
    /// A guest who signs in has had their cart moved to the account: the account gets the cart, the guest loses it
    /// (and with it, a guest without orders, their profile).
    /// </summary>
    public async Task HandleEventAsync(CustomerLoggedinEvent eventMessage)
    {
        await RefreshAsync(eventMessage.Customer.Id);
        if (eventMessage.GuestCustomer != null && eventMessage.GuestCustomer.Id != eventMessage.Customer.Id)
            await RefreshAsync(eventMessage.GuestCustomer.Id);
    }

    /// <summary>
    /// Registration turns the guest row into the account (same id): a registered customer always has profiles, so the
    /// new account gets them (a prospect without orders) and enters its segments at once.
    /// </summary>
    public Task HandleEventAsync(CustomerRegisteredEvent eventMessage) => RefreshAsync(eventMessage.Customer.Id);

    public Task HandleEventAsync(EmailSubscribedEvent eventMessage) => RefreshSubscriberAsync(eventMessage.Subscription);

    public Task HandleEventAsync(EmailUnsubscribedEvent eventMessage) => RefreshSubscriberAsync(eventMessage.Subscription);

    /// <summary>A subscription names an address, not a customer: the customers with profiles under that address.</summary>
    private async Task RefreshSubscriberAsync(NewsLetterSubscription subscription)
    {
        foreach (var customerId in await _profileService.CustomersWithEmailAsync(subscription?.Email))
            await RefreshAsync(customerId);
    }

    public Task HandleEventAsync(EntityDeletedEvent<Customer> eventMessage) => DeleteAsync(eventMessage.Entity.Id);

    public Task HandleEventAsync(CustomerPermanentlyDeleted eventMessage) => DeleteAsync(eventMessage.CustomerId);

    private async Task DeleteAsync(int customerId)
    {
        await _profileService.DeleteCustomerAsync(customerId);
        await _categoryService.DeleteCustomerAsync(customerId);
        await _abandonedCartService.DeleteCustomerAsync(customerId);
        // without profiles the customer leaves every rule segment, with a movement to say so
        await _segmentService.EvaluateCustomerAsync(customerId, _time.GetUtcNow().UtcDateTime);
    }

    // a wishlist change changes nothing the profile holds, so it costs nothing
    private Task RefreshCartAsync(ShoppingCartItem item) =>
        item.ShoppingCartType == ShoppingCartType.ShoppingCart ? RefreshAsync(item.CustomerId) : Task.CompletedTask;
}
