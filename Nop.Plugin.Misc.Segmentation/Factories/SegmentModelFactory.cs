using System.Globalization;
using Microsoft.AspNetCore.Mvc.Rendering;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Directory;
using Nop.Core.Domain.Localization;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Models.Admin;
using Nop.Plugin.Misc.Segmentation.Services.Analytics;
using Nop.Plugin.Misc.Segmentation.Services.Offers;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;
using Nop.Services.Catalog;
using Nop.Services.Helpers;
using Nop.Services.Localization;
using Nop.Services.Stores;
using Nop.Web.Framework.Models.Extensions;

namespace Nop.Plugin.Misc.Segmentation.Factories;

/// <summary>A value a picker offers: what the rule holds and what the owner reads.</summary>
public record RuleOption(string Value, string Label);

/// <summary>Builds the models of the segment pages: the list, the editor, members and movements.</summary>
public class SegmentModelFactory
{
    private readonly IDateTimeHelper _dateTimeHelper;
    private readonly ILocalizationService _localizationService;
    private readonly IPriceFormatter _priceFormatter;
    private readonly IRepository<Category> _categoryRepository;
    private readonly IRepository<Country> _countryRepository;
    private readonly IRepository<Language> _languageRepository;
    private readonly IRepository<Product> _productRepository;
    private readonly IRepository<CustomerRole> _roleRepository;
    private readonly IRepository<Segment> _segmentRepository;
    private readonly IStoreService _storeService;
    private readonly SegmentLimitedDiscountService _discountService;
    private readonly SegmentMemberService _memberService;
    private readonly SegmentService _segmentService;
    private readonly TimeProvider _time;
    private readonly SegmentKpiService _kpiService;
    private readonly SegmentTrendService _trendService;
    private readonly SegmentTransitionService _transitionService;
    private readonly AnalyticsPeriodService _periodService;

    public SegmentModelFactory(IDateTimeHelper dateTimeHelper,
        ILocalizationService localizationService,
        IPriceFormatter priceFormatter,
        IRepository<Category> categoryRepository,
        IRepository<Country> countryRepository,
        IRepository<Language> languageRepository,
        IRepository<Product> productRepository,
        IRepository<CustomerRole> roleRepository,
        IRepository<Segment> segmentRepository,
        IStoreService storeService,
        SegmentLimitedDiscountService discountService,
        SegmentMemberService memberService,
        SegmentService segmentService,
        TimeProvider time,
        SegmentKpiService kpiService,
        SegmentTrendService trendService,
        SegmentTransitionService transitionService,
        AnalyticsPeriodService periodService)
    {
        _periodService = periodService;
        _dateTimeHelper = dateTimeHelper;
        _localizationService = localizationService;
        _priceFormatter = priceFormatter;
        _categoryRepository = categoryRepository;
        _countryRepository = countryRepository;
        _languageRepository = languageRepository;
        _productRepository = productRepository;
        _roleRepository = roleRepository;
        _segmentRepository = segmentRepository;
        _storeService = storeService;
        _discountService = discountService;
        _memberService = memberService;
        _segmentService = segmentService;
        _time = time;
        _kpiService = kpiService;
        _trendService = trendService;
        _transitionService = transitionService;
    }

    public async Task<SegmentSearchModel> PrepareSegmentSearchModelAsync(SegmentSearchModel searchModel = null)
    {
        searchModel ??= new SegmentSearchModel();
        var all = await ResourceAsync("Segments.Search.All");
        searchModel.AvailableTypes = [new SelectListItem(all, "0"), .. await TypeItemsAsync([SegmentType.Dynamic, SegmentType.Static, SegmentType.BuiltIn])];
        var stores = await _storeService.GetAllStoresAsync();
        searchModel.AvailableStores = [new SelectListItem(all, "-1"), new SelectListItem(await ResourceAsync("Segments.AllStores"), "0"),
            .. stores.Select(s => new SelectListItem(s.Name, s.Id.ToString(CultureInfo.InvariantCulture)))];
        searchModel.HideStoresList = stores.Count <= 1;
        searchModel.AvailableActiveOptions =
        [
            new SelectListItem(all, "0"),
            new SelectListItem(await ResourceAsync("Segments.Search.ActiveOnly"), "1"),
            new SelectListItem(await ResourceAsync("Segments.Search.InactiveOnly"), "2")
        ];
        searchModel.SetGridPageSize();
        return searchModel;
    }

