using Nop.Core.Caching;

namespace Nop.Plugin.Misc.Segmentation;

public static class SegmentationDefaults
{
    /// <summary>Must equal SystemName in plugin.json.</summary>
    public const string SystemName = "Misc.Segmentation";

    /// <summary>The plugin folder under Plugins/, where its views are found at run time.</summary>
    public const string PluginFolder = "~/Plugins/" + SystemName + "/";

    public const string TablePrefix = "Segmentation";

    /// <summary>
    /// Most ids sent in one IN (…) list: SQL Server takes at most 2,100 parameters per statement, and long lists
    /// plan badly everywhere, so bigger sets go in slices of this size.
    /// </summary>
    public const int MaxInListSize = 1000;

    /// <summary>
    /// Batches and segment queries the scheduled task runs at once, each on its own connections (nopCommerce opens
    /// one per repository call). Two keep a database core and an application core busy; more mostly queue.
    /// </summary>
    public const int ParallelQueries = 2;

    public const string ResourcePrefix = "Plugins.Misc.Segmentation.";

    public const string ConfigurationRouteName = "Plugin.Misc.Segmentation.Configure";

    /// <summary>The requirement's form inside the discount editor.</summary>
    public const string RequirementRouteName = "Plugin.Misc.Segmentation.RequirementConfigure";

    /// <summary>"Customer segments" under Customers: a node holding the segment list and the dashboard.</summary>
    public const string AdminMenuRootSystemName = "Misc.Segmentation.Root";

    /// <summary>The segment list's menu item (its pages, the editor included, mark it active).</summary>
    public const string AdminMenuSystemName = "Misc.Segmentation";

    /// <summary>The analytics dashboard's menu item, beside the segment list under the plugin's node.</summary>
    public const string AdminMenuDashboardSystemName = "Misc.Segmentation.Dashboard";

    /// <summary>
    /// How long the editor waits for a preview count; past it the owner is told, and saving still evaluates in full.
    /// A preview is counted on every pause in typing, so it must not hold a request for long.
    /// </summary>
    public const int PreviewTimeoutSeconds = 10;

    /// <summary>The admin menu node the plugin's entry goes under, and the item it follows.</summary>
    public const string AdminMenuParentSystemName = "Customers";

    public const string AdminMenuAfterSystemName = "Customer roles";

    /// <summary>The segments one customer is in ({0}: customer id), with each segment's store and on/off state.</summary>
    public static CacheKey CustomerSegmentsCacheKey => new("Nop.plugins.misc.segmentation.customersegments.{0}");

    /// <summary>
    /// Every store's statistics rows, read by each profile event; replaced by the rebuild (other web-farm nodes see the
    /// new ones when their entry expires, which only delays new RFM cut points there).
    /// </summary>
    public static CacheKey StoreStatisticsCacheKey => new("Nop.plugins.misc.segmentation.storestatistics");

    /// <summary>A store's number of customers with a profile ({0}: store id), the preview's denominator; five minutes.</summary>
    public static CacheKey StoreCustomerCountCacheKey => new("Nop.plugins.misc.segmentation.storecustomers.{0}") { CacheTime = 5 };

    public const string CustomerSegmentsPrefix = "Nop.plugins.misc.segmentation.customersegments.";

    /// <summary>
    /// A customer's all-stores profile and open offers ({0}: customer id), for the storefront. Under the segments'
    /// prefix, so that whatever drops every customer's segments drops these too.
    /// </summary>
    public static CacheKey CustomerStateCacheKey => new("Nop.plugins.misc.segmentation.customersegments.state.{0}");

    /// <summary>The ids of the segments that exist and are switched on; under the segments' prefix, dropped with every customer's.</summary>
    public static CacheKey ActiveSegmentIdsCacheKey => new("Nop.plugins.misc.segmentation.customersegments.active");

    /// <summary>
    /// Every analytics figure (dashboard, segment details, customer panel) is cached under this prefix: the figures
    /// change only when the tasks run, and both tasks drop the prefix when they finish.
    /// </summary>
    public const string AnalyticsPrefix = "Nop.plugins.misc.segmentation.analytics.";

    /// <summary>
    /// The analytics figures the abandoned-cart task changes (the cart funnel, open offers, a customer's panel), which
    /// that task drops every ten minutes; the rest waits for the hourly task, which drops and refills the whole prefix.
    /// </summary>
    public const string CartAnalyticsPrefix = AnalyticsPrefix + "carts.";

    /// <summary>The owner's greeting texts, all of them.</summary>
    public static CacheKey GreetingTemplatesCacheKey => new("Nop.plugins.misc.segmentation.greetings");

    /// <summary>The built-in segments' ids by system name.</summary>
    public static CacheKey BuiltInSegmentIdsCacheKey => new("Nop.plugins.misc.segmentation.builtinids");

    /// <summary>
    /// A visitor whose customer record is older than this is back for another visit: the usual idle time after which
    /// web analytics start a new one.
    /// </summary>
    public const int VisitMinutes = 30;

    /// <summary>The abandoned-cart reminder's message template, edited under Content management > Message templates.</summary>
    public const string CartReminderTemplateName = "Segmentation.AbandonedCart.CustomerReminder";

    /// <summary>Most reminders the owner may schedule for one cart: beyond a few, reminders are spam.</summary>
    public const int MaxCartReminders = 5;

    /// <summary>What a discount requirement asks ({0}: discount requirement id).</summary>
    public static CacheKey RequirementCacheKey => new("Nop.plugins.misc.segmentation.requirement.{0}");

    public static class ScheduleTasks
    {
        public const string UpdateSegmentsName = "Customer segmentation: update profiles and segments";

        public const string UpdateSegmentsType = "Nop.Plugin.Misc.Segmentation.Tasks.UpdateSegmentsTask";

        /// <summary>Hourly: cheap when nothing changed, and the event consumers keep the day current.</summary>
        public const int UpdateSegmentsSeconds = 3600;

        public const string AbandonedCartsName = "Customer segmentation: abandoned carts";

        public const string AbandonedCartsType = "Nop.Plugin.Misc.Segmentation.Tasks.AbandonedCartTask";

        /// <summary>Every ten minutes: how late an offer may start, or outlive its expiry in the segment.</summary>
        public const int AbandonedCartsSeconds = 600;
    }
}
