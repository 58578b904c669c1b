using System.Reflection;
using System.Text.RegularExpressions;
using Nop.Plugin.Misc.Segmentation.Infrastructure;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;
using Nop.Web.Framework.Mvc.ModelBinding;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests;

public class LocaleTests
{
    /// <summary>nopCommerce's own resources the plugin uses.</summary>
    private static readonly string[] CoreKeys =
        ["Admin.Plugins.Saved", "Admin.Common.Save", "Admin.Promotions.Discounts.Requirements.FailedToSave", "Admin.Promotions.Discounts.Requirements.Saved",
         "Admin.Promotions.Discounts.Requirements.DefaultRequirementGroup", "Admin.Common.All", "Admin.Common.Search", "Admin.Common.Edit",
         "Admin.Common.Delete", "Admin.Common.Alert.NothingSelected"];

    [Test]
    public void Russian_and_chinese_files_translate_every_english_resource()
    {
        var (russian, chinese) = (TestLocales.Read("ru"), TestLocales.Read("zh"));
        Assert.That(russian.Keys, Is.EquivalentTo(TestLocales.English.Keys));
        Assert.That(chinese.Keys, Is.EquivalentTo(TestLocales.English.Keys));
        foreach (var translation in new[] { russian, chinese })
            Assert.That(translation.Where(r => string.IsNullOrWhiteSpace(r.Value) || r.Value == TestLocales.English[r.Key]), Is.Empty);
    }

    [Test]
    public void The_resource_files_are_language_packs_nopcommerce_imports()
    {
        foreach (var culture in new[] { "en", "ru", "zh" })
        {
            var file = SegmentationLocales.FileOf(culture);
            var root = System.Xml.Linq.XDocument.Load(file).Root!;
            Assert.That((root.Name.LocalName, root.Elements().Select(e => e.Name.LocalName).Distinct()), Is.EqualTo(("Language", new[] { "LocaleResource" })), file);
            Assert.That(root.Elements().All(e => e.Attribute("Name") != null && e.Elements("Value").Count() == 1), file);
        }
    }

    [Test]
    public void A_language_gets_the_translation_of_its_culture_and_no_other()
    {
        Assert.That(SegmentationLocales.TranslationOf("ru-RU"), Is.EqualTo(SegmentationLocales.FileOf("ru")));
        Assert.That(SegmentationLocales.TranslationOf("zh-CN"), Is.EqualTo(SegmentationLocales.FileOf("zh")));
        Assert.That(new[] { "en-US", "de-DE", "", null, "../ru", "ru.nopres" }.Select(SegmentationLocales.TranslationOf), Is.All.Null);
    }

    [Test]
    public void Every_resource_is_removed_by_one_of_the_uninstall_prefixes()
    {
        Assert.That(TestLocales.English.Keys.Where(k => !SegmentationLocales.Prefixes.Any(p => k.StartsWith(p, StringComparison.InvariantCultureIgnoreCase))), Is.Empty);
    }

    [Test]
    public void Every_resource_key_the_code_and_views_use_is_installed()
    {
        var used = new HashSet<string>();

        foreach (var attribute in typeof(SegmentationPlugin).Assembly.GetTypes()
                     .SelectMany(t => t.GetProperties())
                     .Select(p => p.GetCustomAttribute<NopResourceDisplayNameAttribute>())
                     .Where(a => a != null))
        {
            used.Add(attribute.ResourceKey);
            used.Add(attribute.ResourceKey + ".Hint"); // nop-label shows the hint too
        }

        var sources = Directory.EnumerateFiles(TestPaths.PluginProjectDir, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs") || f.EndsWith(".cshtml")) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));
        var pattern = new Regex("(?:T|GetResourceAsync)\\(\"([A-Za-z0-9.]+)\"");
        // services name their own keys without the plugin's prefix: ResourceAsync("X"), Refuse(field, "X")
        var prefixed = new Regex("(?:(?<!Get)ResourceAsync\\(|Refuse\\(nameof\\([^)]*\\), )\"([A-Za-z0-9.]+)\"");
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            foreach (Match match in pattern.Matches(text))
                used.Add(match.Groups[1].Value);
            foreach (Match match in prefixed.Matches(text))
                used.Add(SegmentationDefaults.ResourcePrefix + match.Groups[1].Value);
        }

        Assert.That(used, Is.Not.Empty);
        var installed = TestLocales.English.Keys.Concat(CoreKeys).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.That(used.Where(k => !installed.Contains(k)), Is.Empty);
    }
}