    public async Task<SegmentListModel> PrepareSegmentListModelAsync(SegmentSearchModel searchModel)
    {
        ArgumentNullException.ThrowIfNull(searchModel);
        var segments = await _segmentService.SearchAsync(searchModel.SearchName,
            searchModel.SearchTypeId == 0 ? null : (SegmentType)searchModel.SearchTypeId,
            searchModel.SearchStoreId < 0 ? null : searchModel.SearchStoreId,
            searchModel.SearchActiveId switch { 1 => true, 2 => false, _ => null },
            searchModel.Page - 1, searchModel.PageSize);

        var changes = await _memberService.GetChangesSinceAsync(segments.Select(s => s.Id).ToList(), _time.GetUtcNow().UtcDateTime.AddDays(-7));
        var discounts = await DiscountsBySegmentAsync();
        var stores = await StoreNamesAsync();
        var roleIds = segments.Select(s => s.CustomerRoleId).Where(id => id != 0).Distinct().ToList();
        var roles = (await _roleRepository.Table.Where(r => roleIds.Contains(r.Id)).Select(r => new { r.Id, r.Name }).ToListAsync())
            .ToDictionary(r => r.Id, r => r.Name);

        var models = new List<SegmentModel>();
        foreach (var segment in segments)
        {
            var model = await ToModelAsync(segment, stores, discounts);
            (model.Entered7Days, model.Left7Days) = changes.GetValueOrDefault(segment.Id);
            model.CustomerRoleName = roles.GetValueOrDefault(segment.CustomerRoleId);
            models.Add(model);
        }

        return new SegmentListModel().PrepareToGrid(searchModel, segments, () => models);
    }

    /// <summary>The editor: a new segment when <paramref name="segment"/> is null; <paramref name="model"/> keeps what the owner typed.</summary>
    public async Task<SegmentModel> PrepareSegmentModelAsync(SegmentModel model, Segment segment)
    {
        if (segment != null && model == null)
        {
            model = await ToModelAsync(segment, await StoreNamesAsync(), await DiscountsBySegmentAsync());
            model.NamedBy = (await _segmentService.NamedByAsync(segment)).ToList();
        }

        model ??= new SegmentModel { Active = true, SegmentTypeId = (int)SegmentType.Dynamic };
        if (segment != null)
        {
            // what the form cannot change comes from the stored segment, whatever was posted
            model.Id = segment.Id;
            model.SegmentTypeId = segment.SegmentTypeId;
            model.IsBuiltIn = segment.SegmentType == SegmentType.BuiltIn;
            model.IsStatic = segment.SegmentType == SegmentType.Static;
            model.MemberCount = segment.MemberCount;
            model.TypeName = await _localizationService.GetLocalizedEnumAsync(segment.SegmentType);
            if (model.IsBuiltIn)
                model.Rule = segment.Rule;
        }
        else
            model.IsStatic = model.SegmentTypeId == (int)SegmentType.Static;

        model.AvailableTypes = await TypeItemsAsync([SegmentType.Dynamic, SegmentType.Static]);
        model.AvailableStores = [new SelectListItem(await ResourceAsync("Segments.AllStores"), "0"),
            .. (await _storeService.GetAllStoresAsync()).Select(s => new SelectListItem(s.Name, s.Id.ToString(CultureInfo.InvariantCulture)))];
        // system roles (Registered, Guests, …) cannot be taken over by a segment, so they are not offered
        model.AvailableRoles = [new SelectListItem(await ResourceAsync("Segments.NoRole"), "0"),
            .. (await _roleRepository.Table.Where(r => !r.IsSystemRole).OrderBy(r => r.Name).ToListAsync())
                .Select(r => new SelectListItem(r.Name, r.Id.ToString(CultureInfo.InvariantCulture)))];

        model.MemberSearchModel = new SegmentMemberSearchModel { SegmentId = model.Id };
        model.MemberSearchModel.SetGridPageSize();
        model.MovementSearchModel = new SegmentMovementSearchModel
        {
            SegmentId = model.Id,
            AvailableDirections =
            [
                new SelectListItem(await ResourceAsync("Segments.Search.All"), "0"),
                new SelectListItem(await _localizationService.GetLocalizedEnumAsync(SegmentMovementType.Entered), ((int)SegmentMovementType.Entered).ToString(CultureInfo.InvariantCulture)),
                new SelectListItem(await _localizationService.GetLocalizedEnumAsync(SegmentMovementType.Left), ((int)SegmentMovementType.Left).ToString(CultureInfo.InvariantCulture))
            ]
        };
        model.MovementSearchModel.SetGridPageSize();
        if (segment != null)
        {
            var today = await TodayAsync();
            model.DetailsSearchModel = new SegmentDetailsSearchModel
            {
                SegmentId = segment.Id,
                Days = AnalyticsPeriodService.DefaultDays,
                AvailablePeriods = await _periodService.PeriodItemsAsync(AnalyticsPeriodService.DefaultDays),
                From = today.AddDays(1 - AnalyticsPeriodService.DefaultDays).ToString(DayFormat, CultureInfo.InvariantCulture),
                To = today.ToString(DayFormat, CultureInfo.InvariantCulture)
            };
        }

        return model;
    }

