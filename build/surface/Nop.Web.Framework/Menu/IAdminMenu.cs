namespace Nop.Web.Framework.Menu;

public partial interface IAdminMenu
{
    string GetMenuItemUrl(string controllerName, string actionName);
}
