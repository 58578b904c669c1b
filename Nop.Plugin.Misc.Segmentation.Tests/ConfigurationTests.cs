using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Moq;
using Nop.Core;
using Nop.Plugin.Misc.Segmentation.Controllers;
using Nop.Plugin.Misc.Segmentation.Factories;
using Nop.Plugin.Misc.Segmentation.Models.Admin;
using Nop.Plugin.Misc.Segmentation.Services;
using Nop.Plugin.Misc.Segmentation.Services.Offers;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Plugin.Misc.Segmentation.Tests.Fakes;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using Nop.Plugin.Misc.Segmentation.Validators;
using Nop.Services.Messages;
using Nop.Web.Framework;
using Nop.Web.Framework.Mvc.Filters;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests;

public class ConfigurationTests
{
    private PluginServices _services;
    private Mock<IStoreContext> _storeContext;
    private Mock<INotificationService> _notifications;
    private StoreDatabase _store;

    [SetUp]
    public async Task SetUp()
    {
        _store = StoreDatabase.Create(DatabaseKind.Sqlite);
        _services = new PluginServices();
        await _services.CreatePlugin().InstallAsync();
        _storeContext = new Mock<IStoreContext>();
        _storeContext.Setup(c => c.GetActiveStoreScopeConfigurationAsync()).ReturnsAsync(0);
        _notifications = new Mock<INotificationService>();
    }

    [TearDown]
    public void TearDown() => _store?.Dispose();

    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private SegmentationController Controller() =>
        new(new BuiltInSegmentService(_store.Repository<Domain.Segment>()), _store.Greetings(_services.Localization), _services.Localization, _notifications.Object, _services.Settings,
            new LoyaltyShippingService(_store.Repository<Nop.Core.Domain.Customers.CustomerRole>(), _store.RoleSync(), Discounts()),
            new SegmentationModelFactory(_store.Greetings(_services.Localization), _services.Languages, _services.Localization, _store.Repository<Domain.Segment>(),
                _services.Settings, _storeContext.Object, _services.Stores), Discounts(), _store.SegmentService(), new ManualClock(Now));

    private SegmentDiscountService Discounts() => new(_services.Discounts.Object, _services.Localization, _store.Repository<Domain.Segment>(),
        _store.RequirementService(Mock.Of<Nop.Services.Customers.ICustomerService>(), new ManualClock(Now)));

    private static ConfigurationModel ValidModel() => new()
    {
        NewCustomerDays = 14, AtRiskAfterDays = 60, LapsedAfterDays = 120, ChurnedAfterDays = 400, BatchSize = 500,
        MediumTierMinOrders = 3, HeavyTierMinOrders = 10, RebuildLeaseMinutes = 15,
        LoyalMinOrders = 2, LoyalMinAmount = 150m, LoyalPeriodDays = 30, VipMinSpent = 800m,
        AbandonedCartIdleHours = 6, CartOfferValidDays = 5
    };

    [Test]
    public void The_controller_is_an_admin_page_behind_the_plugin_permission_with_antiforgery()
    {
        var type = typeof(SegmentationController);
        Assert.That(type.GetCustomAttribute<AuthorizeAdminAttribute>(), Is.Not.Null);
        Assert.That(type.GetCustomAttribute<AreaAttribute>()?.RouteValue, Is.EqualTo(AreaNames.ADMIN));
        Assert.That(type.GetCustomAttribute<AutoValidateAntiforgeryTokenAttribute>(), Is.Not.Null);

        var actions = type.GetMethods().Where(m => m.Name == nameof(SegmentationController.Configure)).ToList();
        Assert.That(actions, Has.Count.EqualTo(2));
        foreach (var action in actions)
            Assert.That(action.GetCustomAttribute<CheckPermissionAttribute>()?.PermissionSystemName,
                Is.EqualTo(new[] { SegmentationPermissionConfigManager.MANAGE_SEGMENTS }), action.ToString());
        Assert.That(actions.Count(a => a.GetCustomAttribute<HttpPostAttribute>() != null), Is.EqualTo(1));
    }

