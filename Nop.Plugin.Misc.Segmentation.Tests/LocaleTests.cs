using System.Reflection;
using System.Text.RegularExpressions;
using Nop.Plugin.Misc.Segmentation.Infrastructure;
using Nop.Web.Framework.Mvc.ModelBinding;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests;

public class LocaleTests
{
    /// <summary>nopCommerce's own resources the plugin uses.</summary>
    private static readonly string[] CoreKeys =
        ["Admin.Plugins.Saved", "Admin.Common.Save", "Admin.Promotions.Discounts.Requirements.FailedToSave", "Admin.Promotions.Discounts.Requirements.Saved",
         "Admin.Promotions.Discounts.Requirements.DefaultRequirementGroup", "Admin.Common.All"];

    [Test]
    public void Russian_and_chinese_translate_every_english_resource()
    {
        Assert.That(SegmentationLocales.Russian.Keys, Is.EquivalentTo(SegmentationLocales.English.Keys));
        Assert.That(SegmentationLocales.Chinese.Keys, Is.EquivalentTo(SegmentationLocales.English.Keys));
        foreach (var translation in new[] { SegmentationLocales.Russian, SegmentationLocales.Chinese })
            Assert.That(translation.Where(r => string.IsNullOrWhiteSpace(r.Value) || r.Value == SegmentationLocales.English[r.Key]), Is.Empty);
    }

    [Test]
    public void Every_resource_is_removed_by_one_of_the_uninstall_prefixes()
    {
        Assert.That(SegmentationLocales.English.Keys.Where(k => !SegmentationLocales.Prefixes.Any(p => k.StartsWith(p, StringComparison.InvariantCultureIgnoreCase))), Is.Empty);
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
        foreach (var file in sources)
            foreach (Match match in pattern.Matches(File.ReadAllText(file)))
                used.Add(match.Groups[1].Value);

        Assert.That(used, Is.Not.Empty);
        var installed = SegmentationLocales.English.Keys.Concat(CoreKeys).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.That(used.Where(k => !installed.Contains(k)), Is.Empty);
    }
}
