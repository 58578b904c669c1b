using Nop.Core;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Models.Admin;
using Nop.Plugin.Misc.Segmentation.Services.Analytics;
using Nop.Services.Catalog;
using Nop.Services.Common;
using Nop.Services.Helpers;
using Nop.Services.Localization;
using Nop.Services.Stores;

namespace Nop.Plugin.Misc.Segmentation.Factories;

/// <summary>Builds the models of the plugin's blocks inside nopCommerce's own admin pages: the home page block and the customer panel.</summary>
public class AnalyticsWidgetModelFactory
{
    /// <summary>Whole days, today included, that the home block's cart figures cover.</summary>
    public const int CartDays = 30;

    /// <summary>The owner's choice to fold the home block away, kept as nopCommerce keeps its own cards'.</summary>
    public const string DashboardBlockHideAttribute = "HomePage.HideSegmentationBlock";

    /// <summary>The owner's choice to fold the customer panel away (nopCommerce's card script saves it under this name).</summary>
    public const string CustomerPanelHideAttribute = "CustomerPage.HideSegmentationBlock";

    private static readonly IReadOnlyDictionary<AbandonedCartStatus, string> StatusKeys = new Dictionary<AbandonedCartStatus, string>
    {
        [AbandonedCartStatus.Open] = "CustomerPanel.CartStatus.Open", [AbandonedCartStatus.Recovered] = "CustomerPanel.CartStatus.Recovered",
        [AbandonedCartStatus.Emptied] = "CustomerPanel.CartStatus.Emptied", [AbandonedCartStatus.Expired] = "CustomerPanel.CartStatus.Expired"
    };

    private readonly AbandonedCartReportService _cartReportService;
    private readonly CustomerInsightService _insightService;
    private readonly IDateTimeHelper _dateTimeHelper;
    private readonly IGenericAttributeService _genericAttributeService;
    private readonly ILocalizationService _localizationService;
    private readonly IPriceFormatter _priceFormatter;
    private readonly IStoreService _storeService;
    private readonly IWorkContext _workContext;
    private readonly PredictionReportService _predictionReportService;
    private readonly TimeProvider _time;

    public AnalyticsWidgetModelFactory(AbandonedCartReportService cartReportService,
        CustomerInsightService insightService,
        IDateTimeHelper dateTimeHelper,
        IGenericAttributeService genericAttributeService,
        ILocalizationService localizationService,
        IPriceFormatter priceFormatter,
        IStoreService storeService,
        IWorkContext workContext,
        PredictionReportService predictionReportService,
        TimeProvider time)
    {
        _cartReportService = cartReportService;
        _insightService = insightService;
        _dateTimeHelper = dateTimeHelper;
        _genericAttributeService = genericAttributeService;
        _localizationService = localizationService;
        _priceFormatter = priceFormatter;
        _storeService = storeService;
        _workContext = workContext;
        _predictionReportService = predictionReportService;
        _time = time;
    }

    /// <summary>All stores' figures: profiled customers, revenue expected in 12 months, carts of the last <see cref="CartDays"/> days recovered, valuable customers at risk.</summary>
    public async Task<DashboardBlockModel> PrepareDashboardBlockModelAsync()
    {
        var summary = await _predictionReportService.GetSummaryAsync(0);

        // whole days in the owner's time zone, so the figure (and its cache entry) holds for the day
        var timeZone = await _dateTimeHelper.GetCurrentTimeZoneAsync();
        var today = _dateTimeHelper.ConvertToUserTime(_time.GetUtcNow().UtcDateTime, TimeZoneInfo.Utc, timeZone).Date;
        DateTime Utc(DateTime day) => _dateTimeHelper.ConvertToUtcTime(DateTime.SpecifyKind(day, DateTimeKind.Unspecified), timeZone);
        var funnel = await _cartReportService.GetFunnelAsync(0, Utc(today.AddDays(1 - CartDays)), Utc(today.AddDays(1)));

        return new DashboardBlockModel
        {
            Collapsed = await HiddenAsync(DashboardBlockHideAttribute),
            ProfiledCustomers = summary.ProfiledCustomers,
            CustomersWithOrders = summary.CustomersWithOrders,
            ExpectedRevenue = await _priceFormatter.FormatPriceAsync(summary.ExpectedRevenueNextYear),
            PredictedCustomers = summary.CustomersPredicted,
            CartDays = CartDays,
            DetectedCarts = funnel.Detected,
            RecoveredCarts = funnel.Recovered,
            RecoveredRevenue = await _priceFormatter.FormatPriceAsync(funnel.RecoveredRevenue),
            ValuableAtRisk = summary.ValuableCustomersAtRisk
        };
    }