    [Test]
    public async Task Get_shows_the_stored_settings_in_the_plugin_view()
    {
        var result = await Controller().Configure() as ViewResult;

        Assert.That(result, Is.Not.Null);
        Assert.That(result.ViewName, Is.EqualTo("~/Plugins/Misc.Segmentation/Views/Admin/Configure.cshtml"));
        var model = (ConfigurationModel)result.Model;
        var defaults = new SegmentationSettings();
        Assert.That(model.NewCustomerDays, Is.EqualTo(defaults.NewCustomerDays));
        Assert.That(model.ChurnedAfterDays, Is.EqualTo(defaults.ChurnedAfterDays));
        Assert.That(model.BatchSize, Is.EqualTo(defaults.BatchSize));
        Assert.That(File.Exists(Path.Combine(TestPaths.PluginProjectDir, "Views", "Admin", "Configure.cshtml")));
    }

    [Test]
    public async Task Post_saves_a_valid_form_and_redirects()
    {
        var result = await Controller().Configure(ValidModel());

        Assert.That(result, Is.InstanceOf<RedirectToActionResult>());
        var settings = await _services.Settings.LoadSettingAsync<SegmentationSettings>();
        Assert.That((settings.NewCustomerDays, settings.AtRiskAfterDays, settings.LapsedAfterDays, settings.ChurnedAfterDays, settings.BatchSize),
            Is.EqualTo((14, 60, 120, 400, 500)));
        Assert.That((settings.MediumTierMinOrders, settings.HeavyTierMinOrders, settings.RebuildLeaseMinutes), Is.EqualTo((3, 10, 15)));
        Assert.That((settings.LoyalMinOrders, settings.LoyalMinAmount, settings.LoyalPeriodDays, settings.VipMinSpent), Is.EqualTo((2, 150m, 30, 800m)));
        Assert.That((settings.AbandonedCartIdleHours, settings.CartOfferValidDays), Is.EqualTo((6, 5)));
        _notifications.Verify(n => n.SuccessNotification(It.IsAny<string>(), true, 0), Times.Once);
    }

    [Test]
    public async Task A_new_loyal_bar_moves_customers_when_saved_not_at_the_next_task_run()
    {
        // the store as the task left it: built-ins with the default bar (3 orders in 90 days), evaluated
        var builtIns = new BuiltInSegmentService(_store.Repository<Domain.Segment>());
        foreach (var segment in await builtIns.EnsureAsync(new SegmentationSettings(), Now))
            await _store.SegmentService().EvaluateAsync(segment, Now);
        await _store.Repository<Domain.CustomerProfile>().InsertAsync(new List<Domain.CustomerProfile>
        {
            new() { CustomerId = 1, StoreId = 0, Orders30Days = 2, Orders90Days = 2, ComputedOnUtc = Now },
            new() { CustomerId = 2, StoreId = 0, Orders30Days = 1, Orders90Days = 4, ComputedOnUtc = Now }
        });
        var loyal = await _store.Repository<Domain.Segment>().Table.FirstOrDefaultAsync(s => s.SystemName == "loyal");
        await _store.SegmentService().EvaluateAsync(loyal, Now);
        Assert.That(await LoyalMembersAsync(), Is.EqualTo(new[] { 2 }));

        // 2 orders in 30 days (or 150 spent)
        await Controller().Configure(ValidModel());

        Assert.That(await LoyalMembersAsync(), Is.EqualTo(new[] { 1 }));
        var movements = await _store.Repository<Domain.SegmentMovement>().Table.Where(m => m.SegmentId == loyal.Id).ToListAsync();
        Assert.That(movements.Select(m => (m.CustomerId, m.MovementType)), Is.EquivalentTo(new[]
        {
            (2, Domain.SegmentMovementType.Entered), (1, Domain.SegmentMovementType.Entered), (2, Domain.SegmentMovementType.Left)
        }));
    }

    private async Task<int[]> LoyalMembersAsync()
    {
        var loyal = await _store.Repository<Domain.Segment>().Table.FirstOrDefaultAsync(s => s.SystemName == "loyal");
        return (await _store.Repository<Domain.SegmentMember>().Table.Where(m => m.SegmentId == loyal.Id).Select(m => m.CustomerId).ToListAsync())
            .Order().ToArray();
    }

