using Moq;
using Nop.Core.Domain.Cms;
using Nop.Plugin.Misc.Segmentation.Infrastructure;
using Nop.Plugin.Misc.Segmentation.Services;
using Nop.Plugin.Misc.Segmentation.Services.AbandonedCarts;
using Nop.Plugin.Misc.Segmentation.Services.Events;
using Nop.Plugin.Misc.Segmentation.Services.Segments;
using Nop.Plugin.Misc.Segmentation.Tests.Fakes;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests;

public class PluginInstallTests
{
    private PluginServices _services;

    [SetUp]
    public void SetUp()
    {
        _services = new PluginServices();
        // another widget is active already and must stay so
        _services.Settings.SaveSettingAsync(new WidgetSettings { ActiveWidgetSystemNames = ["Widgets.NivoSlider"] }).Wait();
    }

    private async Task<List<string>> ActiveWidgetsAsync() =>
        (await _services.Settings.LoadSettingAsync<WidgetSettings>()).ActiveWidgetSystemNames;

    private int SegmentationSettingRows() =>
        _services.Settings.Rows.Keys.Count(k => k.Key.StartsWith("segmentationsettings.", StringComparison.Ordinal));

    [Test]
    public async Task Install_saves_default_settings()
    {
        await _services.CreatePlugin().InstallAsync();

        var settings = await _services.Settings.LoadSettingAsync<SegmentationSettings>();
        Assert.That(SegmentationSettingRows(), Is.EqualTo(typeof(SegmentationSettings).GetProperties().Length));
        Assert.That(settings.NewCustomerDays, Is.LessThan(settings.AtRiskAfterDays));
        Assert.That(settings.AtRiskAfterDays, Is.LessThan(settings.LapsedAfterDays));
        Assert.That(settings.LapsedAfterDays, Is.LessThan(settings.ChurnedAfterDays));
        Assert.That(settings.BatchSize, Is.GreaterThan(0));
    }

    [Test]
    public async Task Install_creates_the_built_in_segments_with_the_default_thresholds()
    {
        await _services.CreatePlugin().InstallAsync();

        var expected = Services.Segments.BuiltInSegmentService.Definitions(new SegmentationSettings());
        Assert.That(_services.Segments.Rows.Select(s => (s.SystemName, s.Rule)), Is.EquivalentTo(expected.Select(d => (d.SystemName, d.Rule))));
        Assert.That(_services.Segments.Rows.Select(s => s.SystemName), Is.SupersetOf(new[] { "new", "returning", "loyal", "vip", "at_risk", "lapsed" }));
        Assert.That(_services.Segments.Rows, Has.All.Matches<Domain.Segment>(s => s.SegmentType == Domain.SegmentType.BuiltIn && s.Active));

        // an update or a second install adds none twice
        await _services.CreatePlugin().InstallAsync();
        Assert.That(_services.Segments.Rows, Has.Count.EqualTo(expected.Count));
    }

    [Test]
    public async Task Install_adds_resources_in_english_russian_and_chinese()
    {
        await _services.CreatePlugin().InstallAsync();

        var key = SegmentationDefaults.ResourcePrefix + "Menu.Title";
        Assert.That(_services.Localization.Get(FakeLanguageService.English.Id, key), Is.EqualTo("Customer segments"));
        Assert.That(_services.Localization.Get(FakeLanguageService.Russian.Id, key), Is.EqualTo("Сегменты покупателей"));
        Assert.That(_services.Localization.Get(FakeLanguageService.Chinese.Id, key), Is.EqualTo("客户细分"));
        foreach (var language in await _services.Languages.GetAllLanguagesAsync())
            Assert.That(_services.Localization.Resources[language.Id].Keys,
                Is.EquivalentTo(TestLocales.English.Keys.Select(k => k.ToLowerInvariant())), language.Name);
        // through nopCommerce's language-pack import: English into every language, then the language's own file
        Assert.That(_services.Localization.Imports.Select(i => (i.LanguageId, Path.GetFileName(i.File))), Is.EqualTo(new[]
        {
            (FakeLanguageService.English.Id, "en.nopres.xml"), (FakeLanguageService.Russian.Id, "en.nopres.xml"), (FakeLanguageService.Russian.Id, "ru.nopres.xml"),
            (FakeLanguageService.Chinese.Id, "en.nopres.xml"), (FakeLanguageService.Chinese.Id, "zh.nopres.xml")
        }));
    }

