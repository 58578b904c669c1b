using Microsoft.AspNetCore.Mvc;

namespace Nop.Web.Framework.Mvc.Filters;

public sealed class CheckPermissionAttribute : TypeFilterAttribute
{
    public CheckPermissionAttribute(string permissionSystemName, CheckPermissionResultType resultType = CheckPermissionResultType.Default)
        : base(typeof(SurfaceFilter))
    {
        PermissionSystemName.Add(permissionSystemName);
        ResultType = resultType;
    }

    public List<string> PermissionSystemName { get; } = [];

    public CheckPermissionResultType ResultType { get; }

    public enum CheckPermissionResultType
    {
        Default = 0,

        Html = 1,

        Text = 2,

        Json = 3
    }
}
