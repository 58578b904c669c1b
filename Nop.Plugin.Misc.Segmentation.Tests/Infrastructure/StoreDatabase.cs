using LinqToDB.Data;
using Moq;
using Nop.Core;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Directory;
using Nop.Core.Domain.Discounts;
using Nop.Core.Domain.Messages;
using Nop.Core.Domain.Orders;
using Nop.Core.Domain.Payments;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Infrastructure;
using Nop.Plugin.Misc.Segmentation.Services;
using Nop.Plugin.Misc.Segmentation.Services.AbandonedCarts;
using Nop.Plugin.Misc.Segmentation.Services.Analytics;
using Nop.Plugin.Misc.Segmentation.Services.Events;
using Nop.Plugin.Misc.Segmentation.Services.Offers;
using Nop.Plugin.Misc.Segmentation.Services.Profiles;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;
using Nop.Plugin.Misc.Segmentation.Tasks;
using Nop.Plugin.Misc.Segmentation.Tests.Fakes;
using Nop.Services.Catalog;
using Nop.Services.Customers;
using Nop.Services.Directory;
using Nop.Services.Discounts;
using Nop.Services.Helpers;

namespace Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;

/// <summary>A real database holding nopCommerce's core tables and the installed plugin, with helpers to fill a store.</summary>
public sealed class StoreDatabase : IDisposable
{
    private StoreDatabase(TestDatabase database)
    {
        Database = database;
        using (var host = new NopMigrationHost(database, typeof(SegmentationPlugin).Assembly))
        {
            host.Up(new CoreTablesMigration());
            host.Install();
        }

        Connection = database.OpenDataConnection();
        _options = database.Options();
    }

    private readonly LinqToDB.DataOptions _options;

    public static StoreDatabase Create(DatabaseKind kind) => new(TestDatabase.Create(kind));

    public TestDatabase Database { get; }

    public DataConnection Connection { get; }

    /// <summary>A repository that opens a connection per call, as nopCommerce's does (so services may run queries side by side).</summary>
    public Linq2DbRepository<T> Repository<T>() where T : BaseEntity => new(_options);

    /// <summary>The profile service over this store's connection, or over another one (to act as a second request).</summary>
    public CustomerProfileService ProfileService(SegmentationSettings settings = null, DataConnection connection = null)
    {
        connection ??= Connection;
        return new CustomerProfileService(new Linq2DbRepository<Customer>(connection), new Linq2DbRepository<CustomerRole>(connection),
            new Linq2DbRepository<CustomerCustomerRoleMapping>(connection), new Linq2DbRepository<Order>(connection),
            new Linq2DbRepository<OrderItem>(connection), new Linq2DbRepository<Product>(connection),
            new Linq2DbRepository<ShoppingCartItem>(connection), new Linq2DbRepository<CustomerProfile>(connection),
            new Linq2DbRepository<StoreStatistics>(connection), new Linq2DbRepository<Nop.Core.Domain.Messages.NewsLetterSubscription>(connection),
            settings ?? new SegmentationSettings(), Cache);
    }

    /// <summary>
    /// Gives profiles made by hand the copies of their customer's e-mail, gender and subscriptions that the profile
    /// service keeps (read and folded by it), as a rebuild would.
    /// </summary>
    public async Task CopyOwnTextToProfilesAsync()
    {
        var profiles = await Repository<CustomerProfile>().Table.ToListAsync();
        var facts = await ProfileService().LoadFactsAsync(profiles.Select(p => p.CustomerId).Distinct().Order().ToList());
        foreach (var profile in profiles.Where(p => facts.ContainsKey(p.CustomerId)))
        {
            ProfileCalculator.ApplyOwnText(profile, facts[profile.CustomerId]);
            await Repository<CustomerProfile>().UpdateAsync(profile);
        }
    }

    /// <summary>The store's static cache, shared by every service made here.</summary>
    public Fakes.FakeStaticCacheManager Cache { get; } = new();

