namespace Nop.Web.Framework.Menu;

public partial class AdminMenuItem
{
    public AdminMenuItem GetItemBySystemName(string systemName)
    {
        if (string.IsNullOrEmpty(systemName))
            return null;

        return systemName.Equals(SystemName)
            ? this
            : ChildNodes.Select(child => child.GetItemBySystemName(systemName)).FirstOrDefault(found => found != null);
    }

    public virtual bool InsertAfter(string itemSystemName, AdminMenuItem newMenuItem)
    {
        var index = ChildNodes.ToList().FindIndex(child => itemSystemName.Equals(child.SystemName));
        if (index >= 0)
        {
            ChildNodes.Insert(index + 1, newMenuItem);
            return true;
        }

        return ChildNodes.Any(child => child.InsertAfter(itemSystemName, newMenuItem));
    }

    public IList<string> PermissionNames { get; set; } = [];

    public string SystemName { get; set; }

    public string Title { get; set; }

    public string Url { get; set; }

    public IList<AdminMenuItem> ChildNodes { get; set; } = [];

    public string IconClass { get; set; }

    public bool Visible { get; set; } = true;
}
