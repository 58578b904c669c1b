namespace Nop.Core.Http;

public static partial class NopRouteNames
{
    public static partial class General
    {
        public const string LOGIN = "Login";

        public const string CART = "ShoppingCart";
    }
}