    [Test]
    public async Task Install_registers_the_tasks_activates_the_widget_and_inserts_the_permission()
    {
        await _services.CreatePlugin().InstallAsync();

        Assert.That(_services.Tasks.Tasks.Select(t => (t.Type, t.Seconds)), Is.EquivalentTo(new[]
        {
            (SegmentationDefaults.ScheduleTasks.UpdateSegmentsType, 3600), (SegmentationDefaults.ScheduleTasks.AbandonedCartsType, 600)
        }));
        foreach (var task in _services.Tasks.Tasks)
        {
            Assert.That(Type.GetType($"{task.Type}, {typeof(SegmentationPlugin).Assembly.GetName().Name}"), Is.Not.Null,
                "nopCommerce resolves the task by this type name");
            Assert.That(task.Enabled, Is.True);
            Assert.That(task.StopOnError, Is.False);
        }

        Assert.That(await ActiveWidgetsAsync(), Is.EquivalentTo(new[] { "Widgets.NivoSlider", SegmentationDefaults.SystemName }));
        Assert.That(_services.Permissions.Records.Keys, Is.EquivalentTo(new[] { SegmentationPermissionConfigManager.MANAGE_SEGMENTS }));
        Assert.That(_services.Permissions.Records[SegmentationPermissionConfigManager.MANAGE_SEGMENTS].DefaultCustomerRoles,
            Is.EqualTo(new[] { "Administrators" }));
    }

    [Test]
    public async Task Uninstall_removes_everything_install_added_and_nothing_else()
    {
        _services.Localization.AddOrUpdateLocaleResourceAsync(new Dictionary<string, string> { ["Admin.Common.Save"] = "Save" }).Wait();
        await _services.CreatePlugin().InstallAsync();

        await _services.CreatePlugin().UninstallAsync();

        Assert.That(SegmentationSettingRows(), Is.Zero);
        foreach (var (_, values) in _services.Localization.Resources)
            Assert.That(values.Keys, Is.EquivalentTo(new[] { "admin.common.save" }));
        Assert.That(_services.Tasks.Tasks, Is.Empty);
        Assert.That(await ActiveWidgetsAsync(), Is.EqualTo(new[] { "Widgets.NivoSlider" }));
        Assert.That(_services.Permissions.Records, Is.Empty);
    }

    [Test]
    public async Task Install_adds_the_reminder_template_the_owner_edits_under_message_templates()
    {
        await _services.CreatePlugin().InstallAsync();

        var template = _services.Messages.Templates.Single();
        Assert.That((template.Name, template.IsActive, template.EmailAccountId, template.LimitedToStores),
            Is.EqualTo((SegmentationDefaults.CartReminderTemplateName, true, FakeMessages.Account.Id, false)));
        Assert.That((template.Subject, template.Body), Is.EqualTo((CartReminderMessageService.DefaultSubject, CartReminderMessageService.DefaultBody)));
        // every token the text uses is one the reminder supplies
        var supplied = CartReminderMessageService.Tokens.Concat(MessageTokenEventConsumer.StoreAndCustomerTokens).ToHashSet();
        Assert.That(System.Text.RegularExpressions.Regex.Matches(template.Subject + template.Body, @"%[A-Za-z]+\.[A-Za-z.]+%").Select(m => m.Value).Distinct(), Is.SubsetOf(supplied));
        Assert.That(_services.Localization.Get(FakeLanguageService.English.Id, SegmentationLocales.TemplateDescriptionResource),
            Does.StartWith("This message template is used to remind a registered customer"));
    }

