using System.Globalization;
using Microsoft.AspNetCore.Mvc.Rendering;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Models.Admin;
using Nop.Plugin.Misc.Segmentation.Services.Analytics;
using Nop.Plugin.Misc.Segmentation.Services.Profiles;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Services.Catalog;
using Nop.Services.Helpers;
using Nop.Services.Localization;
using Nop.Services.Stores;
using Nop.Web.Framework.Models.Extensions;

namespace Nop.Plugin.Misc.Segmentation.Factories;

/// <summary>
/// A period the owner picked: whole days in their time zone, and the UTC instants they start and end at (the end
/// exclusive: the start of the day after the last).
/// </summary>
public record DashboardPeriod(DateTime FromDay, DateTime ToDay, DateTime FromUtc, DateTime ToUtc);

/// <summary>Builds the dashboard's models: checks the filters, reads each section's figures and formats them for the owner.</summary>
public class SegmentDashboardModelFactory
{
    /// <summary>The days a period may start and end on: what every engine nopCommerce runs on can compare.</summary>
    public static readonly DateTime FirstDay = new(1753, 1, 1);

    public static readonly DateTime LastDay = new(9999, 12, 30);

    private const string DayFormat = "yyyy-MM-dd";

    private readonly AbandonedCartReportService _cartReportService;
    private readonly AnalyticsPeriodService _periodService;
    private readonly IDateTimeHelper _dateTimeHelper;
    private readonly ILocalizationService _localizationService;
    private readonly IPriceFormatter _priceFormatter;
    private readonly IRepository<Segment> _segmentRepository;
    private readonly IStoreService _storeService;
    private readonly PredictionReportService _predictionReportService;
    private readonly SegmentDashboardService _dashboardService;
    private readonly TimeProvider _time;

    public SegmentDashboardModelFactory(AbandonedCartReportService cartReportService,
        AnalyticsPeriodService periodService,
        IDateTimeHelper dateTimeHelper,
        ILocalizationService localizationService,
        IPriceFormatter priceFormatter,
        IRepository<Segment> segmentRepository,
        IStoreService storeService,
        PredictionReportService predictionReportService,
        SegmentDashboardService dashboardService,
        TimeProvider time)
    {
        _cartReportService = cartReportService;
        _periodService = periodService;
        _dateTimeHelper = dateTimeHelper;
        _localizationService = localizationService;
        _priceFormatter = priceFormatter;
        _segmentRepository = segmentRepository;
        _storeService = storeService;
        _predictionReportService = predictionReportService;
        _dashboardService = dashboardService;
        _time = time;
    }

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    private static CultureInfo Culture => CultureInfo.CurrentCulture;

    private Task<string> ResourceAsync(string key) => _localizationService.GetResourceAsync(SegmentationDefaults.ResourcePrefix + key);

    private static string Count(int value) => value.ToString("N0", Culture);

    #region Filters

    /// <summary>Whether the store is "all stores" (0) or one of the shop's.</summary>
    public async Task<bool> StoreExistsAsync(int storeId) => storeId == 0 || await _storeService.GetStoreByIdAsync(storeId) != null;

