using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Controllers;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Infrastructure;
using Nop.Plugin.Misc.Segmentation.Services.Events;
using Nop.Plugin.Misc.Segmentation.Tasks;
using Nop.Plugin.Misc.Segmentation.Tests.Fakes;
using Nop.Services.Configuration;
using Nop.Services.Localization;
using Nop.Services.Messages;
using Nop.Services.ScheduleTasks;
using Nop.Web.Framework;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests;

public class InfrastructureTests
{
    [Test]
    public async Task The_configuration_route_reaches_the_controller_action()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddControllersWithViews().AddApplicationPart(typeof(SegmentationController).Assembly);
        await using var app = builder.Build();

        new RouteProvider().RegisterRoutes(app);

        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IRouteNameMetadata>()?.RouteName == SegmentationDefaults.ConfigurationRouteName)
            .ToList();
        Assert.That(endpoints, Is.Not.Empty);
        Assert.That(endpoints.Select(e => e.RoutePattern.RawText).Distinct(), Is.EqualTo(new[] { "Admin/Segmentation/Configure" }));
        var targets = endpoints.Select(e => (
            Area: e.RoutePattern.RequiredValues["area"]?.ToString(),
            Controller: e.RoutePattern.RequiredValues["controller"]?.ToString(),
            Action: e.RoutePattern.RequiredValues["action"]?.ToString())).Distinct();
        Assert.That(targets, Is.EqualTo(new[] { (AreaNames.ADMIN, "Segmentation", nameof(SegmentationController.Configure)) }));
        var actions = endpoints.Select(e => e.Metadata.GetMetadata<ControllerActionDescriptor>()).Where(a => a != null).ToList();
        Assert.That(actions.Select(a => (a.ControllerTypeInfo.AsType(), a.MethodInfo.Name)).Distinct(),
            Is.EqualTo(new[] { (typeof(SegmentationController), nameof(SegmentationController.Configure)) }));
        Assert.That(actions, Has.Count.EqualTo(2), "the GET and the POST action");
    }

    [Test]
    public async Task The_requirement_route_reaches_its_controller()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddControllersWithViews().AddApplicationPart(typeof(SegmentRequirementController).Assembly);
        await using var app = builder.Build();

        new RouteProvider().RegisterRoutes(app);

        var actions = ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IRouteNameMetadata>()?.RouteName == SegmentationDefaults.RequirementRouteName)
            .Select(e => e.Metadata.GetMetadata<ControllerActionDescriptor>()).Where(a => a != null).ToList();
        Assert.That(actions.Select(a => (a.ControllerTypeInfo.AsType(), a.MethodInfo.Name, a.AttributeRouteInfo)).Distinct(),
            Is.EqualTo(new[] { (typeof(SegmentRequirementController), nameof(SegmentRequirementController.Configure), (Microsoft.AspNetCore.Mvc.Routing.AttributeRouteInfo)null) }));
        Assert.That(actions, Has.Count.EqualTo(2));
    }

    [Test]
    public void The_startup_registers_what_the_controller_and_the_task_need()
    {
        // what nopCommerce registers itself, as stand-ins
        var services = new ServiceCollection();
        var fakes = new PluginServices();
        services.AddSingleton<ISettingService>(fakes.Settings);
        services.AddSingleton<ILocalizationService>(fakes.Localization);
        services.AddSingleton(Mock.Of<INotificationService>());
        services.AddSingleton(Mock.Of<IStoreContext>());
        services.AddSingleton(Mock.Of<Nop.Services.Customers.ICustomerService>());
        services.AddSingleton(Mock.Of<Nop.Services.Discounts.IDiscountService>());
        services.AddSingleton<Nop.Core.Caching.IStaticCacheManager>(new FakeStaticCacheManager());
        services.AddSingleton(new SegmentationSettings());
        services.AddSingleton<Nop.Services.Localization.ILanguageService>(fakes.Languages);
        services.AddSingleton<Nop.Services.Stores.IStoreService>(fakes.Stores);
        services.AddSingleton(Mock.Of<IWorkContext>());
        services.AddSingleton(Mock.Of<Nop.Services.Directory.ICurrencyService>());
        services.AddSingleton(Mock.Of<Nop.Services.Catalog.IPriceFormatter>());
        services.AddSingleton(Mock.Of<Nop.Services.Helpers.IDateTimeHelper>());
        services.AddSingleton(Mock.Of<Nop.Services.Common.IGenericAttributeService>());
        services.AddSingleton(Mock.Of<Nop.Services.Security.IPermissionService>());
        services.AddSingleton(Mock.Of<Nop.Web.Framework.Mvc.Routing.INopUrlHelper>());
        services.AddScoped(typeof(IRepository<>), typeof(EmptyRepository<>));
        services.AddSingleton(new Nop.Core.Domain.Directory.CurrencySettings());
        services.AddSingleton(new Nop.Core.Domain.Messages.EmailAccountSettings());
        services.AddSingleton(fakes.Messages);
        services.AddSingleton<Nop.Services.Messages.IMessageTemplateService>(fakes.Messages);
        services.AddSingleton<Nop.Services.Messages.IEmailAccountService>(fakes.Messages);
        services.AddSingleton<Nop.Services.Messages.IMessageTokenProvider>(fakes.Messages);
        services.AddSingleton<Nop.Services.Messages.IWorkflowMessageService>(fakes.Messages);
        services.AddSingleton<Nop.Services.Messages.IQueuedEmailService>(fakes.Messages);
        services.AddSingleton(Mock.Of<Nop.Core.Events.IEventPublisher>());
        services.AddSingleton(Mock.Of<Nop.Services.Logging.ILogger>());

        var startup = new PluginNopStartup();
        startup.ConfigureServices(services, new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        using var scope = provider.CreateScope();

        // nopCommerce builds controllers and tasks with ActivatorUtilities-style resolution of their constructors
        Assert.That(ActivatorUtilities.CreateInstance<SegmentationController>(scope.ServiceProvider), Is.Not.Null);
        Assert.That(ActivatorUtilities.CreateInstance<SegmentRequirementController>(scope.ServiceProvider), Is.Not.Null);
        Assert.That(ActivatorUtilities.CreateInstance<Nop.Plugin.Misc.Segmentation.Components.PersonalizationViewComponent>(scope.ServiceProvider), Is.Not.Null);
        Assert.That(ActivatorUtilities.CreateInstance<SegmentDashboardController>(scope.ServiceProvider), Is.Not.Null);
        Assert.That(ActivatorUtilities.CreateInstance<Nop.Plugin.Misc.Segmentation.Components.SegmentationCustomerPanelViewComponent>(scope.ServiceProvider), Is.Not.Null);
        Assert.That(ActivatorUtilities.CreateInstance<Nop.Plugin.Misc.Segmentation.Components.SegmentationDashboardBlockViewComponent>(scope.ServiceProvider), Is.Not.Null);
        Assert.That(ActivatorUtilities.CreateInstance<UpdateSegmentsTask>(scope.ServiceProvider), Is.InstanceOf<IScheduleTask>());
        Assert.That(ActivatorUtilities.CreateInstance<Nop.Plugin.Misc.Segmentation.Tasks.AbandonedCartTask>(scope.ServiceProvider), Is.InstanceOf<IScheduleTask>());
        Assert.That(ActivatorUtilities.CreateInstance<Nop.Plugin.Misc.Segmentation.Services.Events.RequirementEventConsumer>(scope.ServiceProvider), Is.Not.Null);
        Assert.That(ActivatorUtilities.CreateInstance<Nop.Plugin.Misc.Segmentation.Services.Events.ProfileEventConsumer>(scope.ServiceProvider), Is.Not.Null);
        Assert.That(scope.ServiceProvider.GetRequiredService<TimeProvider>(), Is.SameAs(TimeProvider.System));
        // every service the startup registers can be built
        foreach (var service in services.Where(d => d.ServiceType.Assembly == typeof(SegmentationPlugin).Assembly))
            Assert.That(scope.ServiceProvider.GetService(service.ServiceType), Is.Not.Null, service.ServiceType.Name);
        Assert.That(startup.Order, Is.GreaterThan(2000), "after nopCommerce's own registrations");
    }
}
