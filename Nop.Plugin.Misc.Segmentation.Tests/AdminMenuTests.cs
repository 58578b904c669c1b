using Moq;
using Nop.Plugin.Misc.Segmentation.Services;
using Nop.Plugin.Misc.Segmentation.Services.Events;
using Nop.Plugin.Misc.Segmentation.Tests.Fakes;
using Nop.Web.Framework.Events;
using Nop.Web.Framework.Menu;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests;

public class AdminMenuTests
{
    private PluginServices _services;
    private AdminMenuItem _root;
    private AdminMenuCreatedEvent _event;

    [SetUp]
    public async Task SetUp()
    {
        _services = new PluginServices();
        await _services.CreatePlugin().InstallAsync();

        var adminMenu = new Mock<IAdminMenu>();
        adminMenu.Setup(m => m.GetMenuItemUrl(It.IsAny<string>(), It.IsAny<string>()))
            .Returns((string controller, string action) => $"/Admin/{controller}/{action}");
        _root = new AdminMenuItem
        {
            SystemName = "Home",
            ChildNodes =
            [
                new AdminMenuItem { SystemName = "Sales" },
                new AdminMenuItem
                {
                    SystemName = "Customers",
                    ChildNodes =
                    [
                        new AdminMenuItem { SystemName = "Customers list" },
                        new AdminMenuItem { SystemName = "Customer roles" },
                        new AdminMenuItem { SystemName = "Online customers" }
                    ]
                }
            ]
        };
        _event = new AdminMenuCreatedEvent(adminMenu.Object, _root);
    }

    private AdminMenuEventConsumer Consumer() => new(_services.Localization, _services.Permissions);

    private IList<string> CustomersChildren() => _root.GetItemBySystemName("Customers").ChildNodes.Select(n => n.SystemName).ToList();

    [Test]
    public async Task Adds_customer_segments_under_customers_after_customer_roles()
    {
        await Consumer().HandleEventAsync(_event);

        Assert.That(CustomersChildren(), Is.EqualTo(new[] { "Customers list", "Customer roles", SegmentationDefaults.AdminMenuRootSystemName, "Online customers" }));
        var node = _root.GetItemBySystemName(SegmentationDefaults.AdminMenuRootSystemName);
        Assert.That(node.Title, Is.EqualTo("Customer segments"));
        Assert.That(node.Url, Is.Null, "a node that opens, as nopCommerce's own nodes do");
        Assert.That(node.ChildNodes.Select(n => (n.SystemName, n.Title, n.Url)), Is.EqualTo(new[]
        {
            (SegmentationDefaults.AdminMenuSystemName, "Segments", "/Admin/SegmentAdmin/List"),
            (SegmentationDefaults.AdminMenuDashboardSystemName, "Dashboard", "/Admin/SegmentDashboard/Index")
        }));
        Assert.That(new[] { node }.Concat(node.ChildNodes).Select(n => n.PermissionNames),
            Is.All.EqualTo(new[] { SegmentationPermissionConfigManager.MANAGE_SEGMENTS }));
    }

    [Test]
    public async Task Falls_back_to_the_end_of_customers_when_customer_roles_is_missing()
    {
        _root.GetItemBySystemName("Customers").ChildNodes.RemoveAt(1);

        await Consumer().HandleEventAsync(_event);

        Assert.That(CustomersChildren().Last(), Is.EqualTo(SegmentationDefaults.AdminMenuRootSystemName));
    }

    [Test]
    public async Task Adds_nothing_for_a_customer_without_the_permission_or_before_install()
    {
        _services.Permissions.CurrentCustomerIsAdmin = false;
        await Consumer().HandleEventAsync(_event);
        Assert.That(_root.GetItemBySystemName(SegmentationDefaults.AdminMenuRootSystemName), Is.Null);

        _services.Permissions.CurrentCustomerIsAdmin = true;
        await _services.CreatePlugin().UninstallAsync();
        await Consumer().HandleEventAsync(_event);
        Assert.That(_root.GetItemBySystemName(SegmentationDefaults.AdminMenuRootSystemName), Is.Null);
    }

    [Test]
    public async Task Handling_the_event_twice_adds_one_item()
    {
        await Consumer().HandleEventAsync(_event);
        await Consumer().HandleEventAsync(_event);

        Assert.That(CustomersChildren().Count(n => n == SegmentationDefaults.AdminMenuRootSystemName), Is.EqualTo(1));
    }
}