    /// <summary>
    /// The period picked: one of the offered last-days periods (<paramref name="days"/>, see
    /// <see cref="AnalyticsPeriodService"/>), or with <paramref name="days"/> 0 the owner's "from" and "to" days
    /// (yyyy-MM-dd in their time zone; an empty "to" is today, an empty "from" the <see cref="AnalyticsPeriodService.DefaultDays"/> days up to
    /// "to"). Without <paramref name="days"/>, days given mean other days and none the default period. Or why it is refused.
    /// </summary>
    public async Task<(DashboardPeriod Period, IList<string> Errors)> ParsePeriodAsync(int? days, string from, string to)
    {
        var errors = new List<string>();
        var picked = AnalyticsPeriodService.Picked(days, from, to);
        if (picked != AnalyticsPeriodService.OtherDays)
        {
            var (offered, refusal) = await _periodService.OfferedAsync(picked, Now);
            if (refusal != null)
            {
                errors.Add(refusal);
                return (null, errors);
            }

            return (new DashboardPeriod(offered.FromDay, offered.ToDay, offered.FromUtc, offered.ToUtc), errors);
        }

        var today = (await _dateTimeHelper.ConvertToUserTimeAsync(Now, DateTimeKind.Utc)).Date;

        async Task<DateTime?> DayOf(string text, DateTime fallback)
        {
            if (string.IsNullOrWhiteSpace(text))
                return fallback;
            if (DateTime.TryParseExact(text.Trim(), DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day >= FirstDay && day <= LastDay)
                return day;
            errors.Add(string.Format(await ResourceAsync("Dashboard.Error.BadDay"), text, FirstDay.ToString(DayFormat, CultureInfo.InvariantCulture),
                LastDay.ToString(DayFormat, CultureInfo.InvariantCulture)));
            return null;
        }

        var toDay = await DayOf(to, today);
        var fromDay = await DayOf(from, (toDay ?? today).AddDays(1 - AnalyticsPeriodService.DefaultDays));
        if (fromDay is not { } first || toDay is not { } last)
            return (null, errors);
        if (first > last)
        {
            errors.Add(string.Format(await ResourceAsync("Dashboard.Error.FromAfterTo"), first.ToString("d", Culture), last.ToString("d", Culture)));
            return (null, errors);
        }

        var timeZone = await _dateTimeHelper.GetCurrentTimeZoneAsync();
        DateTime ToUtc(DateTime day) => _dateTimeHelper.ConvertToUtcTime(DateTime.SpecifyKind(day, DateTimeKind.Unspecified), timeZone);
        return (new DashboardPeriod(first, last, ToUtc(first), ToUtc(last.AddDays(1))), errors);
    }

    private async Task<List<SelectListItem>> StoreItemsAsync(int selected)
    {
        var items = new List<SelectListItem> { new(await ResourceAsync("Segments.AllStores"), "0", selected == 0) };
        items.AddRange((await _storeService.GetAllStoresAsync())
            .Select(s => new SelectListItem(s.Name, s.Id.ToString(CultureInfo.InvariantCulture), s.Id == selected)));
        return items;
    }

    #endregion

    #region Dashboard

    /// <summary>
    /// The page for the filters given; when a filter is refused (unknown store or segment, a day that is no date, from
    /// after to) the page says why and shows no figures.
    /// </summary>
    public async Task<DashboardModel> PrepareDashboardModelAsync(int storeId, int? days, string from, string to, IList<int> segmentIds, bool canViewCustomers)
    {
        var model = new DashboardModel
        {
            StoreId = storeId,
            From = from,
            To = to,
            Culture = Culture.Name,
            CanViewCustomers = canViewCustomers,
            AvailableStores = await StoreItemsAsync(storeId)
        };
        model.HideStoresList = model.AvailableStores.Count <= 2;

        var segments = await _segmentRepository.Table.Where(s => s.Active).OrderBy(s => s.Name)
            .Select(s => new { s.Id, s.Name, s.SystemName }).ToListAsync();
        var requested = (segmentIds ?? []).Where(id => id > 0).Distinct().ToList();
        var unknown = requested.Where(id => segments.All(s => s.Id != id)).ToList();
        // by default the built-in RFM groups, which no customer is in two of at once
        var chosen = requested.Count > 0
            ? requested
            : segments.Where(s => SegmentDashboardService.IsDefaultFlowSegment(s.SystemName)).Select(s => s.Id).ToList();
        model.SegmentIds = chosen;
        model.AvailableSegments = segments.Select(s => new SelectListItem(s.Name, s.Id.ToString(CultureInfo.InvariantCulture), chosen.Contains(s.Id))).ToList();

        if (!await StoreExistsAsync(storeId))
            model.Errors.Add(string.Format(await ResourceAsync("Dashboard.Error.UnknownStore"), storeId));
        if (unknown.Count > 0)
            model.Errors.Add(string.Format(await ResourceAsync("Dashboard.Error.UnknownSegments"), string.Join(", ", unknown)));
        var (period, errors) = await ParsePeriodAsync(days, from, to);
        model.Days = AnalyticsPeriodService.Picked(days, from, to);
        model.AvailablePeriods = await _periodService.PeriodItemsAsync(model.Days);
        foreach (var error in errors)
            model.Errors.Add(error);
        if (model.Errors.Count > 0)
            return model;

        model.From = period.FromDay.ToString(DayFormat, CultureInfo.InvariantCulture);
        model.To = period.ToDay.ToString(DayFormat, CultureInfo.InvariantCulture);
        model.PeriodText = $"{period.FromDay.ToString("d", Culture)} – {period.ToDay.ToString("d", Culture)}";
        model.Rfm = await PrepareRfmModelAsync(storeId, canViewCustomers);
        model.Distribution = await PrepareDistributionModelAsync(storeId, period);
        model.SegmentSizes = await PrepareSegmentSizesAsync(storeId, period);
        model.Flows = await PrepareFlowsModelAsync(chosen, segments.ToDictionary(s => s.Id, s => s.Name), period);
        model.Carts = await PrepareCartsModelAsync(storeId, period);
        model.Predictions = await PreparePredictionsModelAsync(storeId);
        model.OfferSearchModel = new DashboardOfferSearchModel { StoreId = storeId };
        model.OfferSearchModel.SetGridPageSize();
        model.AtRiskSearchModel = new DashboardAtRiskSearchModel { StoreId = storeId };
        model.AtRiskSearchModel.SetGridPageSize();
        return model;
    }

    public static string CellUrl(int storeId, int recency, int frequency) =>
        $"~/Admin/SegmentDashboard/RfmCell?storeId={storeId}&recency={recency}&frequency={frequency}";

    public async Task<DashboardRfmModel> PrepareRfmModelAsync(int storeId, bool withLinks)
    {
        var grid = await _dashboardService.GetRfmGridAsync(storeId);
        var model = new DashboardRfmModel
        {
            Customers = grid.Customers,
            CustomersText = Count(grid.Customers),
            CellUrlPattern = withLinks ? CellUrl(storeId, 0, 0).Replace("recency=0", "recency={recency}").Replace("frequency=0", "frequency={frequency}") : null,
            Note = grid.RecencyCuts.Length == 4 && grid.FrequencyCuts.Length == 4 ? null : await ResourceAsync("Dashboard.Rfm.NoStatistics")
        };
        for (var recency = 5; recency >= 1; recency--)
            for (var frequency = 1; frequency <= 5; frequency++)
            {
                var figure = grid.Cells.FirstOrDefault(c => c.Recency == recency && c.Frequency == frequency);
                model.Cells.Add(await PrepareCellAsync(storeId, recency, frequency, figure, grid, withLinks));
            }

        return model;
    }

    private async Task<DashboardRfmCellModel> PrepareCellAsync(int storeId, int recency, int frequency, RfmCellFigure figure, RfmGridFigures grid, bool withLink)
    {
        var customers = figure?.Customers ?? 0;
        var share = grid.Customers == 0 ? 0 : Math.Round((decimal)customers / grid.Customers, 4);
        var group = ProfileCalculator.GroupOf(recency, frequency);
        var cell = new DashboardRfmCellModel
        {
            Recency = recency,
            Frequency = frequency,
            Customers = customers,
            CustomersText = Count(customers),
            Share = share,
            ShareText = ShareText(share),
            AverageMonetary = customers == 0 ? null : Math.Round((decimal)figure.MonetarySum / customers, 2),
            GroupId = (int)group,
            Group = await _localizationService.GetLocalizedEnumAsync(group),
            Url = withLink ? CellUrl(storeId, recency, frequency) : null
        };
        cell.AverageMonetaryText = cell.AverageMonetary?.ToString("0.0", Culture) ?? string.Empty;

        var (recencyPossible, recencyText) = await DescribeRecencyAsync(recency, grid.RecencyCuts);
        var (frequencyPossible, frequencyText) = await DescribeFrequencyAsync(frequency, grid.FrequencyCuts);
        cell.Possible = recencyPossible && frequencyPossible;
        var who = !cell.Possible && customers == 0
            ? await ResourceAsync("Dashboard.Rfm.Impossible")
            : string.Format(await ResourceAsync(customers == 1 ? "Dashboard.Rfm.OneCustomer" : "Dashboard.Rfm.Customers"), cell.CustomersText, cell.ShareText);
        cell.Description = string.Join(" · ", recencyText, frequencyText, who);
        return cell;
    }

    private static string ShareText(decimal share) => share > 0 && share < 0.01m ? share.ToString("P1", Culture) : share.ToString("P0", Culture);

    /// <summary>
    /// The whole days since the last order that give a recency score with these cut points (a score is 5 minus the cut
    /// points below the days, see <see cref="ProfileCalculator.ScoreLowerIsBetter"/>); null upper bound: no limit.
    /// Without the four cut points every score is possible and has no range.
    /// </summary>
    public static (int Low, int? High)? RecencyRange(int score, decimal[] cuts)
    {
        if (cuts.Length != 4)
            return (0, null);
        var below = 5 - score;
        var low = below == 0 ? 0 : (int)Math.Floor(cuts[below - 1]) + 1;
        int? high = below == 4 ? null : (int)Math.Floor(cuts[below]);
        return high < low ? null : (low, high);
    }

    /// <summary>The numbers of orders that give a frequency score (one plus the cut points below, see <see cref="ProfileCalculator.ScoreHigherIsBetter"/>).</summary>
    public static (int Low, int? High)? FrequencyRange(int score, decimal[] cuts)
    {
        if (cuts.Length != 4)
            return (1, null);
        var below = score - 1;
        var low = below == 0 ? 1 : (int)Math.Floor(cuts[below - 1]) + 1;
        int? high = below == 4 ? null : (int)Math.Floor(cuts[below]);
        return high < low ? null : (low, high);
    }

    private async Task<(bool Possible, string Text)> DescribeRecencyAsync(int score, decimal[] cuts)
    {
        if (cuts.Length != 4)
            return (true, $"R {score}");
        return RecencyRange(score, cuts) switch
        {
            null => (false, string.Format(await ResourceAsync("Dashboard.Rfm.RecencyNone"), score)),
            (var low, null) => (true, string.Format(await ResourceAsync("Dashboard.Rfm.RecencyAtLeast"), score, Count(low))),
            (0, 0) => (true, string.Format(await ResourceAsync("Dashboard.Rfm.RecencyToday"), score)),
            (1, 1) => (true, string.Format(await ResourceAsync("Dashboard.Rfm.RecencyOneDay"), score)),
            var (low, high) when low == high => (true, string.Format(await ResourceAsync("Dashboard.Rfm.RecencyDays"), score, Count(low))),
            var (low, high) => (true, string.Format(await ResourceAsync("Dashboard.Rfm.RecencyRange"), score, Count(low), Count(high.Value)))
        };
    }

    private async Task<(bool Possible, string Text)> DescribeFrequencyAsync(int score, decimal[] cuts)
    {
        if (cuts.Length != 4)
            return (true, $"F {score}");
        return FrequencyRange(score, cuts) switch
        {
            null => (false, string.Format(await ResourceAsync("Dashboard.Rfm.FrequencyNone"), score)),
            (var low, null) => (true, string.Format(await ResourceAsync("Dashboard.Rfm.FrequencyAtLeast"), score, Count(low))),
            (1, 1) => (true, string.Format(await ResourceAsync("Dashboard.Rfm.FrequencyOne"), score)),
            var (low, high) when low == high => (true, string.Format(await ResourceAsync("Dashboard.Rfm.FrequencyOrders"), score, Count(low))),
            var (low, high) => (true, string.Format(await ResourceAsync("Dashboard.Rfm.FrequencyRange"), score, Count(low), Count(high.Value)))
        };
    }

    public async Task<DashboardDistributionModel> PrepareDistributionModelAsync(int storeId, DashboardPeriod period)
    {
        // snapshot days are UTC days: the one of the period's first day, or the nearest after it
        var figures = await _dashboardService.GetDistributionAsync(storeId, period.FromDay);
        var model = new DashboardDistributionModel { HasStart = figures.StartDayUtc != null };
        model.StartText = figures.StartDayUtc switch
        {
            null => string.Format(await ResourceAsync("Dashboard.Distribution.NoSnapshot"), period.FromDay.ToString("d", Culture)),
            { } day when day > period.FromDay => string.Format(await ResourceAsync("Dashboard.Distribution.LaterSnapshot"),
                period.FromDay.ToString("d", Culture), day.ToString("d", Culture)),
            { } day => string.Format(await ResourceAsync("Dashboard.Distribution.Snapshot"), day.ToString("d", Culture))
        };

        async Task<DashboardDimensionModel> DimensionAsync<TEnum>(ProfileDimension dimension, string key, string title) where TEnum : struct, Enum
        {
            var result = new DashboardDimensionModel { Key = key, Title = await ResourceAsync(title) };
            foreach (var value in Enum.GetValues<TEnum>())
            {
                var id = Convert.ToInt32(value, CultureInfo.InvariantCulture);
                var now = figures.Now.Where(c => c.Dimension == dimension && c.Value == id).Sum(c => c.Customers);
                int? start = model.HasStart ? figures.Start.Where(c => c.Dimension == dimension && c.Value == id).Sum(c => c.Customers) : null;
                result.Rows.Add(new DashboardDimensionRowModel(id, await _localizationService.GetLocalizedEnumAsync(value), now, start, Count(now),
                    start is { } s ? Count(s) : "—"));
            }

            return result;
        }

        model.Dimensions.Add(await DimensionAsync<LifecycleStage>(ProfileDimension.Lifecycle, "lifecycle", "Dashboard.Distribution.Lifecycle"));
        model.Dimensions.Add(await DimensionAsync<UsageTier>(ProfileDimension.UsageTier, "tier", "Dashboard.Distribution.Tiers"));
        return model;
    }

    public async Task<IList<DashboardSegmentSizeModel>> PrepareSegmentSizesAsync(int storeId, DashboardPeriod period)
    {
        var sizes = await _dashboardService.GetSegmentSizesAsync(storeId, period.FromDay);
        return sizes.Select(s => new DashboardSegmentSizeModel
        {
            SegmentId = s.SegmentId,
            Name = s.Name,
            Members = s.Members,
            MembersText = Count(s.Members),
            StartMembers = s.StartMembers,
            StartMembersText = s.StartMembers is { } start ? Count(start) : "—",
            StartDayText = s.StartDayUtc?.ToString("d", Culture) ?? string.Empty,
            Growth = s.Growth,
            GrowthText = s.Growth?.ToString("+#,0;−#,0;0", Culture) ?? "—",
            GrowthRateText = s.GrowthRate?.ToString("+0.0%;−0.0%;0%", Culture) ?? "—"
        }).ToList();
    }

    public async Task<DashboardFlowsModel> PrepareFlowsModelAsync(IList<int> segmentIds, IReadOnlyDictionary<int, string> names, DashboardPeriod period)
    {
        var model = new DashboardFlowsModel();
        if (segmentIds.Count == 0)
        {
            model.Note = await ResourceAsync("Dashboard.Flows.NoSegments");
            return model;
        }

        var flows = await _dashboardService.GetFlowsAsync(segmentIds.ToList(), period.FromUtc, period.ToUtc);
        var none = await ResourceAsync("Dashboard.Flows.None");
        var startFormat = await ResourceAsync("Dashboard.Flows.Start");
        var endFormat = await ResourceAsync("Dashboard.Flows.End");
        string NameOf(int id) => id == 0 ? none : names.GetValueOrDefault(id) ?? $"#{id}";
        foreach (var flow in flows.Where(f => f.Customers > 0).OrderByDescending(f => f.Customers))
        {
            var (from, to) = ($"s{flow.FromSegmentId}", $"e{flow.ToSegmentId}");
            model.Labels[from] = string.Format(startFormat, NameOf(flow.FromSegmentId));
            model.Labels[to] = string.Format(endFormat, NameOf(flow.ToSegmentId));
            model.Flows.Add(new DashboardFlowModel(from, to, flow.Customers, Count(flow.Customers)));
        }

        if (model.Flows.Count == 0)
            model.Note = await ResourceAsync("Dashboard.Flows.Empty");
        return model;
    }

    public async Task<DashboardCartsModel> PrepareCartsModelAsync(int storeId, DashboardPeriod period)
    {
        var funnel = await _dashboardService.GetCartFunnelAsync(storeId, period.FromUtc, period.ToUtc);
        var model = new DashboardCartsModel
        {
            RecoveryRateText = funnel.RecoveryRate.ToString("P1", Culture),
            RecoveredRevenueText = await _priceFormatter.FormatPriceAsync(funnel.RecoveredRevenue),
            StillOpenText = Count(funnel.StillOpen),
            ExpiredText = Count(funnel.Expired),
            EmptiedText = Count(funnel.Emptied)
        };
        model.Steps.Add(new DashboardFunnelStepModel(await ResourceAsync("Dashboard.Carts.Detected"), funnel.Detected, Count(funnel.Detected)));
        var reminded = await ResourceAsync("Dashboard.Carts.Reminded");
        for (var i = 0; i < (funnel.RemindedByNumber?.Count ?? 0); i++)
            model.Steps.Add(new DashboardFunnelStepModel(string.Format(reminded, i + 1), funnel.RemindedByNumber[i], Count(funnel.RemindedByNumber[i])));
        model.Steps.Add(new DashboardFunnelStepModel(await ResourceAsync("Dashboard.Carts.Recovered"), funnel.Recovered, Count(funnel.Recovered)));
        return model;
    }

    public async Task<DashboardPredictionsModel> PreparePredictionsModelAsync(int storeId)
    {
        var summary = await _dashboardService.GetPredictionSummaryAsync(storeId);
        return new DashboardPredictionsModel
        {
            ExpectedRevenueText = await _priceFormatter.FormatPriceAsync(summary.ExpectedRevenueNextYear),
            CustomersPredictedText = Count(summary.CustomersPredicted),
            AverageChurnText = summary.AverageChurnProbability.ToString("P0", Culture),
            ValuableAtRiskText = Count(summary.ValuableCustomersAtRisk)
        };
    }

    #endregion

    #region Lists

    /// <summary>One cell's page; null when the scores are not 1..5 or the store does not exist.</summary>
    public async Task<RfmCellPageModel> PrepareRfmCellPageModelAsync(int storeId, int recency, int frequency)
    {
        if (recency is < 1 or > 5 || frequency is < 1 or > 5 || !await StoreExistsAsync(storeId))
            return null;

        var rfm = await PrepareRfmModelAsync(storeId, false);
        var cell = rfm.Cells.Single(c => c.Recency == recency && c.Frequency == frequency);
        var model = new RfmCellPageModel
        {
            StoreId = storeId,
            StoreName = storeId == 0 ? await ResourceAsync("Segments.AllStores") : (await _storeService.GetStoreByIdAsync(storeId)).Name,
            Recency = recency,
            Frequency = frequency,
            Group = cell.Group,
            Description = cell.Description,
            SearchModel = new RfmCellSearchModel { StoreId = storeId, Recency = recency, Frequency = frequency }
        };
        model.SearchModel.SetGridPageSize();
        return model;
    }

    public async Task<RfmCellMemberListModel> PrepareRfmCellMemberListModelAsync(RfmCellSearchModel searchModel)
    {
        ArgumentNullException.ThrowIfNull(searchModel);
        var members = await _dashboardService.GetCellMembersAsync(searchModel.StoreId, searchModel.Recency, searchModel.Frequency,
            searchModel.Page - 1, searchModel.PageSize);
        var models = new List<RfmCellMemberModel>();
        foreach (var member in members)
            models.Add(new RfmCellMemberModel
            {
                CustomerId = member.CustomerId,
                Email = member.Email,
                Recency = member.Recency,
                Frequency = member.Frequency,
                Monetary = member.Monetary,
                Orders = member.Orders,
                Spent = await _priceFormatter.FormatPriceAsync(member.Spent),
                LastOrderOn = member.LastOrderUtc is { } last ? await _dateTimeHelper.ConvertToUserTimeAsync(last, DateTimeKind.Utc) : null
            });
        return new RfmCellMemberListModel().PrepareToGrid(searchModel, members, () => models);
    }

    public async Task<DashboardOfferListModel> PrepareOfferListModelAsync(DashboardOfferSearchModel searchModel)
    {
        ArgumentNullException.ThrowIfNull(searchModel);
        var offers = await _cartReportService.GetOpenOffersAsync(searchModel.StoreId, Now, searchModel.Page - 1, searchModel.PageSize);
        var models = new List<DashboardOfferModel>();
        foreach (var offer in offers)
            models.Add(new DashboardOfferModel
            {
                AbandonedCartId = offer.AbandonedCartId,
                CustomerId = offer.CustomerId,
                Email = offer.Email,
                CartValue = await _priceFormatter.FormatPriceAsync(offer.CartValue),
                CartItems = offer.CartItems,
                DetectedOn = await _dateTimeHelper.ConvertToUserTimeAsync(offer.DetectedOnUtc, DateTimeKind.Utc),
                ExpiresOn = await _dateTimeHelper.ConvertToUserTimeAsync(offer.OfferExpiresOnUtc, DateTimeKind.Utc),
                RemindersSent = offer.RemindersSent
            });
        return new DashboardOfferListModel().PrepareToGrid(searchModel, offers, () => models);
    }

    public async Task<DashboardAtRiskListModel> PrepareAtRiskListModelAsync(DashboardAtRiskSearchModel searchModel)
    {
        ArgumentNullException.ThrowIfNull(searchModel);
        var customers = await _predictionReportService.GetValuableAtRiskAsync(searchModel.StoreId, searchModel.Page - 1, searchModel.PageSize);
        var models = new List<DashboardAtRiskModel>();
        foreach (var customer in customers)
            models.Add(new DashboardAtRiskModel
            {
                CustomerId = customer.CustomerId,
                Email = customer.Email,
                Name = customer.FullName,
                PredictedValue = await _priceFormatter.FormatPriceAsync(customer.PredictedLifetimeValue),
                Churn = customer.ChurnProbability.ToString("P0", Culture),
                Spent = await _priceFormatter.FormatPriceAsync(customer.AmountSpent),
                Orders = customer.OrdersCount,
                LastOrderOn = customer.LastOrderDateUtc is { } last ? await _dateTimeHelper.ConvertToUserTimeAsync(last, DateTimeKind.Utc) : null
            });
        return new DashboardAtRiskListModel().PrepareToGrid(searchModel, customers, () => models);
    }

    #endregion
}
