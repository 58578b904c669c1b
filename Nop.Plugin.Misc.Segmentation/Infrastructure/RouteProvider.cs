using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Nop.Web.Framework;
using Nop.Web.Framework.Mvc.Routing;

namespace Nop.Plugin.Misc.Segmentation.Infrastructure;

public class RouteProvider : IRouteProvider
{
    public void RegisterRoutes(IEndpointRouteBuilder endpointRouteBuilder)
    {
        endpointRouteBuilder.MapControllerRoute(SegmentationDefaults.ConfigurationRouteName, "Admin/Segmentation/Configure",
            new { controller = "Segmentation", action = "Configure", area = AreaNames.ADMIN });
        endpointRouteBuilder.MapControllerRoute(SegmentationDefaults.RequirementRouteName, "Admin/SegmentRequirement/Configure",
            new { controller = "SegmentRequirement", action = "Configure", area = AreaNames.ADMIN });
    }

    public int Priority => 0;
}
