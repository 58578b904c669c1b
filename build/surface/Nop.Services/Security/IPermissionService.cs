namespace Nop.Services.Security;

public partial interface IPermissionService
{
    Task DeletePermissionAsync(string permissionSystemName);

    Task<bool> AuthorizeAsync(string permissionRecordSystemName);

    Task InsertPermissionsAsync();
}