    [Test]
    public async Task Reinstall_and_update_keep_the_owner_s_template_and_update_restores_a_missing_one()
    {
        await _services.CreatePlugin().InstallAsync();
        var edited = _services.Messages.Templates.Single();
        edited.Subject = "Still thinking about it?";
        await _services.CreatePlugin().InstallAsync();
        await _services.CreatePlugin().UpdateAsync("1.03", "1.04");
        Assert.That(_services.Messages.Templates.Select(t => t.Subject), Is.EqualTo(new[] { "Still thinking about it?" }));

        // a store upgraded from 1.03 has none yet; it gets one switched off, so its open carts are not e-mailed unasked
        _services.Messages.Templates.Clear();
        await _services.CreatePlugin().UpdateAsync("1.03", "1.04");
        Assert.That(_services.Messages.Templates.Select(t => (t.Name, t.IsActive)), Is.EqualTo(new[] { (SegmentationDefaults.CartReminderTemplateName, false) }));
    }

    [Test]
    public async Task Uninstall_removes_the_reminder_template_and_leaves_other_templates()
    {
        await _services.Messages.InsertMessageTemplateAsync(new Nop.Core.Domain.Messages.MessageTemplate { Name = "Customer.WelcomeMessage" });
        await _services.CreatePlugin().InstallAsync();

        await _services.CreatePlugin().UninstallAsync();

        Assert.That(_services.Messages.Templates.Select(t => t.Name), Is.EqualTo(new[] { "Customer.WelcomeMessage" }));
    }

    [Test]
    public async Task Uninstall_withdraws_the_reminders_still_in_the_e_mail_queue_and_keeps_those_sent()
    {
        await _services.CreatePlugin().InstallAsync();
        var template = _services.Messages.Templates.Single();
        var waiting = await _services.Messages.SendNotificationAsync(template, FakeMessages.Account, 1, [], "waiting@example.test", "Wilma");
        var sent = await _services.Messages.SendNotificationAsync(template, FakeMessages.Account, 1, [], "sent@example.test", "Sara");
        var unrelated = await _services.Messages.SendNotificationAsync(new Nop.Core.Domain.Messages.MessageTemplate { Name = "Customer.WelcomeMessage",
            Subject = "Welcome", Body = "Hello" }, FakeMessages.Account, 1, [], "new@example.test", "Nina");
        _services.Messages.Queue.Single(m => m.Id == sent).SentOnUtc = DateTime.UtcNow;
        await _services.Reminders.InsertAsync(new Domain.CartReminder { AbandonedCartId = 1, ReminderNumber = 1, CustomerId = 7, QueuedEmailId = waiting });
        await _services.Reminders.InsertAsync(new Domain.CartReminder { AbandonedCartId = 2, ReminderNumber = 1, CustomerId = 8, QueuedEmailId = sent });

        await _services.CreatePlugin().UninstallAsync();

        Assert.That(_services.Messages.Queue.Select(m => m.Id), Is.EquivalentTo(new[] { sent, unrelated }));
    }

    [Test]
    public async Task The_template_editor_lists_the_reminder_tokens_for_plugin_templates_only()
    {
        var forPluginTemplate = new Nop.Core.Domain.Messages.AdditionalTokensAddedEvent { TokenGroups = [] };
        var forOrderTemplate = new Nop.Core.Domain.Messages.AdditionalTokensAddedEvent { TokenGroups = ["Store tokens", "Order tokens"] };

        await new MessageTokenEventConsumer().HandleEventAsync(forPluginTemplate);
        await new MessageTokenEventConsumer().HandleEventAsync(forOrderTemplate);

        Assert.That(forPluginTemplate.AdditionalTokens, Does.Contain("%AbandonedCart.Items%").And.Contain("%AbandonedCart.OfferExpiresOn%")
            .And.Contain("%Customer.FullName%").And.Contain("%Store.URL%"));
        Assert.That(forOrderTemplate.AdditionalTokens, Is.Empty);
    }