    /// <summary>Over the given connection, or, as nopCommerce, a connection per call (the task counts segments side by side).</summary>
    public SegmentMembershipService MembershipService(DataConnection connection = null) => connection == null
        ? new(Cache, Repository<Segment>(), Repository<SegmentMember>())
        : new(Cache, new Linq2DbRepository<Segment>(connection), new Linq2DbRepository<SegmentMember>(connection));

    public CustomerStateService CustomerState() => new(Repository<AbandonedCart>(), Repository<CustomerProfile>(), Cache);

    /// <summary>The greeting service, its messages from <paramref name="localization"/> (default: this store's, with the English texts).</summary>
    public GreetingService Greetings(Nop.Services.Localization.ILocalizationService localization = null) =>
        new(localization ?? Localization, Repository<GreetingTemplate>(), Repository<Segment>(), Cache);

    public SegmentRequirementService RequirementService(Nop.Services.Customers.ICustomerService customers, TimeProvider clock) =>
        new(customers, Repository<SegmentRequirement>(), Repository<Segment>(), Cache, MembershipService(), CustomerState(), clock);

    public SegmentEvaluationService SegmentService() => new(Repository<CustomerProfile>(), Repository<Segment>(), Repository<SegmentMember>(),
        Repository<SegmentMovement>(), MembershipService(), RuleSources());

    public RuleSourceService RuleSources() => new(Repository<AbandonedCart>(), Repository<Customer>(), Repository<CustomerRole>(), Repository<CustomerCustomerRoleMapping>(),
        Repository<Nop.Core.Domain.Directory.Country>(),
        Repository<Nop.Core.Domain.Localization.Language>(), Repository<Order>(), Repository<OrderItem>(), Repository<ProductCategory>(),
        Repository<Segment>(), Repository<SegmentMember>(), Repository<CustomerCategory>(), Repository<Nop.Core.Domain.Discounts.DiscountUsageHistory>());

    public StaticSegmentService StaticSegments() => new(Localization, Repository<Customer>(), Repository<SegmentMember>(), Repository<SegmentMovement>(),
        MembershipService());

    public CustomerDataCleanupService CleanupService() => new(Repository<AbandonedCart>(), Repository<CartReminder>(), Repository<Customer>(), Repository<CustomerProfile>(),
        Repository<SegmentMember>(), Repository<SegmentMovement>(), Repository<CustomerCategory>(), MembershipService());

    public CustomerCategoryService CategoryService() => new(Repository<Customer>(), Repository<Order>(), Repository<OrderItem>(),
        Repository<ProductCategory>(), Repository<CustomerCategory>());

    public ProfileEventConsumer AdminMenuEventConsumer(TimeProvider clock) => new(AbandonedCarts(), CategoryService(), ProfileService(), SegmentService(), clock);

    /// <summary>nopCommerce's message pipeline, and what the reminder e-mails read besides this database.</summary>
    public FakeMessages Messages { get; } = new();

    public static readonly Currency PrimaryCurrency = new() { Id = 1, CurrencyCode = "EUR", Published = true };

    /// <summary>Ten crowns to the euro.</summary>
    public static readonly Currency Krona = new() { Id = 2, CurrencyCode = "SEK", Published = true };

    public static readonly Currency Unpublished = new() { Id = 3, CurrencyCode = "USD", Published = false };

    /// <summary>What the plugin logged as errors.</summary>
    public List<string> LoggedErrors { get; } = [];

    public Dictionary<int, Discount> Discounts { get; } = [];

    public FakeLocalizationService Localization { get; } = Installed(new FakeLocalizationService(new FakeLanguageService()));

    private static FakeLocalizationService Installed(FakeLocalizationService localization)
    {
        localization.AddOrUpdateLocaleResourceAsync(TestLocales.English.ToDictionary()).GetAwaiter().GetResult();
        return localization;
    }

