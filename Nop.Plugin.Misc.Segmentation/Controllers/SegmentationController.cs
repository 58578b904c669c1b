using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Segmentation.Factories;
using Nop.Plugin.Misc.Segmentation.Models;
using Nop.Plugin.Misc.Segmentation.Services;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;

namespace Nop.Plugin.Misc.Segmentation.Controllers;

[AuthorizeAdmin]
[Area(AreaNames.ADMIN)]
[AutoValidateAntiforgeryToken]
public class SegmentationController : BasePluginController
{
    public const string ConfigureView = SegmentationDefaults.PluginFolder + "Views/Configure.cshtml";

    private readonly ILocalizationService _localizationService;
    private readonly INotificationService _notificationService;
    private readonly SegmentationModelFactory _modelFactory;

    public SegmentationController(ILocalizationService localizationService,
        INotificationService notificationService,
        SegmentationModelFactory modelFactory)
    {
        _localizationService = localizationService;
        _notificationService = notificationService;
        _modelFactory = modelFactory;
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
            return View(ConfigureView, model);

        await _modelFactory.SaveConfigurationAsync(model);
        _notificationService.SuccessNotification(await _localizationService.GetResourceAsync("Admin.Plugins.Saved"));

        return RedirectToAction(nameof(Configure));
    }
}
