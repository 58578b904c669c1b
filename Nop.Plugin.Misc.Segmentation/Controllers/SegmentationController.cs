using System.Linq.Expressions;
using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Factories;
using Nop.Plugin.Misc.Segmentation.Models.Admin;
using Nop.Plugin.Misc.Segmentation.Services;
using Nop.Plugin.Misc.Segmentation.Services.Offers;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Services.Configuration;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.Security;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;

namespace Nop.Plugin.Misc.Segmentation.Controllers;

[AuthorizeAdmin]
[Area(AreaNames.ADMIN)]
[AutoValidateAntiforgeryToken]
public class SegmentationController : BasePluginController
{
    public const string ConfigureView = SegmentationDefaults.PluginFolder + "Views/Admin/Configure.cshtml";

    private readonly BuiltInSegmentService _builtInSegmentService;
    private readonly GreetingService _greetingService;
    private readonly ILocalizationService _localizationService;
    private readonly INotificationService _notificationService;
    private readonly ISettingService _settingService;
    private readonly LoyaltyShippingService _loyaltyShippingService;
    private readonly SegmentDiscountService _segmentDiscountService;
    private readonly SegmentationModelFactory _modelFactory;
    private readonly SegmentEvaluationService _segmentEvaluationService;
    private readonly TimeProvider _time;

    public SegmentationController(BuiltInSegmentService builtInSegmentService,
        GreetingService greetingService,
        ILocalizationService localizationService,
        INotificationService notificationService,
        ISettingService settingService,
        LoyaltyShippingService loyaltyShippingService,
        SegmentationModelFactory modelFactory,
        SegmentDiscountService segmentDiscountService,
        SegmentEvaluationService segmentEvaluationService,
        TimeProvider time)
    {
        _builtInSegmentService = builtInSegmentService;
        _greetingService = greetingService;
        _localizationService = localizationService;
        _notificationService = notificationService;
        _settingService = settingService;
        _loyaltyShippingService = loyaltyShippingService;
        _segmentDiscountService = segmentDiscountService;
        _modelFactory = modelFactory;
        _segmentEvaluationService = segmentEvaluationService;
        _time = time;
    }

    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    public async Task<IActionResult> Configure()
    {
        return View(ConfigureView, await _modelFactory.PrepareConfigurationModelAsync());
    }

    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    public async Task<IActionResult> Configure(ConfigurationModel model)
    {
        // nopCommerce runs ConfigurationModelValidator during model binding; an invalid form is shown again, unsaved
        if (!ModelState.IsValid)
        {
            await _modelFactory.PrepareGreetingsAsync(model);
            return View(ConfigureView, model);
        }

        await _modelFactory.SaveConfigurationAsync(model);

        // a new loyal or VIP bar applies now, not at the next task run
        var now = _time.GetUtcNow().UtcDateTime;
        foreach (var segment in await _builtInSegmentService.EnsureAsync(await _settingService.LoadSettingAsync<SegmentationSettings>(), now))
            await _segmentEvaluationService.EvaluateAsync(segment, now);
        _notificationService.SuccessNotification(await _localizationService.GetResourceAsync("Admin.Plugins.Saved"));

        return RedirectToAction(nameof(Configure));
    }

    /// <summary>Adds a greeting text, or replaces the one for the same audience, segment, store and language.</summary>
    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    public async Task<IActionResult> SaveGreeting(GreetingModel newGreeting)
    {
        newGreeting ??= new GreetingModel();
        var problem = await _greetingService.SaveAsync((GreetingAudience)newGreeting.AudienceId, newGreeting.SegmentId, newGreeting.StoreId,
            newGreeting.LanguageId, newGreeting.Body);
        if (problem != null)
            _notificationService.ErrorNotification(problem);
        else
            _notificationService.SuccessNotification(await _localizationService.GetResourceAsync("Plugins.Misc.Segmentation.Greeting.Saved"));
        return RedirectToAction(nameof(Configure));
    }