    public TimeZoneInfo CustomerTimeZone { get; set; } = TimeZoneInfo.Utc;

    /// <summary>What the plugin published: the tokens-added events of its messages.</summary>
    public List<object> PublishedEvents { get; } = [];

    public CartReminderMessageService ReminderMessages()
    {
        var currencies = new Mock<ICurrencyService>();
        currencies.Setup(c => c.GetCurrencyByIdAsync(It.IsAny<int>()))
            .ReturnsAsync((int id) => new[] { PrimaryCurrency, Krona, Unpublished }.FirstOrDefault(c => c.Id == id));
        currencies.Setup(c => c.ConvertFromPrimaryStoreCurrencyAsync(It.IsAny<decimal>(), It.IsAny<Currency>()))
            .ReturnsAsync((decimal amount, Currency to) => to.Id == Krona.Id ? amount * 10 : amount);
        var customers = new Mock<ICustomerService>();
        customers.Setup(c => c.GetCustomerFullNameAsync(It.IsAny<Customer>())).ReturnsAsync((Customer c) => $"{c.FirstName} {c.LastName}".Trim());
        var dates = new Mock<IDateTimeHelper>();
        dates.Setup(d => d.GetCustomerTimeZoneAsync(It.IsAny<Customer>())).ReturnsAsync(() => CustomerTimeZone);
        dates.Setup(d => d.ConvertToUserTime(It.IsAny<DateTime>(), It.IsAny<TimeZoneInfo>(), It.IsAny<TimeZoneInfo>()))
            .Returns((DateTime dt, TimeZoneInfo from, TimeZoneInfo to) => TimeZoneInfo.ConvertTime(dt, from, to));
        var discounts = new Mock<IDiscountService>();
        discounts.Setup(d => d.GetDiscountByIdAsync(It.IsAny<int>())).ReturnsAsync((int id) => Discounts.GetValueOrDefault(id));
        var events = new Mock<Nop.Core.Events.IEventPublisher>();
        events.Setup(e => e.PublishAsync(It.IsAny<Nop.Services.Messages.MessageTokensAddedEvent>()))
            .Callback((Nop.Services.Messages.MessageTokensAddedEvent e) => PublishedEvents.Add(e)).Returns(System.Threading.Tasks.Task.CompletedTask);
        var prices = new Mock<IPriceFormatter>();
        // nopCommerce's formatter, reduced to what the e-mail needs: the amount as it is, and the currency's code
        prices.Setup(p => p.FormatPriceAsync(It.IsAny<decimal>(), true, It.IsAny<Currency>(), It.IsAny<int>(), false, false))
            .ReturnsAsync((decimal amount, bool _, Currency currency, int _, bool _, bool _) =>
                $"{amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} {currency.CurrencyCode}");

        return new CartReminderMessageService(new CurrencySettings { PrimaryStoreCurrencyId = PrimaryCurrency.Id },
            new EmailAccountSettings { DefaultEmailAccountId = FakeMessages.Account.Id }, currencies.Object, customers.Object, dates.Object,
            discounts.Object, Messages, events.Object, new FakeLanguageService(), Localization, Messages, Messages, prices.Object,
            Repository<Product>(), Repository<ShoppingCartItem>(), new FakeStoreService(), Messages, MembershipService());
    }

    public CartReminderService CartReminders(IRepository<CartReminder> reminders = null)
    {
        var logger = new Mock<Nop.Services.Logging.ILogger>();
        logger.Setup(l => l.ErrorAsync(It.IsAny<string>(), It.IsAny<Exception>(), It.IsAny<Customer>()))
            .Callback((string message, Exception _, Customer _) => LoggedErrors.Add(message)).Returns(System.Threading.Tasks.Task.CompletedTask);
        return new CartReminderService(AbandonedCarts(), ReminderMessages(), logger.Object, Repository<AbandonedCart>(),
            reminders ?? Repository<CartReminder>(), Repository<Customer>(), Repository<CustomerCustomerRoleMapping>(), Repository<CustomerProfile>(),
            Repository<CustomerRole>());
    }

