using System.Reflection;
using Nop.Services.Security;

namespace Nop.Plugin.Misc.Segmentation.Tests.Fakes;

/// <summary>
/// PermissionRecord table in memory. Like nopCommerce, InsertPermissionsAsync creates the permissions every
/// IPermissionConfigManager declares (here: those of the given assemblies) that do not exist yet.
/// </summary>
public class FakePermissionService : IPermissionService
{
    private readonly Assembly[] _assemblies;

    public FakePermissionService(params Assembly[] assemblies)
    {
        _assemblies = assemblies;
    }

    public Dictionary<string, PermissionConfig> Records { get; } = [];

    /// <summary>Whether the current customer holds every existing permission (an administrator).</summary>
    public bool CurrentCustomerIsAdmin { get; set; } = true;

    public Task DeletePermissionAsync(string permissionSystemName)
    {
        Records.Remove(permissionSystemName);
        return Task.CompletedTask;
    }

    public Task<bool> AuthorizeAsync(string permissionRecordSystemName) =>
        Task.FromResult(CurrentCustomerIsAdmin && Records.ContainsKey(permissionRecordSystemName));

    public Task InsertPermissionsAsync()
    {
        var configs = _assemblies.SelectMany(a => a.GetTypes())
            .Where(t => typeof(IPermissionConfigManager).IsAssignableFrom(t) && t.IsClass && !t.IsAbstract)
            .SelectMany(t => ((IPermissionConfigManager)Activator.CreateInstance(t))!.AllConfigs);
        foreach (var config in configs)
            Records.TryAdd(config.SystemName, config);
        return Task.CompletedTask;
    }
}
