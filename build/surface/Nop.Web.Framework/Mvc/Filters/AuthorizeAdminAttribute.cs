using Microsoft.AspNetCore.Mvc;

namespace Nop.Web.Framework.Mvc.Filters;

public sealed class AuthorizeAdminAttribute : TypeFilterAttribute
{
    public AuthorizeAdminAttribute(bool ignore = false) : base(typeof(SurfaceFilter))
    {
        IgnoreFilter = ignore;
    }

    public bool IgnoreFilter { get; }
}
