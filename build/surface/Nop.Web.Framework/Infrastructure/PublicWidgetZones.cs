namespace Nop.Web.Framework.Infrastructure;

public static partial class PublicWidgetZones
{
    public static string CheckoutShippingMethodTop => "checkout_shipping_method_top";

    public static string HomepageTop => "home_page_top";

    public static string OpCheckoutShippingMethodTop => "op_checkout_shipping_method_top";

    public static string OrderSummaryContentBefore => "order_summary_content_before";
}