    [Test]
    public async Task Uninstall_removes_the_plugin_s_discount_requirements_and_only_those()
    {
        var ours = new Nop.Core.Domain.Discounts.DiscountRequirement { Id = 5, DiscountRequirementRuleSystemName = SegmentationDefaults.SystemName };
        var theirs = new Nop.Core.Domain.Discounts.DiscountRequirement { Id = 6, DiscountRequirementRuleSystemName = "DiscountRequirement.MustBeAssignedToCustomerRole" };
        _services.Discounts.Setup(d => d.GetAllDiscountRequirementsAsync(0, false)).Returns(Task.FromResult<IList<Nop.Core.Domain.Discounts.DiscountRequirement>>([ours, theirs]));

        await _services.CreatePlugin().UninstallAsync();

        _services.Discounts.Verify(d => d.DeleteDiscountRequirementAsync(ours, false), Moq.Times.Once);
        _services.Discounts.Verify(d => d.DeleteDiscountRequirementAsync(theirs, Moq.It.IsAny<bool>()), Moq.Times.Never);
    }

    [Test]
    public async Task Install_uninstall_install_leaves_exactly_one_of_everything()
    {
        await _services.CreatePlugin().InstallAsync();
        await _services.CreatePlugin().UninstallAsync();
        await _services.CreatePlugin().InstallAsync();
        // a restart that replays install must not duplicate anything either
        await _services.CreatePlugin().InstallAsync();

        Assert.That(_services.Tasks.Tasks, Has.Count.EqualTo(2));
        Assert.That((await ActiveWidgetsAsync()).Count(n => n == SegmentationDefaults.SystemName), Is.EqualTo(1));
        Assert.That(_services.Permissions.Records, Has.Count.EqualTo(1));
        Assert.That(SegmentationSettingRows(), Is.EqualTo(typeof(SegmentationSettings).GetProperties().Length));
    }

    [Test]
    public async Task Update_restores_missing_resources_and_task_without_touching_settings()
    {
        await _services.CreatePlugin().InstallAsync();
        var settings = await _services.Settings.LoadSettingAsync<SegmentationSettings>();
        settings.BatchSize = 250;
        await _services.Settings.SaveSettingAsync(settings);
        await _services.Localization.DeleteLocaleResourcesAsync(SegmentationDefaults.ResourcePrefix + "Menu");
        _services.Tasks.Tasks.Clear();

        await _services.CreatePlugin().UpdateAsync("1.00", "1.02");

        Assert.That(_services.Localization.Get(FakeLanguageService.Russian.Id, SegmentationDefaults.ResourcePrefix + "Menu.Title"), Is.EqualTo("Сегменты покупателей"));
        Assert.That(_services.Tasks.Tasks, Has.Count.EqualTo(2));
        Assert.That((await _services.Settings.LoadSettingAsync<SegmentationSettings>()).BatchSize, Is.EqualTo(250));
    }

    [Test]
    public void The_plugin_carries_the_misc_and_widget_roles_and_points_to_its_configuration_page()
    {
        var plugin = _services.CreatePlugin();

        Assert.That(plugin, Is.InstanceOf<Nop.Services.Common.IMiscPlugin>());
        Assert.That(plugin, Is.InstanceOf<Nop.Services.Cms.IWidgetPlugin>());
        Assert.That(plugin, Is.InstanceOf<Nop.Services.Discounts.IDiscountRequirementRule>());
        Assert.That(plugin.HideInWidgetList, Is.True);
        Assert.That(plugin.GetConfigurationPageUrl(), Is.EqualTo("/Admin/Segmentation/Configure"));
        Assert.That(typeof(SegmentationPlugin).Assembly.GetTypes().Count(t => typeof(Nop.Services.Plugins.IPlugin).IsAssignableFrom(t) && !t.IsAbstract),
            Is.EqualTo(1), "nopCommerce takes only the first plugin type of an assembly");
    }
}