    [Test]
    public async Task Free_shipping_for_loyal_customers_is_one_click_and_reports_what_it_did()
    {
        foreach (var segment in await new BuiltInSegmentService(_store.Repository<Domain.Segment>()).EnsureAsync(new SegmentationSettings(), Now))
            await _store.SegmentService().EvaluateAsync(segment, Now);

        var result = await Controller().SetUpFreeShipping();

        Assert.That(result, Is.InstanceOf<RedirectToActionResult>());
        var role = (await _store.Repository<Nop.Core.Domain.Customers.CustomerRole>().Table.ToListAsync()).Single();
        Assert.That((role.Name, role.FreeShipping), Is.EqualTo(("Loyal customers (free shipping)", true)));
        _notifications.Verify(n => n.SuccessNotification(It.Is<string>(m => m.Contains(role.Name)), true, 0), Times.Once);
        // remembered for every store, so the storefront can announce it
        Assert.That((await _services.Settings.LoadSettingAsync<SegmentationSettings>(2)).LoyaltyFreeShippingRoleId, Is.EqualTo(role.Id));
    }

    [TestCase(0)]
    [TestCase(101)]
    public async Task A_discount_percentage_out_of_range_is_refused_with_a_message(decimal percentage)
    {
        await Controller().SetUpShippingDiscount(percentage);
        await Controller().SetUpCartOfferDiscount(percentage);

        _notifications.Verify(n => n.ErrorNotification("Enter a percentage above 0 and at most 100.", true, 0), Times.Exactly(2));
        _services.Discounts.Verify(d => d.InsertDiscountAsync(It.IsAny<Nop.Core.Domain.Discounts.Discount>()), Times.Never);
    }

    [Test]
    public async Task The_cart_offer_discount_is_one_click_on_the_order_subtotal()
    {
        await new BuiltInSegmentService(_store.Repository<Domain.Segment>()).EnsureAsync(new SegmentationSettings(), Now);
        _services.Discounts.Setup(d => d.InsertDiscountAsync(It.IsAny<Nop.Core.Domain.Discounts.Discount>()))
            .Callback<Nop.Core.Domain.Discounts.Discount>(d => d.Id = 9).Returns(Task.CompletedTask);
        var requirementIds = 20;
        _services.Discounts.Setup(d => d.InsertDiscountRequirementAsync(It.IsAny<Nop.Core.Domain.Discounts.DiscountRequirement>()))
            .Callback<Nop.Core.Domain.Discounts.DiscountRequirement>(r => r.Id = ++requirementIds).Returns(Task.CompletedTask);

        await Controller().SetUpCartOfferDiscount(15);

        _services.Discounts.Verify(d => d.InsertDiscountAsync(It.Is<Nop.Core.Domain.Discounts.Discount>(x =>
            x.DiscountType == Nop.Core.Domain.Discounts.DiscountType.AssignedToOrderSubTotal && x.UsePercentage && x.DiscountPercentage == 15m
            && x.Name == "Abandoned cart: personal offer")), Times.Once);
        _notifications.Verify(n => n.SuccessNotification(It.Is<string>(m => m.Contains("Abandoned cart: personal offer")), true, 0), Times.Once);
        // the rule requirement (the second one inserted, after its group) asks for the abandoned-cart segment alone
        var offerSegment = await _store.Repository<Domain.Segment>().Table.FirstOrDefaultAsync(s => s.SystemName == BuiltInSegmentService.AbandonedCartSystemName);
        var requirement = (await _store.Repository<Domain.SegmentRequirement>().Table.ToListAsync()).Single();
        Assert.That((requirement.DiscountRequirementId, requirement.SegmentIds), Is.EqualTo((22, offerSegment.Id.ToString())));
    }

    [Test]
    public void The_one_click_actions_are_posts_behind_the_right_permissions()
    {
        var type = typeof(SegmentationController);
        foreach (var (action, permission) in new[]
                 {
                     (nameof(SegmentationController.SetUpFreeShipping), SegmentationPermissionConfigManager.MANAGE_SEGMENTS),
                     (nameof(SegmentationController.SetUpShippingDiscount), Nop.Services.Security.StandardPermission.Promotions.DISCOUNTS_CREATE_EDIT_DELETE),
                     (nameof(SegmentationController.SetUpCartOfferDiscount), Nop.Services.Security.StandardPermission.Promotions.DISCOUNTS_CREATE_EDIT_DELETE)
                 })
        {
            var method = type.GetMethod(action);
            Assert.That(method.GetCustomAttribute<HttpPostAttribute>(), Is.Not.Null, action);
            Assert.That(method.GetCustomAttribute<CheckPermissionAttribute>()?.PermissionSystemName, Is.EqualTo(new[] { permission }), action);
        }
    }

