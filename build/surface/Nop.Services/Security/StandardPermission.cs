namespace Nop.Services.Security;

public partial class StandardPermission
{
    public partial class Customers
    {
    }

    public partial class Promotions
    {
        public const string DISCOUNTS_VIEW = $"{nameof(Promotions)}.DiscountsView";

        public const string DISCOUNTS_CREATE_EDIT_DELETE = $"{nameof(Promotions)}.DiscountsCreateEditDelete";
    }
}
