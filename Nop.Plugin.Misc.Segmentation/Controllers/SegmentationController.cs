using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Segmentation.Factories;
using Nop.Plugin.Misc.Segmentation.Models;
using Nop.Plugin.Misc.Segmentation.Services;
using Nop.Services.Configuration;
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

    private readonly BuiltInSegmentService _builtInSegmentService;
    private readonly ILocalizationService _localizationService;
    private readonly INotificationService _notificationService;
    private readonly ISettingService _settingService;
    private readonly SegmentationModelFactory _modelFactory;
    private readonly SegmentEvaluationService _segmentEvaluationService;
    private readonly TimeProvider _time;

    public SegmentationController(BuiltInSegmentService builtInSegmentService,
        ILocalizationService localizationService,
        INotificationService notificationService,
        ISettingService settingService,
        SegmentationModelFactory modelFactory,
        SegmentEvaluationService segmentEvaluationService,
        TimeProvider time)
    {
        _builtInSegmentService = builtInSegmentService;
        _localizationService = localizationService;
        _notificationService = notificationService;
        _settingService = settingService;
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
            return View(ConfigureView, model);

        await _modelFactory.SaveConfigurationAsync(model);

        // a new loyal or VIP bar applies now, not at the next task run
        var now = _time.GetUtcNow().UtcDateTime;
        foreach (var segment in await _builtInSegmentService.EnsureAsync(await _settingService.LoadSettingAsync<SegmentationSettings>(), now))
            await _segmentEvaluationService.EvaluateAsync(segment, now);
        _notificationService.SuccessNotification(await _localizationService.GetResourceAsync("Admin.Plugins.Saved"));

        return RedirectToAction(nameof(Configure));
    }
}