    [Test]
    public async Task Post_with_errors_shows_the_form_again_and_changes_nothing()
    {
        var before = new Dictionary<(string, int), string>(_services.Settings.Rows);
        var controller = Controller();
        controller.ModelState.AddModelError(nameof(ConfigurationModel.BatchSize), "bad");
        var model = ValidModel() with { BatchSize = 5 };

        var result = await controller.Configure(model) as ViewResult;

        Assert.That(result?.Model, Is.SameAs(model));
        Assert.That(_services.Settings.Rows, Is.EquivalentTo(before));
        _notifications.Verify(n => n.SuccessNotification(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<int>()), Times.Never);
    }

    [Test]
    public async Task Per_store_values_override_the_shared_ones_only_where_the_owner_ticks_override()
    {
        _storeContext.Setup(c => c.GetActiveStoreScopeConfigurationAsync()).ReturnsAsync(2);
        var model = ValidModel() with { NewCustomerDays_OverrideForStore = true, NewCustomerDays = 7, AtRiskAfterDays_OverrideForStore = false };

        await Controller().Configure(model);

        Assert.That((await _services.Settings.LoadSettingAsync<SegmentationSettings>(2)).NewCustomerDays, Is.EqualTo(7));
        Assert.That((await _services.Settings.LoadSettingAsync<SegmentationSettings>(1)).NewCustomerDays, Is.EqualTo(new SegmentationSettings().NewCustomerDays));
        Assert.That((await _services.Settings.LoadSettingAsync<SegmentationSettings>(2)).AtRiskAfterDays, Is.EqualTo(new SegmentationSettings().AtRiskAfterDays));

        var shown = (ConfigurationModel)((ViewResult)await Controller().Configure()).Model;
        Assert.That(shown.ActiveStoreScopeConfiguration, Is.EqualTo(2));
        Assert.That(shown.NewCustomerDays_OverrideForStore, Is.True);
        Assert.That(shown.AtRiskAfterDays_OverrideForStore, Is.False);
    }

    [Test]
    public void The_validator_accepts_the_defaults()
    {
        var defaults = new SegmentationSettings();
        var model = new ConfigurationModel
        {
            NewCustomerDays = defaults.NewCustomerDays, AtRiskAfterDays = defaults.AtRiskAfterDays, LapsedAfterDays = defaults.LapsedAfterDays,
            ChurnedAfterDays = defaults.ChurnedAfterDays, BatchSize = defaults.BatchSize, MediumTierMinOrders = defaults.MediumTierMinOrders,
            HeavyTierMinOrders = defaults.HeavyTierMinOrders, RebuildLeaseMinutes = defaults.RebuildLeaseMinutes,
            LoyalMinOrders = defaults.LoyalMinOrders, LoyalMinAmount = defaults.LoyalMinAmount, LoyalPeriodDays = defaults.LoyalPeriodDays,
            VipMinSpent = defaults.VipMinSpent, AbandonedCartIdleHours = defaults.AbandonedCartIdleHours, CartOfferValidDays = defaults.CartOfferValidDays
        };

        Assert.That(new ConfigurationModelValidator(_services.Localization).Validate(model).IsValid, Is.True);
    }