    public AbandonedCartService AbandonedCarts() => new(Messages, Repository<AbandonedCart>(), Repository<CartReminder>(), Repository<Customer>(),
        Repository<CustomerProfile>(), Repository<Order>());

    public Nop.Plugin.Misc.Segmentation.Tasks.AbandonedCartTask AbandonedCartTask(DateTime utcNow, SegmentationSettings settings) =>
        new(AbandonedCarts(), CartReminders(), SegmentService(), settings, Cache, Repository<Segment>(), new ManualClock(utcNow));

    public UpdateSegmentsTask Task(DateTime utcNow, SegmentationSettings settings) => new(new BuiltInSegmentService(Repository<Segment>()), CleanupService(),
        RebuildService(utcNow, settings), SegmentService(), MembershipService(), SnapshotService(), RoleSync(), settings, Cache, Warmup(settings), new ManualClock(utcNow));

    public RoleSyncService RoleSync() => new(Repository<CustomerRole>(), Repository<CustomerCustomerRoleMapping>(), Repository<Segment>(),
        Repository<SegmentMember>());

    public SegmentSnapshotService SnapshotService() => new(Repository<CustomerProfile>(), Repository<Segment>(), Repository<SegmentMember>(),
        Repository<SegmentSnapshot>(), ProfileSnapshots());

