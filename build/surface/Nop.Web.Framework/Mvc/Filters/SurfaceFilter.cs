using Microsoft.AspNetCore.Mvc.Filters;

namespace Nop.Web.Framework.Mvc.Filters;

// The real filters live in nopCommerce; the surface attributes only carry their arguments.
internal sealed class SurfaceFilter : IFilterMetadata
{
}