    [TestCase(0, 60, 120, 400, 500, "Enter a whole number of days from 1 to 3650.")]
    [TestCase(14, 60, 120, 4000, 500, "Enter a whole number of days from 1 to 3650.")]
    [TestCase(14, 60, 120, 400, 99, "Enter a batch size from 100 to 100000.")]
    [TestCase(14, 60, 120, 400, 100_001, "Enter a batch size from 100 to 100000.")]
    [TestCase(90, 60, 120, 400, 500, "The thresholds must increase: new customer < at risk < lapsed < churned.")]
    [TestCase(14, 60, 60, 400, 500, "The thresholds must increase: new customer < at risk < lapsed < churned.")]
    public void The_validator_rejects_bad_values_with_a_clear_localized_message(int newDays, int atRisk, int lapsed, int churned, int batch, string message)
    {
        var model = ValidModel() with { NewCustomerDays = newDays, AtRiskAfterDays = atRisk, LapsedAfterDays = lapsed, ChurnedAfterDays = churned, BatchSize = batch };

        var result = new ConfigurationModelValidator(_services.Localization).Validate(model);

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.Select(e => e.ErrorMessage), Does.Contain(message));
    }

    [TestCase(3, 3, 10, "The heavy buyer threshold must be above the medium one.")]
    [TestCase(0, 12, 10, "Enter a number of orders from 1 to 1000.")]
    [TestCase(4, 12, 0, "Enter a number of minutes from 1 to 240.")]
    public void The_validator_rejects_bad_tiers_and_lease(int medium, int heavy, int leaseMinutes, string message)
    {
        var model = ValidModel() with { MediumTierMinOrders = medium, HeavyTierMinOrders = heavy, RebuildLeaseMinutes = leaseMinutes };

        var result = new ConfigurationModelValidator(_services.Localization).Validate(model);

        Assert.That(result.Errors.Select(e => e.ErrorMessage), Does.Contain(message));
    }

    [TestCase(0, 0, 90, 1000, "Enter a number of orders from 1 to 1000.")]
    [TestCase(3, -1, 90, 1000, "Enter an amount from 0 to 100000000.")]
    [TestCase(3, 0, 60, 1000, "Choose 30, 90 or 365 days.")]
    [TestCase(3, 0, 90, -5, "Enter an amount from 0 to 100000000.")]
    public void The_validator_rejects_bad_segment_bars(int loyalOrders, decimal loyalAmount, int loyalDays, decimal vip, string message)
    {
        var model = ValidModel() with { LoyalMinOrders = loyalOrders, LoyalMinAmount = loyalAmount, LoyalPeriodDays = loyalDays, VipMinSpent = vip };

        var result = new ConfigurationModelValidator(_services.Localization).Validate(model);

        Assert.That(result.Errors.Select(e => e.ErrorMessage), Does.Contain(message));
    }

    [Test]
    [TestCase(0, 3, "Enter a number of hours from 1 to 720.")]
    [TestCase(721, 3, "Enter a number of hours from 1 to 720.")]
    [TestCase(4, 0, "Enter a number of days from 1 to 90.")]
    [TestCase(4, 91, "Enter a number of days from 1 to 90.")]
    public void The_validator_rejects_bad_abandoned_cart_settings(int idleHours, int offerDays, string message)
    {
        var model = ValidModel() with { AbandonedCartIdleHours = idleHours, CartOfferValidDays = offerDays };

        var result = new ConfigurationModelValidator(_services.Localization).Validate(model);

        Assert.That(result.Errors.Select(e => e.ErrorMessage), Is.EqualTo(new[] { message }));
    }

    [Test]
    public void The_validator_speaks_the_working_language()
    {
        _services.Localization.WorkingLanguageId = FakeLanguageService.Russian.Id;
        var model = ValidModel() with { BatchSize = 1 };

        var result = new ConfigurationModelValidator(_services.Localization).Validate(model);

        Assert.That(result.Errors.Single().ErrorMessage, Is.EqualTo("Введите размер пакета от 100 до 100000."));
    }

    [Test]
    public async Task Widget_zones_and_the_progress_setting_are_saved_for_every_store_and_shown_again()
    {
        await Controller().Configure(ValidModel() with
        {
            GreetingWidgetZones = " header_after,home_page_top , header_after", LoyaltyWidgetZones = "", CartOfferWidgetZones = "order_summary_content_deals",
            LoyaltyProgressOrders = 2
        });

        var settings = await _services.Settings.LoadSettingAsync<SegmentationSettings>(1);
        Assert.That(settings.GreetingWidgetZones, Is.EqualTo(new[] { "header_after", "home_page_top" }));
        Assert.That(settings.LoyaltyWidgetZones, Is.Empty);
        Assert.That((settings.CartOfferWidgetZones.Single(), settings.LoyaltyProgressOrders), Is.EqualTo(("order_summary_content_deals", 2)));

        var shown = (ConfigurationModel)((ViewResult)await Controller().Configure()).Model;
        Assert.That((shown.GreetingWidgetZones, shown.LoyaltyWidgetZones, shown.LoyaltyProgressOrders), Is.EqualTo(("header_after, home_page_top", "", 2)));
    }

    [Test]
    public async Task The_reminder_schedule_is_saved_and_shown_again()
    {
        await Controller().Configure(ValidModel() with { CartReminderHours = " 1, 24 ,60" });

        var settings = await _services.Settings.LoadSettingAsync<SegmentationSettings>(1);
        Assert.That(settings.CartReminderHours, Is.EqualTo(new[] { 1, 24, 60 }));
        var shown = (ConfigurationModel)((ViewResult)await Controller().Configure()).Model;
        Assert.That(shown.CartReminderHours, Is.EqualTo("1, 24, 60"));

        await Controller().Configure(ValidModel() with { CartReminderHours = "" });
        Assert.That((await _services.Settings.LoadSettingAsync<SegmentationSettings>(1)).CartReminderHours, Is.Empty, "no e-mails");
    }

    // the offer of ValidModel() lasts 5 days: a reminder at hour 120 or later would never go
    [TestCase("48, 24")]
    [TestCase("24, 24")]
    [TestCase("1, 2, 3, 4, 5, 6")]
    [TestCase("0, 120")]
    [TestCase("-1")]
    [TestCase("1.5")]
    [TestCase("a day")]
    public async Task A_reminder_schedule_that_could_not_run_as_written_is_refused_and_nothing_is_saved(string hours)
    {
        var result = new ConfigurationModelValidator(_services.Localization).Validate(ValidModel() with { CartReminderHours = hours });

        Assert.That(result.Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { nameof(ConfigurationModel.CartReminderHours) }));
        Assert.That(result.Errors.Single().ErrorMessage, Does.StartWith("Enter at most 5 whole numbers of hours"));

        var controller = Controller();
        controller.ModelState.AddModelError(nameof(ConfigurationModel.CartReminderHours), result.Errors.Single().ErrorMessage);
        await controller.Configure(ValidModel() with { CartReminderHours = hours });
        Assert.That((await _services.Settings.LoadSettingAsync<SegmentationSettings>(1)).CartReminderHours, Is.EqualTo(new[] { 0, 48 }), "the default stays");
    }

    [TestCase("0, 48, 119")]
    [TestCase("")]
    [TestCase(null)]
    public void A_rising_schedule_within_the_offer_or_none_is_accepted(string hours)
    {
        var result = new ConfigurationModelValidator(_services.Localization).Validate(ValidModel() with { CartReminderHours = hours });
        Assert.That(result.IsValid, Is.True, string.Join("; ", result.Errors));
    }

    [Test]
    public async Task A_refused_greeting_is_explained_in_the_admin_s_language_and_nothing_is_saved()
    {
        _services.Localization.WorkingLanguageId = FakeLanguageService.Russian.Id;

        await Controller().SaveGreeting(new GreetingModel { AudienceId = (int)Domain.GreetingAudience.SignedIn, Body = "  " });
        await Controller().SaveGreeting(new GreetingModel { AudienceId = (int)Domain.GreetingAudience.SignedIn, Body = "Привет, %Customer.Email%" });

        _notifications.Verify(n => n.ErrorNotification("Напишите приветствие или удалите его, чтобы использовать текст по умолчанию.", true, 0), Times.Once);
        _notifications.Verify(n => n.ErrorNotification(
            $"Неизвестный маркер %Customer.Email%; используйте {string.Join(", ", GreetingService.Tokens)}.", true, 0), Times.Once);
        Assert.That(await _store.Repository<Domain.GreetingTemplate>().Table.CountAsync(), Is.Zero);
    }

    [TestCase("Home Page")]
    [TestCase("home_page_top;<script>")]
    [TestCase("home-page-top")]
    public void A_zone_name_nopCommerce_would_never_render_is_refused(string zones)
    {
        var result = new ConfigurationModelValidator(_services.Localization).Validate(ValidModel() with { GreetingWidgetZones = zones });

        Assert.That(result.Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { nameof(ConfigurationModel.GreetingWidgetZones) }));
        Assert.That(result.Errors.Single().ErrorMessage, Does.StartWith("Enter widget zone names"));
    }

    [Test]
    public void Zone_lists_in_nopCommerce_spelling_and_an_empty_list_are_accepted()
    {
        var result = new ConfigurationModelValidator(_services.Localization).Validate(ValidModel() with
        {
            GreetingWidgetZones = "home_page_top, header_after", LoyaltyWidgetZones = "", CartOfferWidgetZones = null, LoyaltyProgressOrders = 0
        });
        Assert.That(result.IsValid, Is.True, string.Join("; ", result.Errors));
    }

    [Test]
    public async Task Greetings_are_added_listed_and_deleted_from_the_page_and_a_bad_one_changes_nothing()
    {
        var result = await Controller().SaveGreeting(new GreetingModel
        {
            AudienceId = (int)Domain.GreetingAudience.ReturningGuest, StoreId = 2, LanguageId = FakeLanguageService.Russian.Id,
            Body = "С возвращением в %Store.Name%!"
        });
        Assert.That(result, Is.InstanceOf<RedirectToActionResult>());
        _notifications.Verify(n => n.SuccessNotification("The greeting has been saved.", true, 0), Times.Once);

        await Controller().SaveGreeting(new GreetingModel { AudienceId = (int)Domain.GreetingAudience.SignedIn, Body = "Hi %Customer.Email%" });
        _notifications.Verify(n => n.ErrorNotification(It.Is<string>(m => m.Contains("%Customer.Email%")), true, 0), Times.Once);

        var shown = (ConfigurationModel)((ViewResult)await Controller().Configure()).Model;
        var greeting = shown.Greetings.Single();
        Assert.That((greeting.AudienceName, greeting.SegmentName, greeting.StoreName, greeting.LanguageName, greeting.Body),
            Is.EqualTo(("returning guests", "Admin.Common.All", "Outlet", "Русский", "С возвращением в %Store.Name%!")));
        Assert.That(shown.NewGreeting.AvailableStores.Select(s => s.Text), Is.EqualTo(new[] { "Admin.Common.All", "Main store", "Outlet" }));
        Assert.That(shown.NewGreeting.AvailableAudiences.Select(a => a.Value), Is.EqualTo(new[] { "10", "20", "30" }));

        await Controller().DeleteGreeting(greeting.Id);
        Assert.That(await _store.Repository<Domain.GreetingTemplate>().Table.CountAsync(), Is.Zero);
        await Controller().DeleteGreeting(greeting.Id);
        _notifications.Verify(n => n.ErrorNotification("That greeting no longer exists.", true, 0), Times.Once);
    }

    [Test]
    public async Task A_one_click_offer_is_remembered_so_the_storefront_can_announce_it()
    {
        foreach (var segment in await new BuiltInSegmentService(_store.Repository<Domain.Segment>()).EnsureAsync(new SegmentationSettings(), Now))
            await _store.SegmentService().EvaluateAsync(segment, Now);
        _services.Discounts.Setup(d => d.InsertDiscountAsync(It.IsAny<Nop.Core.Domain.Discounts.Discount>()))
            .Callback<Nop.Core.Domain.Discounts.Discount>(d => d.Id = 77).Returns(Task.CompletedTask);
        var requirementIds = 600;
        _services.Discounts.Setup(d => d.InsertDiscountRequirementAsync(It.IsAny<Nop.Core.Domain.Discounts.DiscountRequirement>()))
            .Callback<Nop.Core.Domain.Discounts.DiscountRequirement>(r => r.Id = ++requirementIds).Returns(Task.CompletedTask);

        await Controller().SetUpCartOfferDiscount(15m);
        await Controller().SetUpCartOfferDiscount(150m);

        var settings = await _services.Settings.LoadSettingAsync<SegmentationSettings>(1);
        Assert.That((settings.CartOfferDiscountId, settings.LoyaltyShippingDiscountId), Is.EqualTo((77, 0)));
        _services.Discounts.Verify(d => d.InsertDiscountAsync(It.IsAny<Nop.Core.Domain.Discounts.Discount>()), Times.Once);
    }
}
