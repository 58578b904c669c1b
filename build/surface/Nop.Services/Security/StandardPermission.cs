namespace Nop.Services.Security;

public partial class StandardPermission
{
    public partial class Customers
    {
        public const string CUSTOMERS_VIEW = $"{nameof(Customers)}.CustomersView";

        public const string CUSTOMER_ROLES_CREATE_EDIT_DELETE = $"{nameof(Customers)}.CustomerRolesCreateEditDelete";
    }

    public partial class Promotions
    {
        public const string DISCOUNTS_VIEW = $"{nameof(Promotions)}.DiscountsView";

        public const string DISCOUNTS_CREATE_EDIT_DELETE = $"{nameof(Promotions)}.DiscountsCreateEditDelete";

        public const string CAMPAIGNS_CREATE_EDIT = $"{nameof(Promotions)}.CampaignsCreateEdit";
    }
}
