using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nop.Core.Infrastructure;
using Nop.Plugin.Misc.Segmentation.Factories;
using Nop.Plugin.Misc.Segmentation.Services;
using Nop.Plugin.Misc.Segmentation.Services.AbandonedCarts;
using Nop.Plugin.Misc.Segmentation.Services.Analytics;
using Nop.Plugin.Misc.Segmentation.Services.Offers;
using Nop.Plugin.Misc.Segmentation.Services.Profiles;
using Nop.Plugin.Misc.Segmentation.Services.Segments;

namespace Nop.Plugin.Misc.Segmentation.Infrastructure;

public class PluginNopStartup : INopStartup
{
    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        // the clock of profile figures and leases; tests replace it
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<CustomerDataCleanupService>();
        services.AddScoped<CustomerProfileService>();
        services.AddScoped<CustomerCategoryService>();
        services.AddScoped<ProfileRebuildService>();
        services.AddScoped<TaskLeaseService>();
        services.AddScoped<StoreStatisticsService>();
        services.AddScoped<SegmentEvaluationService>();
        services.AddScoped<RuleSourceService>();
        services.AddScoped<BuiltInSegmentService>();
        services.AddScoped<StaticSegmentService>();
        services.AddScoped<SegmentSnapshotService>();
        services.AddScoped<ProfileSnapshotService>();
        services.AddScoped<AbandonedCartService>();
        services.AddScoped<CartReminderService>();
        services.AddScoped<CartReminderMessageService>();
        services.AddScoped<LoyaltyShippingService>();
        services.AddScoped<SegmentDiscountService>();
        services.AddScoped<SegmentLimitedDiscountService>();
        services.AddScoped<RoleSyncService>();
        services.AddScoped<SegmentRequirementService>();
        services.AddScoped<SegmentMembershipService>();
        services.AddScoped<SegmentationModelFactory>();
        services.AddScoped<SegmentService>();
        services.AddScoped<SegmentPreviewService>();
        services.AddScoped<SegmentMemberService>();
        // the segment editor's details card
        services.AddScoped<SegmentKpiService>();
        services.AddScoped<SegmentTrendService>();
        services.AddScoped<SegmentTransitionService>();
        services.AddScoped<SegmentModelFactory>();
        services.AddScoped<CustomerStateService>();
        services.AddScoped<GreetingService>();
        services.AddScoped<ShopperOfferService>();
        services.AddScoped<PersonalizationModelFactory>();
        services.AddScoped<SegmentFlowService>();
        services.AddScoped<AbandonedCartReportService>();
        services.AddScoped<PredictionReportService>();
        services.AddScoped<CustomerInsightService>();
        services.AddScoped<AnalyticsWidgetModelFactory>();
        services.AddScoped<SegmentDashboardService>();
        services.AddScoped<SegmentDashboardModelFactory>();
        services.AddScoped<AnalyticsPeriodService>();
        services.AddScoped<AnalyticsWarmupService>();
    }

    public void Configure(IApplicationBuilder application)
    {
    }

    /// <summary>After nopCommerce's own startup (2000), as the stock plugins do.</summary>
    public int Order => 3000;
}
