using Nop.Core.Domain.Customers;
using Nop.Services.Security;

namespace Nop.Plugin.Misc.Segmentation.Services;

/// <summary>
/// Declares the plugin's permission; nopCommerce inserts missing ones at every start and grants it to administrators.
/// </summary>
public class SegmentationPermissionConfigManager : IPermissionConfigManager
{
    public const string MANAGE_SEGMENTS = "Customers.ManageCustomerSegments";

    public IList<PermissionConfig> AllConfigs =>
    [
        new("Admin area. Manage customer segments", MANAGE_SEGMENTS, nameof(StandardPermission.Customers), NopCustomerDefaults.AdministratorsRoleName)
    ];
}
