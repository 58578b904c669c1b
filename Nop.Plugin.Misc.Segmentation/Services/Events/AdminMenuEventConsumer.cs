using Nop.Plugin.Misc.Segmentation.Controllers;
using Nop.Services.Events;
using Nop.Services.Localization;
using Nop.Services.Security;
using Nop.Web.Framework.Events;
using Nop.Web.Framework.Menu;

namespace Nop.Plugin.Misc.Segmentation.Services.Events;

/// <summary>Puts "Customer segments" (the segment list and the dashboard) under Customers in the admin menu.</summary>
public class AdminMenuEventConsumer : IConsumer<AdminMenuCreatedEvent>
{
    private readonly ILocalizationService _localizationService;
    private readonly IPermissionService _permissionService;

    public AdminMenuEventConsumer(ILocalizationService localizationService, IPermissionService permissionService)
    {
        _localizationService = localizationService;
        _permissionService = permissionService;
    }

    public async Task HandleEventAsync(AdminMenuCreatedEvent eventMessage)
    {
        // also false while the plugin is uploaded but not yet installed: the permission does not exist then
        if (!await _permissionService.AuthorizeAsync(SegmentationPermissionConfigManager.MANAGE_SEGMENTS))
            return;

        var customers = eventMessage.RootMenuItem.GetItemBySystemName(SegmentationDefaults.AdminMenuParentSystemName);
        if (customers is null || customers.GetItemBySystemName(SegmentationDefaults.AdminMenuRootSystemName) is not null)
            return;

        string[] permissions = [SegmentationPermissionConfigManager.MANAGE_SEGMENTS];
        var item = new AdminMenuItem
        {
            SystemName = SegmentationDefaults.AdminMenuRootSystemName,
            Title = await _localizationService.GetResourceAsync("Plugins.Misc.Segmentation.Menu.Title"),
            IconClass = "far fa-dot-circle",
            PermissionNames = permissions,
            Visible = true,
            ChildNodes =
            [
                new AdminMenuItem
                {
                    SystemName = SegmentationDefaults.AdminMenuSystemName,
                    Title = await _localizationService.GetResourceAsync("Plugins.Misc.Segmentation.Menu.Segments"),
                    Url = eventMessage.GetMenuItemUrl("SegmentAdmin", nameof(SegmentAdminController.List)),
                    IconClass = "far fa-circle",
                    PermissionNames = permissions,
                    Visible = true
                },
                new AdminMenuItem
                {
                    SystemName = SegmentationDefaults.AdminMenuDashboardSystemName,
                    Title = await _localizationService.GetResourceAsync("Plugins.Misc.Segmentation.Menu.Dashboard"),
                    Url = eventMessage.GetMenuItemUrl("SegmentDashboard", nameof(SegmentDashboardController.Index)),
                    IconClass = "far fa-circle",
                    PermissionNames = permissions,
                    Visible = true
                }
            ]
        };

        if (!customers.InsertAfter(SegmentationDefaults.AdminMenuAfterSystemName, item))
            customers.ChildNodes.Add(item);
    }
}
