using Nop.Plugin.Misc.Segmentation.Components;
using Nop.Plugin.Misc.Segmentation.Factories;
using Nop.Plugin.Misc.Segmentation.Tests.Fakes;
using Nop.Web.Framework.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests.Analytics;

/// <summary>Which zones the plugin asks nopCommerce for, and which of its components each one reaches.</summary>
public class AdminWidgetZoneTests
{
    [Test]
    public async Task The_plugin_asks_for_the_storefront_zones_of_its_settings_and_the_two_admin_zones_of_its_blocks()
    {
        var services = new PluginServices();
        var plugin = services.CreatePlugin();

        Assert.That(await plugin.GetWidgetZonesAsync(), Is.EquivalentTo(PersonalizationModelFactory.ZonesOf(new SegmentationSettings())
            .Append("admin_dashboard_commonstatistics_after").Append("admin_customer_details_block")));
    }

    [Test]
    public void Admin_zones_reach_their_own_components_and_every_storefront_zone_the_storefront_component()
    {
        var plugin = new PluginServices().CreatePlugin();

        Assert.That(plugin.GetWidgetViewComponent(AdminWidgetZones.DashboardCommonstatisticsAfter), Is.EqualTo(typeof(SegmentationDashboardBlockViewComponent)));
        Assert.That(plugin.GetWidgetViewComponent(AdminWidgetZones.CustomerDetailsBlock), Is.EqualTo(typeof(SegmentationCustomerPanelViewComponent)));
        Assert.That(plugin.GetWidgetViewComponent("ADMIN_CUSTOMER_DETAILS_BLOCK"), Is.EqualTo(typeof(SegmentationCustomerPanelViewComponent)), "zones compare as nopCommerce's do");
        foreach (var zone in PersonalizationModelFactory.ZonesOf(new SegmentationSettings()).Append("header_after").Append(null))
            Assert.That(plugin.GetWidgetViewComponent(zone), Is.EqualTo(typeof(PersonalizationViewComponent)), zone ?? "null");
    }

    [Test]
    public async Task An_admin_zone_typed_into_the_storefront_settings_is_asked_for_once_and_still_never_reaches_the_storefront_component()
    {
        var services = new PluginServices();
        var settings = await services.Settings.LoadSettingAsync<SegmentationSettings>();
        settings.GreetingWidgetZones = ["home_page_top", "admin_customer_details_block"];
        await services.Settings.SaveSettingAsync(settings);
        var plugin = services.CreatePlugin();

        var zones = await plugin.GetWidgetZonesAsync();
        Assert.That(zones.Count(z => z == "admin_customer_details_block"), Is.EqualTo(1));
        Assert.That(zones, Does.Contain("home_page_top"));
        Assert.That(plugin.GetWidgetViewComponent("admin_customer_details_block"), Is.EqualTo(typeof(SegmentationCustomerPanelViewComponent)));
    }
}
