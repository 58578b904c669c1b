using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Segmentation.Factories;
using Nop.Plugin.Misc.Segmentation.Models.Admin;
using Nop.Plugin.Misc.Segmentation.Services;
using Nop.Services.Security;
using Nop.Web.Framework;
using Nop.Web.Framework.Controllers;
using Nop.Web.Framework.Mvc.Filters;

namespace Nop.Plugin.Misc.Segmentation.Controllers;

/// <summary>
/// Customers > Customer segments > Dashboard: the RFM grid and its cells' members, lifecycle stages and tiers then and
/// now, segment sizes and flows, the abandoned-cart funnel and open offers, predictions and the valuable customers at risk.
/// </summary>
[AuthorizeAdmin]
[Area(AreaNames.ADMIN)]
[AutoValidateAntiforgeryToken]
public class SegmentDashboardController : BasePluginController
{
    public const string IndexView = SegmentationDefaults.PluginFolder + "Views/Admin/Dashboard/Index.cshtml";
    public const string RfmCellView = SegmentationDefaults.PluginFolder + "Views/Admin/Dashboard/RfmCell.cshtml";

    private readonly IPermissionService _permissionService;
    private readonly SegmentDashboardModelFactory _modelFactory;

    public SegmentDashboardController(IPermissionService permissionService, SegmentDashboardModelFactory modelFactory)
    {
        _permissionService = permissionService;
        _modelFactory = modelFactory;
    }

    /// <summary>
    /// The dashboard for a store (0: all stores) and a period: the last <paramref name="days"/> days (7, 30 or 90, counted
    /// ahead by the hourly task; by default 30), or with 0 the whole days from <paramref name="from"/> to
    /// <paramref name="to"/> in the owner's time zone (yyyy-MM-dd), with the segments of the flow diagram (by default the built-in RFM groups). Filters
    /// that are refused are shown with the reason, and no figures.
    /// </summary>
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    public async Task<IActionResult> Index(int storeId, int? days, string from, string to, int[] segmentIds)
    {
        var canViewCustomers = await _permissionService.AuthorizeAsync(StandardPermission.Customers.CUSTOMERS_VIEW);
        var model = await _modelFactory.PrepareDashboardModelAsync(storeId, days, from, to, segmentIds, canViewCustomers);
        return View(IndexView, model);
    }

    /// <summary>The customers of one recency × frequency cell of a store's grid.</summary>
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    [CheckPermission(StandardPermission.Customers.CUSTOMERS_VIEW)]
    public async Task<IActionResult> RfmCell(int storeId, int recency, int frequency)
    {
        var model = await _modelFactory.PrepareRfmCellPageModelAsync(storeId, recency, frequency);
        return model == null ? NotFound() : View(RfmCellView, model);
    }

    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    [CheckPermission(StandardPermission.Customers.CUSTOMERS_VIEW)]
    public async Task<IActionResult> RfmCellMembers(RfmCellSearchModel searchModel)
    {
        if (searchModel == null || searchModel.Recency is < 1 or > 5 || searchModel.Frequency is < 1 or > 5
            || !await _modelFactory.StoreExistsAsync(searchModel.StoreId))
            return NotFound();
        return Json(await _modelFactory.PrepareRfmCellMemberListModelAsync(searchModel));
    }

    /// <summary>The abandoned carts whose offer is still valid, soonest to expire first.</summary>
    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    [CheckPermission(StandardPermission.Customers.CUSTOMERS_VIEW)]
    public async Task<IActionResult> OpenOffers(DashboardOfferSearchModel searchModel)
    {
        if (searchModel == null || !await _modelFactory.StoreExistsAsync(searchModel.StoreId))
            return NotFound();
        return Json(await _modelFactory.PrepareOfferListModelAsync(searchModel));
    }

    /// <summary>The customers with the most predicted value at stake among those likely to have churned.</summary>
    [HttpPost]
    [CheckPermission(SegmentationPermissionConfigManager.MANAGE_SEGMENTS)]
    [CheckPermission(StandardPermission.Customers.CUSTOMERS_VIEW)]
    public async Task<IActionResult> AtRiskCustomers(DashboardAtRiskSearchModel searchModel)
    {
        if (searchModel == null || !await _modelFactory.StoreExistsAsync(searchModel.StoreId))
            return NotFound();
        return Json(await _modelFactory.PrepareAtRiskListModelAsync(searchModel));
    }
}