    public async Task<SegmentMemberListModel> PrepareMemberListModelAsync(SegmentMemberSearchModel searchModel, Segment segment)
    {
        ArgumentNullException.ThrowIfNull(searchModel);
        var (sort, descending) = ParseSort(searchModel);
        var members = await _memberService.GetMembersAsync(segment, searchModel.SearchText, sort, descending, searchModel.Page - 1, searchModel.PageSize);
        var models = new List<SegmentMemberModel>();
        foreach (var row in members)
            models.Add(await ToModelAsync(row));
        return new SegmentMemberListModel().PrepareToGrid(searchModel, members, () => models);
    }

    public static (MemberSort Sort, bool Descending) ParseSort(SegmentMemberSearchModel searchModel) =>
        (Enum.TryParse<MemberSort>(searchModel.SortBy, true, out var sort) && Enum.IsDefined(sort) ? sort : MemberSort.MemberSince, searchModel.SortDescending);

    public async Task<SegmentMemberModel> ToModelAsync(SegmentMemberRow row) => new()
    {
        CustomerId = row.CustomerId,
        Email = row.Email,
        Name = string.Join(" ", new[] { row.FirstName, row.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))),
        Orders = row.Orders,
        Spent = await _priceFormatter.FormatPriceAsync(row.Spent),
        LastOrderOn = row.LastOrderUtc is { } last ? await _dateTimeHelper.ConvertToUserTimeAsync(last, DateTimeKind.Utc) : null,
        Rfm = row.Recency == 0 ? string.Empty : $"{row.Recency}-{row.Frequency}-{row.Monetary}",
        RfmGroup = row.RfmGroupId == 0 ? string.Empty : await _localizationService.GetLocalizedEnumAsync((RfmGroup)row.RfmGroupId),
        Lifecycle = await _localizationService.GetLocalizedEnumAsync((LifecycleStage)row.LifecycleStageId),
        Churn = row.Orders == 0 ? string.Empty : row.Churn.ToString("P0", CultureInfo.CurrentCulture),
        PredictedValue = row.Orders == 0 ? string.Empty : await _priceFormatter.FormatPriceAsync(row.PredictedValue),
        MemberSince = await _dateTimeHelper.ConvertToUserTimeAsync(row.MemberSinceUtc, DateTimeKind.Utc)
    };

    public async Task<SegmentMovementListModel> PrepareMovementListModelAsync(SegmentMovementSearchModel searchModel)
    {
        ArgumentNullException.ThrowIfNull(searchModel);
        // the owner picks days in their own time zone; a "to" day counts whole
        var timeZone = await _dateTimeHelper.GetCurrentTimeZoneAsync();
        DateTime? ToUtc(DateTime? day) => day is { } d ? _dateTimeHelper.ConvertToUtcTime(DateTime.SpecifyKind(d.Date, DateTimeKind.Unspecified), timeZone) : null;
        var movements = await _memberService.GetMovementsAsync(searchModel.SegmentId,
            searchModel.DirectionId == 0 ? null : (SegmentMovementType)searchModel.DirectionId,
            ToUtc(searchModel.From), ToUtc(searchModel.To?.AddDays(1)), searchModel.Page - 1, searchModel.PageSize);

        var entered = await _localizationService.GetLocalizedEnumAsync(SegmentMovementType.Entered);
        var left = await _localizationService.GetLocalizedEnumAsync(SegmentMovementType.Left);
        // stored as codes; a reason the plugin does not know (an older version's) is shown as it is
        var reasons = new Dictionary<string, string>();
        foreach (var (code, key) in MovementReasons.ResourceKeys)
            reasons[code] = await _localizationService.GetResourceAsync(MovementReasons.ResourcePrefix + key);
        var models = new List<SegmentMovementModel>();
        foreach (var (movement, email) in movements)
            models.Add(new SegmentMovementModel
            {
                CustomerId = movement.CustomerId,
                Email = email,
                Entered = movement.MovementType == SegmentMovementType.Entered,
                Direction = movement.MovementType == SegmentMovementType.Entered ? entered : left,
                Reason = movement.Reason != null && reasons.TryGetValue(movement.Reason, out var reason) ? reason : movement.Reason,
                CreatedOn = await _dateTimeHelper.ConvertToUserTimeAsync(movement.CreatedOnUtc, DateTimeKind.Utc)
            });
        return new SegmentMovementListModel().PrepareToGrid(searchModel, movements, () => models);
    }

    private async Task<SegmentModel> ToModelAsync(Segment segment, IReadOnlyDictionary<int, string> stores,
        IReadOnlyDictionary<int, List<SegmentDiscountModel>> discounts) => new()
    {
        Id = segment.Id,
        Name = segment.Name,
        Description = segment.Description,
        SegmentTypeId = segment.SegmentTypeId,
        TypeName = await _localizationService.GetLocalizedEnumAsync(segment.SegmentType),
        IsBuiltIn = segment.SegmentType == SegmentType.BuiltIn,
        IsStatic = segment.SegmentType == SegmentType.Static,
        Rule = segment.Rule,
        StoreId = segment.StoreId,
        StoreName = stores.GetValueOrDefault(segment.StoreId) ?? string.Empty,
        Priority = segment.Priority,
        Active = segment.Active,
        CustomerRoleId = segment.CustomerRoleId,
        MemberCount = segment.MemberCount,
        Discounts = discounts.GetValueOrDefault(segment.Id) ?? [],
        LastEvaluatedOn = segment.LastEvaluatedOnUtc is { } evaluated ? await _dateTimeHelper.ConvertToUserTimeAsync(evaluated, DateTimeKind.Utc) : null
    };

    private async Task<IReadOnlyDictionary<int, string>> StoreNamesAsync()
    {
        var names = (await _storeService.GetAllStoresAsync()).ToDictionary(s => s.Id, s => s.Name);
        names[0] = await ResourceAsync("Segments.AllStores");
        return names;
    }

    private async Task<IReadOnlyDictionary<int, List<SegmentDiscountModel>>> DiscountsBySegmentAsync() =>
        (await _discountService.GetAllAsync())
            .SelectMany(d => d.SegmentIds.Select(id => (SegmentId: id, Discount: new SegmentDiscountModel(d.Discount.Id, d.Discount.Name, d.Discount.IsActive))))
            .GroupBy(x => x.SegmentId)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Discount).Distinct().ToList());

    private async Task<List<SelectListItem>> TypeItemsAsync(IEnumerable<SegmentType> types)
    {
        var items = new List<SelectListItem>();
        foreach (var type in types)
            items.Add(new SelectListItem(await _localizationService.GetLocalizedEnumAsync(type), ((int)type).ToString(CultureInfo.InvariantCulture)));
        return items;
    }

    /// <summary>Most values a picker offers from a search: products and categories may run to many thousands.</summary>
    public const int LookupSize = 20;

    /// <summary>
    /// The rule language for the editor: every field from the compiler's own table with its meaning in the owner's
    /// language, and for the fields that name things of the store, the things to pick from (small lists whole;
    /// products and categories searched as the owner types, see <see cref="LookupAsync"/>).
    /// </summary>
    /// <summary>The months 1–12 as values, named in the admin's language.</summary>
    private static IEnumerable<RuleOption> MonthOptions() => Enumerable.Range(1, 12)
        .Select(m => new RuleOption(m.ToString(CultureInfo.InvariantCulture), CultureInfo.CurrentCulture.DateTimeFormat.GetMonthName(m)));

    public async Task<object> PrepareRuleReferenceAsync()
    {
        var countries = await _countryRepository.Table.OrderBy(c => c.Name).Select(c => new { c.Id, c.Name, c.TwoLetterIsoCode }).ToListAsync();
        var languages = await _languageRepository.Table.OrderBy(l => l.Name).Select(l => new { l.Id, l.Name, l.UniqueSeoCode }).ToListAsync();
        var roles = await _roleRepository.Table.OrderBy(r => r.Name).Select(r => r.Name).ToListAsync();
        var segments = await _segmentRepository.Table.OrderBy(s => s.Name).Select(s => s.Name).ToListAsync();
        var stores = (await _storeService.GetAllStoresAsync()).Select(s => new RuleOption(s.Id.ToString(CultureInfo.InvariantCulture), s.Name)).ToList();
        var options = new Dictionary<string, IEnumerable<RuleOption>>
        {
            ["country"] = countries.Where(c => !string.IsNullOrEmpty(c.TwoLetterIsoCode)).Select(c => new RuleOption(c.TwoLetterIsoCode, c.Name)),
            ["country_id"] = countries.Select(c => new RuleOption(c.Id.ToString(CultureInfo.InvariantCulture), c.Name)),
            ["language"] = languages.Where(l => !string.IsNullOrEmpty(l.UniqueSeoCode)).Select(l => new RuleOption(l.UniqueSeoCode, l.Name)),
            ["language_id"] = languages.Select(l => new RuleOption(l.Id.ToString(CultureInfo.InvariantCulture), l.Name)),
            ["role"] = roles.Select(r => new RuleOption(r, r)),
            ["segment"] = segments.Select(s => new RuleOption(s, s)),
            ["store"] = stores.Prepend(new RuleOption("0", await ResourceAsync("Segments.AllStores"))),
            ["ordered_in_store"] = stores,
            // the month numbers by name in the admin's language; a birthday month also by the words counted from today
            ["ordered_in_month"] = MonthOptions(),
            ["birthday_month"] = MonthOptions().Concat(RuleCompiler.MonthWords.Select(w => new RuleOption(w, w)))
        };
        var lookups = new Dictionary<string, string> { ["bought_product"] = "product", ["bought_category"] = "category", ["top_category"] = "category" };
        // the per-product and per-category figures: the id in parentheses is searched by name
        var argumentLookups = new Dictionary<string, string>
        {
            ["product_quantity"] = "product", ["product_orders"] = "product", ["category_quantity"] = "category", ["category_orders"] = "category"
        };

        var fields = new List<object>();
        foreach (var field in RuleReference.Fields)
            fields.Add(new
            {
                name = field.Name,
                type = field.Type.ToString(),
                operators = field.Operators,
                values = field.Values ?? [],
                valuesOnly = field.ValuesOnly,
                since = field.TakesSince,
                argument = field.TakesArgument,
                argumentLookup = argumentLookups.GetValueOrDefault(field.Name),
                example = field.Example,
                description = await _localizationService.GetResourceAsync(field.ResourceKey),
                options = options.GetValueOrDefault(field.Name)?.ToList(),
                lookup = lookups.GetValueOrDefault(field.Name)
            });
        return new { fields, operators = RuleReference.Operators, units = RuleReference.Units };
    }

    /// <summary>Products or categories whose name contains the text (or whose id it is), for the builder's pickers.</summary>
    public async Task<IReadOnlyList<RuleOption>> LookupAsync(string kind, string text)
    {
        text = (text ?? string.Empty).Trim();
        var lowered = text.ToLower();
        var id = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : -1;
        var found = kind switch
        {
            "product" => await _productRepository.Table.Where(p => !p.Deleted && (p.Id == id || p.Name.ToLower().Contains(lowered)))
                .OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).Take(LookupSize).ToListAsync(),
            "category" => await _categoryRepository.Table.Where(c => !c.Deleted && (c.Id == id || c.Name.ToLower().Contains(lowered)))
                .OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).Take(LookupSize).ToListAsync(),
            _ => []
        };
        return found.Select(f => new RuleOption(f.Id.ToString(CultureInfo.InvariantCulture), f.Name)).ToList();
    }

    #region Details

    /// <summary>How the period's days travel: what an HTML date input sends.</summary>
    public const string DayFormat = "yyyy-MM-dd";

    /// <summary>Earliest and latest day a period may touch, its period before included: far inside what every engine stores.</summary>
    private static readonly DateTime FirstAllowedDay = new(1900, 1, 1);

    private static readonly DateTime LastAllowedDay = new(9998, 12, 31);

    private async Task<DateTime> TodayAsync() => (await _dateTimeHelper.ConvertToUserTimeAsync(_time.GetUtcNow().UtcDateTime, DateTimeKind.Utc)).Date;

    /// <summary>
    /// The period picked: one of the offered last-days periods (<paramref name="days"/>, see
    /// <see cref="AnalyticsPeriodService"/>), or with <paramref name="days"/> 0 the owner's days (yyyy-MM-dd in their
    /// time zone, both counted; an empty "to" is today, an empty "from" the <see cref="AnalyticsPeriodService.DefaultDays"/> days up to
    /// "to"); without <paramref name="days"/>, days given mean other days and none the default period. Or why it is refused.
    /// </summary>
    public async Task<(SegmentPeriod Period, string Error)> ParsePeriodAsync(int? days, string from, string to)
    {
        var picked = AnalyticsPeriodService.Picked(days, from, to);
        if (picked != AnalyticsPeriodService.OtherDays)
            return await _periodService.OfferedAsync(picked, _time.GetUtcNow().UtcDateTime);

        async Task<(DateTime? Day, string Error)> ParseAsync(string text, DateTime fallback)
        {
            if (string.IsNullOrWhiteSpace(text))
                return (fallback, null);
            if (DateTime.TryParseExact(text.Trim(), DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                && day >= FirstAllowedDay && day <= LastAllowedDay)
                return (day, null);
            return (null, string.Format(await ResourceAsync("Details.Period.BadDay"), text.Trim()));
        }

        var (toDay, toError) = await ParseAsync(to, await TodayAsync());
        if (toError != null)
            return (null, toError);
        var (fromDay, fromError) = await ParseAsync(from, toDay!.Value.AddDays(1 - AnalyticsPeriodService.DefaultDays));
        if (fromError != null)
            return (null, fromError);
        if (fromDay > toDay)
            return (null, string.Format(await ResourceAsync("Details.Period.FromAfterTo"),
                fromDay.Value.ToString(DayFormat, CultureInfo.InvariantCulture), toDay.Value.ToString(DayFormat, CultureInfo.InvariantCulture)));
        var length = (int)(toDay.Value - fromDay!.Value).TotalDays + 1;
        if (length > SegmentPeriod.MaxDays)
            return (null, string.Format(await ResourceAsync("Details.Period.TooLong"), SegmentPeriod.MaxDays, length));
        if (fromDay.Value.AddDays(-length) < FirstAllowedDay)
            return (null, string.Format(await ResourceAsync("Details.Period.BadDay"), fromDay.Value.ToString(DayFormat, CultureInfo.InvariantCulture)));

        var timeZone = await _dateTimeHelper.GetCurrentTimeZoneAsync();
        return (SegmentPeriod.Create(fromDay.Value, toDay.Value, day => _dateTimeHelper.ConvertToUtcTime(day, timeZone)), null);
    }

    /// <summary>A saved segment's details for the days picked (see <see cref="ParsePeriodAsync"/>), or why the period is refused.</summary>
    public async Task<(SegmentDetailsModel Model, string Error)> PrepareSegmentDetailsModelAsync(Segment segment, int? days, string from, string to)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var (period, error) = await ParsePeriodAsync(days, from, to);
        if (error != null)
            return (null, error);

        var kpis = await _kpiService.GetAsync(segment, period);
        var trend = await _trendService.GetAsync(segment.Id, period);
        var transitions = await _transitionService.GetAsync(segment.Id, period);
        var (members, store) = (kpis.Segment, kpis.Store);

        const string none = "—";
        string Count(int value) => value.ToString("N0", CultureInfo.CurrentCulture);
        string Percent(decimal? value) => value?.ToString("P1", CultureInfo.CurrentCulture) ?? none;
        string Number(decimal? value) => value?.ToString("N2", CultureInfo.CurrentCulture) ?? none;
        async Task<string> MoneyAsync(decimal? value) => value is { } amount ? await _priceFormatter.FormatPriceAsync(amount) : none;
        string Days(DateTime first, DateTime last) => $"{first.ToString("d", CultureInfo.CurrentCulture)} – {last.ToString("d", CultureInfo.CurrentCulture)}";
        var previousPeriod = Days(period.PreviousFromDay, period.PreviousToDay);

        var rows = new List<SegmentKpiRowModel>
        {
            new("members", await ResourceAsync("Details.Kpi.Members"), await ResourceAsync("Details.Kpi.Members.Hint"),
                Count(members.Customers), Count(store.Customers)),
            new("customer-share", await ResourceAsync("Details.Kpi.CustomerShare"), await ResourceAsync("Details.Kpi.CustomerShare.Hint"),
                Percent(kpis.CustomerShare), Percent(KpiRatio.Of(store.Customers, store.Customers))),
            new("revenue", await ResourceAsync("Details.Kpi.Revenue"), await ResourceAsync("Details.Kpi.Revenue.Hint"),
                await MoneyAsync(members.PeriodRevenue), await MoneyAsync(store.PeriodRevenue)),
            new("revenue-share", await ResourceAsync("Details.Kpi.RevenueShare"), await ResourceAsync("Details.Kpi.RevenueShare.Hint"),
                Percent(kpis.RevenueShare), Percent(KpiRatio.Of(store.PeriodRevenue, store.PeriodRevenue))),
            new("orders", await ResourceAsync("Details.Kpi.Orders"), await ResourceAsync("Details.Kpi.Orders.Hint"),
                Count(members.PeriodOrders), Count(store.PeriodOrders)),
            new("average-order-value", await ResourceAsync("Details.Kpi.AverageOrderValue"), await ResourceAsync("Details.Kpi.AverageOrderValue.Hint"),
                await MoneyAsync(members.AverageOrderValue), await MoneyAsync(store.AverageOrderValue)),
            new("orders-per-customer", await ResourceAsync("Details.Kpi.OrdersPerCustomer"), await ResourceAsync("Details.Kpi.OrdersPerCustomer.Hint"),
                Number(members.OrdersPerCustomer), Number(store.OrdersPerCustomer)),
            new("lifetime-spend", await ResourceAsync("Details.Kpi.LifetimeSpend"), await ResourceAsync("Details.Kpi.LifetimeSpend.Hint"),
                await MoneyAsync(members.AverageLifetimeSpent), await MoneyAsync(store.AverageLifetimeSpent)),
            new("predicted-value", await ResourceAsync("Details.Kpi.PredictedValue"), await ResourceAsync("Details.Kpi.PredictedValue.Hint"),
                await MoneyAsync(members.PredictedValue), await MoneyAsync(store.PredictedValue)),
            new("predicted-value-average", await ResourceAsync("Details.Kpi.PredictedValueAverage"), await ResourceAsync("Details.Kpi.PredictedValueAverage.Hint"),
                await MoneyAsync(members.AveragePredictedValue), await MoneyAsync(store.AveragePredictedValue)),
            new("churn", await ResourceAsync("Details.Kpi.Churn"), await ResourceAsync("Details.Kpi.Churn.Hint"),
                Percent(members.AverageChurn), Percent(store.AverageChurn)),
            new("retention", await ResourceAsync("Details.Kpi.Retention"), string.Format(await ResourceAsync("Details.Kpi.Retention.Hint"), previousPeriod),
                Percent(members.Retention), Percent(store.Retention)),
            new("repeat-rate", await ResourceAsync("Details.Kpi.RepeatRate"), await ResourceAsync("Details.Kpi.RepeatRate.Hint"),
                Percent(members.RepeatRate), Percent(store.RepeatRate)),
            new("cart-conversion", await ResourceAsync("Details.Kpi.CartConversion"), string.Format(await ResourceAsync("Details.Kpi.CartConversion.Hint"), kpis.ConversionDays),
                Percent(members.CartConversion), Percent(store.CartConversion)),
            new("recovered-carts", await ResourceAsync("Details.Kpi.RecoveredCarts"), await ResourceAsync("Details.Kpi.RecoveredCarts.Hint"),
                Count(members.CartsRecovered), Count(store.CartsRecovered)),
            new("recovered-revenue", await ResourceAsync("Details.Kpi.RecoveredRevenue"), await ResourceAsync("Details.Kpi.RecoveredRevenue.Hint"),
                await MoneyAsync(members.RecoveredRevenue), await MoneyAsync(store.RecoveredRevenue))
        };

        var chart = new
        {
            labels = trend.Days.Select(d => d.Day.ToString("d", CultureInfo.CurrentCulture)),
            members = trend.Days.Select(d => d.Members),
            orders = trend.Days.Select(d => d.Orders),
            revenue = trend.Days.Select(d => d.Revenue),
            entered = trend.Days.Select(d => d.Entered),
            left = trend.Days.Select(d => d.Left),
            texts = new
            {
                members = await ResourceAsync("Details.Trend.Members"),
                orders = await ResourceAsync("Details.Trend.Orders"),
                revenue = await ResourceAsync("Details.Trend.Revenue"),
                entered = await _localizationService.GetLocalizedEnumAsync(SegmentMovementType.Entered),
                left = await _localizationService.GetLocalizedEnumAsync(SegmentMovementType.Left)
            }
        };

        return (new SegmentDetailsModel
        {
            SegmentId = segment.Id,
            From = period.FromDay.ToString(DayFormat, CultureInfo.InvariantCulture),
            To = period.ToDay.ToString(DayFormat, CultureInfo.InvariantCulture),
            Period = Days(period.FromDay, period.ToDay),
            PreviousPeriod = previousPeriod,
            StoreName = (await StoreNamesAsync()).GetValueOrDefault(segment.StoreId) ?? string.Empty,
            Kpis = rows,
            ChartData = System.Text.Json.JsonSerializer.Serialize(chart),
            CameFrom = transitions.CameFrom.Select(n => new SegmentNeighbourModel(n.SegmentId, n.Name, n.Customers)).ToList(),
            WentTo = transitions.WentTo.Select(n => new SegmentNeighbourModel(n.SegmentId, n.Name, n.Customers)).ToList()
        }, null);
    }

    #endregion

    private Task<string> ResourceAsync(string key) => _localizationService.GetResourceAsync(SegmentationDefaults.ResourcePrefix + key);
}