    /// <summary>The panel of a customer; null for a customer not saved yet (id 0).</summary>
    public async Task<CustomerPanelModel> PrepareCustomerPanelModelAsync(int customerId)
    {
        var insight = await _insightService.GetAsync(customerId);
        if (insight == null)
            return null;

        var model = new CustomerPanelModel
        {
            CustomerId = customerId,
            Collapsed = await HiddenAsync(CustomerPanelHideAttribute),
            HasData = !insight.IsEmpty,
            MovementCount = insight.MovementCount
        };
        if (insight.IsEmpty)
            return model;

        var stores = (await _storeService.GetAllStoresAsync()).ToDictionary(s => s.Id, s => s.Name);
        var allStores = await ResourceAsync("Segments.AllStores");
        string StoreName(int storeId) => storeId == 0 ? allStores : stores.GetValueOrDefault(storeId) ?? $"#{storeId}";
        Task<DateTime> UserTimeAsync(DateTime utc) => _dateTimeHelper.ConvertToUserTimeAsync(utc, DateTimeKind.Utc);

        foreach (var segment in insight.Segments)
            model.Segments.Add(new CustomerPanelSegmentModel
            {
                Id = segment.SegmentId,
                Name = segment.Name,
                Active = segment.Active,
                StoreName = StoreName(segment.StoreId),
                MemberSince = await UserTimeAsync(segment.MemberSinceUtc)
            });

        foreach (var profile in insight.Profiles)
        {
            var predicted = profile.ExpectedNextOrderUtc != null;
            model.Profiles.Add(new CustomerPanelProfileModel
            {
                StoreId = profile.StoreId,
                StoreName = StoreName(profile.StoreId),
                Orders = profile.OrdersCount,
                Spent = await _priceFormatter.FormatPriceAsync(profile.AmountSpent),
                LastOrder = profile.LastOrderDateUtc is { } last ? await UserTimeAsync(DateTime.SpecifyKind(last, DateTimeKind.Utc)) : null,
                Recency = profile.RecencyScore,
                Frequency = profile.FrequencyScore,
                Monetary = profile.MonetaryScore,
                RfmGroup = profile.RfmGroup == RfmGroup.None ? string.Empty : await _localizationService.GetLocalizedEnumAsync(profile.RfmGroup),
                Lifecycle = await _localizationService.GetLocalizedEnumAsync(profile.LifecycleStage),
                // the dashboard's names for the tiers, so both pages say the same
                UsageTier = await _localizationService.GetLocalizedEnumAsync(profile.UsageTier),
                HasPrediction = predicted,
                ChurnProbability = profile.ChurnProbability,
                ExpectedNextOrder = predicted ? await UserTimeAsync(DateTime.SpecifyKind(profile.ExpectedNextOrderUtc.Value, DateTimeKind.Utc)) : null,
                PredictedValue = predicted ? await _priceFormatter.FormatPriceAsync(profile.PredictedLifetimeValue) : string.Empty
            });
        }

        var now = _time.GetUtcNow().UtcDateTime;
        foreach (var cart in insight.Carts)
        {
            var cartModel = new CustomerPanelCartModel
            {
                Id = cart.Id,
                StoreName = StoreName(cart.StoreId),
                StatusId = (int)cart.Status,
                Status = StatusKeys.TryGetValue(cart.Status, out var status) ? await ResourceAsync(status) : cart.Status.ToString(),
                CartValue = await _priceFormatter.FormatPriceAsync(cart.CartValue),
                CartItems = cart.CartItems,
                DetectedOn = await UserTimeAsync(cart.DetectedOnUtc),
                OfferExpiresOn = await UserTimeAsync(cart.OfferExpiresOnUtc),
                OfferValid = cart.Status == AbandonedCartStatus.Open && cart.OfferExpiresOnUtc > now,
                RecoveredOrderId = cart.RecoveredOrderId,
                RecoveredAmount = cart.Status == AbandonedCartStatus.Recovered ? await _priceFormatter.FormatPriceAsync(cart.RecoveredAmount) : string.Empty,
                ClosedOn = cart.ClosedOnUtc is { } closed ? await UserTimeAsync(closed) : null
            };
            foreach (var reminder in cart.Reminders)
                cartModel.Reminders.Add(new CustomerPanelReminderModel { Number = reminder.Number, SentOn = await UserTimeAsync(reminder.SentOnUtc) });
            model.Carts.Add(cartModel);
        }

        var entered = await _localizationService.GetLocalizedEnumAsync(SegmentMovementType.Entered);
        var left = await _localizationService.GetLocalizedEnumAsync(SegmentMovementType.Left);
        // reasons are stored as codes; one the plugin does not know (an older version's) is shown as it is
        var reasons = new Dictionary<string, string>();
        foreach (var (code, key) in MovementReasons.ResourceKeys)
            reasons[code] = await _localizationService.GetResourceAsync(MovementReasons.ResourcePrefix + key);
        foreach (var movement in insight.Movements)
            model.Movements.Add(new CustomerPanelMovementModel
            {
                SegmentId = movement.SegmentId,
                SegmentName = movement.SegmentName,
                Entered = movement.Type == SegmentMovementType.Entered,
                Direction = movement.Type == SegmentMovementType.Entered ? entered : left,
                Reason = movement.Reason != null && reasons.TryGetValue(movement.Reason, out var reason) ? reason : movement.Reason,
                CreatedOn = await UserTimeAsync(movement.CreatedOnUtc)
            });

        return model;
    }

    private async Task<bool> HiddenAsync(string attribute) =>
        await _genericAttributeService.GetAttributeAsync<bool>(await _workContext.GetCurrentCustomerAsync(), attribute);

    private Task<string> ResourceAsync(string key) => _localizationService.GetResourceAsync(SegmentationDefaults.ResourcePrefix + key);
}
