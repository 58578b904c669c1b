namespace Nop.Services.Security;

public partial class StandardPermission
{
    public partial class Customers
    {
    }
}
