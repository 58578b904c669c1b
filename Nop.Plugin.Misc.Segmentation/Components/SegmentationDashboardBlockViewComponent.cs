using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Segmentation.Factories;
using Nop.Plugin.Misc.Segmentation.Services;
using Nop.Services.Security;
using Nop.Web.Framework.Components;

namespace Nop.Plugin.Misc.Segmentation.Components;

/// <summary>The plugin's block on the admin home page, for those who may manage segments.</summary>
public class SegmentationDashboardBlockViewComponent : NopViewComponent
{
    public const string ViewPath = SegmentationDefaults.PluginFolder + "Views/Admin/Components/DashboardBlock.cshtml";

    private readonly AnalyticsWidgetModelFactory _modelFactory;
    private readonly IPermissionService _permissionService;

    public SegmentationDashboardBlockViewComponent(AnalyticsWidgetModelFactory modelFactory, IPermissionService permissionService)
    {
        _modelFactory = modelFactory;
        _permissionService = permissionService;
    }

    public async Task<IViewComponentResult> InvokeAsync(string widgetZone, object additionalData)
    {
        if (!await _permissionService.AuthorizeAsync(SegmentationPermissionConfigManager.MANAGE_SEGMENTS))
            return Content(string.Empty);

        return View(ViewPath, await _modelFactory.PrepareDashboardBlockModelAsync());
    }
}