    /// <summary>The task's analytics warm-up, in a store whose time zone is UTC.</summary>
    public AnalyticsWarmupService Warmup(SegmentationSettings settings)
    {
        var dates = new Mock<IDateTimeHelper>();
        dates.SetupGet(d => d.DefaultStoreTimeZone).Returns(TimeZoneInfo.Utc);
        dates.Setup(d => d.ConvertToUtcTime(It.IsAny<DateTime>(), It.IsAny<TimeZoneInfo>()))
            .Returns((DateTime d, TimeZoneInfo zone) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(d, DateTimeKind.Unspecified), zone));
        var dashboard = new SegmentDashboardService(
            new AbandonedCartReportService(Repository<AbandonedCart>(), Repository<CartReminder>(), Repository<Customer>(), Cache, settings),
            new PredictionReportService(Repository<Customer>(), Repository<CustomerProfile>(), Cache),
            new SegmentFlowService(Repository<SegmentMember>(), Repository<SegmentMovement>(), Cache),
            Repository<Customer>(), Repository<CustomerProfile>(), Repository<Segment>(), Repository<SegmentSnapshot>(), Repository<StoreStatistics>(),
            Cache, ProfileSnapshots());
        return new AnalyticsWarmupService(new AnalyticsPeriodService(dates.Object, Localization), Repository<Segment>(), new FakeStoreService(), dashboard,
            new SegmentKpiService(Repository<AbandonedCart>(), Repository<CustomerProfile>(), Repository<Order>(), Repository<SegmentMember>(), Cache, settings),
            new SegmentTransitionService(Repository<Segment>(), Repository<SegmentMovement>(), Cache),
            new SegmentTrendService(Repository<SegmentMovement>(), Repository<SegmentSnapshot>(), Cache));
    }

    public ProfileSnapshotService ProfileSnapshots() => new(Repository<CustomerProfile>(), Repository<ProfileSnapshot>());

    /// <summary>The customers holding a role, by id.</summary>
    public async Task<int[]> RoleHoldersAsync(int roleId) =>
        (await Repository<CustomerCustomerRoleMapping>().Table.Where(m => m.CustomerRoleId == roleId).Select(m => m.CustomerId).ToListAsync()).Order().ToArray();

    public async Task MapToCategoryAsync(Product product, int categoryId) =>
        await Repository<ProductCategory>().InsertAsync(new ProductCategory { ProductId = product.Id, CategoryId = categoryId });

    public ProfileRebuildService RebuildService(DateTime utcNow, SegmentationSettings settings = null) =>
        RebuildService(new ManualClock(utcNow), settings);

    /// <summary>Over repositories that open a connection per call, as nopCommerce's do, so its source queries can stream side by side.</summary>
    public ProfileRebuildService RebuildService(TimeProvider clock, SegmentationSettings settings = null)
    {
        settings ??= new SegmentationSettings();
        Linq2DbRepository<T> PerCall<T>() where T : BaseEntity => new(_options);
        return new ProfileRebuildService(
            new CustomerProfileService(PerCall<Customer>(), PerCall<CustomerRole>(), PerCall<CustomerCustomerRoleMapping>(), PerCall<Order>(), PerCall<OrderItem>(), PerCall<Product>(), PerCall<ShoppingCartItem>(),
                PerCall<CustomerProfile>(), PerCall<StoreStatistics>(), PerCall<Nop.Core.Domain.Messages.NewsLetterSubscription>(), settings, Cache),
            new CustomerCategoryService(PerCall<Customer>(), PerCall<Order>(), PerCall<OrderItem>(), PerCall<ProductCategory>(), PerCall<CustomerCategory>()),
            new TaskLeaseService(PerCall<TaskLease>()),
            new StoreStatisticsService(PerCall<Customer>(), PerCall<Order>(), PerCall<StoreStatistics>(), Cache), settings, clock);
    }

    public async Task<Customer> AddCustomerAsync(Action<Customer> set = null)
    {
        var customer = new Customer { CustomerGuid = Guid.NewGuid(), CreatedOnUtc = new DateTime(2020, 1, 1), LastActivityDateUtc = new DateTime(2020, 1, 1) };
        set?.Invoke(customer);
        await Repository<Customer>().InsertAsync(customer);
        return customer;
    }

    public async Task<Product> AddProductAsync(decimal price)
    {
        var product = new Product { Price = price };
        await Repository<Product>().InsertAsync(product);
        return product;
    }

    public async Task<Order> AddOrderAsync(Customer customer, int storeId, DateTime createdOnUtc, decimal total, params (Product Product, int Quantity)[] items)
    {
        return await AddOrderAsync(customer, storeId, createdOnUtc, total, _ => { }, items);
    }

    public async Task<Order> AddOrderAsync(Customer customer, int storeId, DateTime createdOnUtc, decimal total, Action<Order> set, params (Product Product, int Quantity)[] items)
    {
        var order = new Order
        {
            CustomerId = customer.Id, StoreId = storeId, CreatedOnUtc = createdOnUtc, OrderTotal = total,
            OrderStatus = OrderStatus.Complete, PaymentStatus = PaymentStatus.Paid
        };
        set(order);
        await Repository<Order>().InsertAsync(order);
        foreach (var (product, quantity) in items)
            await Repository<OrderItem>().InsertAsync(new OrderItem { OrderId = order.Id, ProductId = product.Id, Quantity = quantity, PriceInclTax = product.Price * quantity });
        return order;
    }

    public async Task<ShoppingCartItem> AddCartItemAsync(Customer customer, int storeId, Product product, int quantity, DateTime updatedOnUtc,
        ShoppingCartType type = ShoppingCartType.ShoppingCart)
    {
        var item = new ShoppingCartItem
        {
            CustomerId = customer.Id, StoreId = storeId, ProductId = product.Id, Quantity = quantity, ShoppingCartType = type,
            CreatedOnUtc = updatedOnUtc, UpdatedOnUtc = updatedOnUtc
        };
        await Repository<ShoppingCartItem>().InsertAsync(item);
        return item;
    }

    public async Task<List<CustomerProfile>> ProfilesAsync() =>
        (await Repository<CustomerProfile>().Table.ToListAsync()).OrderBy(p => p.CustomerId).ThenBy(p => p.StoreId).ToList();

    public void Dispose()
    {
        Connection.Dispose();
        Database.Dispose();
    }
}
