using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Segmentation.Factories;
using Nop.Plugin.Misc.Segmentation.Services;
using Nop.Services.Security;
using Nop.Web.Framework.Components;
using Nop.Web.Framework.Models;

namespace Nop.Plugin.Misc.Segmentation.Components;

/// <summary>
/// The plugin's panel on the admin customer page, for those who may manage segments. The page passes its customer
/// model, which lives in Nop.Web; its id comes through the base type nopCommerce's entity models share.
/// </summary>
public class SegmentationCustomerPanelViewComponent : NopViewComponent
{
    public const string ViewPath = SegmentationDefaults.PluginFolder + "Views/Admin/Components/CustomerPanel.cshtml";

    private readonly AnalyticsWidgetModelFactory _modelFactory;
    private readonly IPermissionService _permissionService;

    public SegmentationCustomerPanelViewComponent(AnalyticsWidgetModelFactory modelFactory, IPermissionService permissionService)
    {
        _modelFactory = modelFactory;
        _permissionService = permissionService;
    }

    public async Task<IViewComponentResult> InvokeAsync(string widgetZone, object additionalData)
    {
        // a customer being created has no id yet, and nothing to show
        if (additionalData is not BaseNopEntityModel { Id: > 0 } customer
            || !await _permissionService.AuthorizeAsync(SegmentationPermissionConfigManager.MANAGE_SEGMENTS))
            return Content(string.Empty);

        var model = await _modelFactory.PrepareCustomerPanelModelAsync(customer.Id);
        return model == null ? Content(string.Empty) : View(ViewPath, model);
    }
}