    /// <summary>Removes a greeting text; its audience falls back to a less specific text or the default.</summary>
    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    public async Task<IActionResult> DeleteGreeting(int id)
    {
        if (await _greetingService.DeleteAsync(id))
            _notificationService.SuccessNotification(await _localizationService.GetResourceAsync("Plugins.Misc.Segmentation.Greeting.Deleted"));
        else
            _notificationService.ErrorNotification(await _localizationService.GetResourceAsync("Plugins.Misc.Segmentation.Greeting.NotFound"));
        return RedirectToAction(nameof(Configure));
    }

    /// <summary>One click: loyal customers get nopCommerce's free shipping through a role mirrored from the segment.</summary>
    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    public async Task<IActionResult> SetUpFreeShipping()
    {
        try
        {
            var role = await _loyaltyShippingService.SetUpFreeShippingAsync(
                await _localizationService.GetResourceAsync("Plugins.Misc.Segmentation.LoyaltyShipping.RoleName"));
            await RememberAsync(s => s.LoyaltyFreeShippingRoleId, role.Id);
            _notificationService.SuccessNotification(string.Format(
                await _localizationService.GetResourceAsync("Plugins.Misc.Segmentation.LoyaltyShipping.FreeShipping.Done"), role.Name));
        }
        catch (InvalidOperationException error)
        {
            _notificationService.ErrorNotification(error.Message);
        }

        return RedirectToAction(nameof(Configure));
    }

    /// <summary>One click: a shipping discount (percentage) for the loyal segment, listed under Promotions > Discounts.</summary>
    [HttpPost]
    [CheckPermission(StandardPermission.Promotions.DISCOUNTS_CREATE_EDIT_DELETE)]
    public async Task<IActionResult> SetUpShippingDiscount(decimal shippingDiscountPercentage) =>
        await CreateDiscountAsync(shippingDiscountPercentage, async () => await _loyaltyShippingService.SetUpShippingDiscountAsync(
            await _localizationService.GetResourceAsync("Plugins.Misc.Segmentation.LoyaltyShipping.DiscountName"), true, shippingDiscountPercentage),
            s => s.LoyaltyShippingDiscountId);

    /// <summary>
    /// One click: the abandoned-cart offer as an order subtotal discount (percentage) for the segment of customers
    /// whose offer is valid; it is theirs alone, once, until it expires.
    /// </summary>
    [HttpPost]
    [CheckPermission(StandardPermission.Promotions.DISCOUNTS_CREATE_EDIT_DELETE)]
    public async Task<IActionResult> SetUpCartOfferDiscount(decimal cartOfferPercentage) =>
        await CreateDiscountAsync(cartOfferPercentage, async () => await _segmentDiscountService.CreateAsync(
            await _segmentDiscountService.BuiltInAsync(BuiltInSegmentService.AbandonedCartSystemName),
            Nop.Core.Domain.Discounts.DiscountType.AssignedToOrderSubTotal,
            await _localizationService.GetResourceAsync("Plugins.Misc.Segmentation.CartOffer.DiscountName"), true, cartOfferPercentage),
            s => s.CartOfferDiscountId);

    /// <summary>A one-click discount: the percentage checked first (with the owner's language), then the outcome reported.</summary>
    private async Task<IActionResult> CreateDiscountAsync(decimal percentage, Func<Task<Nop.Core.Domain.Discounts.Discount>> create,
        Expression<Func<SegmentationSettings, int>> remember)
    {
        if (percentage is <= 0 or > 100)
        {
            _notificationService.ErrorNotification(await _localizationService.GetResourceAsync("Plugins.Misc.Segmentation.Discount.Percentage.Range"));
            return RedirectToAction(nameof(Configure));
        }

        try
        {
            var discount = await create();
            await RememberAsync(remember, discount.Id);
            _notificationService.SuccessNotification(string.Format(
                await _localizationService.GetResourceAsync("Plugins.Misc.Segmentation.Discount.Created"), discount.Name));
        }
        catch (InvalidOperationException error)
        {
            _notificationService.ErrorNotification(error.Message);
        }

        return RedirectToAction(nameof(Configure));
    }

    /// <summary>Keeps what a one-click set-up made, for every store, so the storefront widgets can announce it.</summary>
    private async Task RememberAsync(Expression<Func<SegmentationSettings, int>> property, int id)
    {
        await _settingService.SetSettingAsync(_settingService.GetSettingKey(new SegmentationSettings(), property), id);
    }
}
