using System.Xml.Linq;
using Nop.Plugin.Misc.Segmentation.Infrastructure;

namespace Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;

/// <summary>The plugin's resource files as name → text, read where the build copies them beside the plugin assembly.</summary>
public static class TestLocales
{
    public static IReadOnlyDictionary<string, string> Read(string culture) =>
        Parse(File.ReadAllText(SegmentationLocales.FileOf(culture)));

    /// <summary>The language-pack format: &lt;Language&gt;&lt;LocaleResource Name="…"&gt;&lt;Value&gt;…&lt;/Value&gt;… (a name given twice is an error).</summary>
    public static IReadOnlyDictionary<string, string> Parse(string xml) =>
        XDocument.Parse(xml).Root!.Elements("LocaleResource")
            .ToDictionary(e => (string)e.Attribute("Name"), e => (string)e.Element("Value"), StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyDictionary<string, string> English { get; } = Read(SegmentationLocales.DefaultCulture);
}
