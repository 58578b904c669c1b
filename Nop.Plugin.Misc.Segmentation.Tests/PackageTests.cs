using System.Diagnostics;
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Versioning;
using System.Text.Json;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests;

public class PackageTests
{
    private static string PluginDll => typeof(SegmentationPlugin).Assembly.Location;

    private static JsonElement ReadDescriptor(string json) => JsonDocument.Parse(json).RootElement;

    [Test]
    public void Plugin_json_describes_the_plugin_for_nopCommerce_4_90()
    {
        var descriptor = ReadDescriptor(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "plugin.json")));

        Assert.That(descriptor.GetProperty("Group").GetString(), Is.EqualTo("Misc"));
        Assert.That(descriptor.GetProperty("SystemName").GetString(), Is.EqualTo(SegmentationDefaults.SystemName));
        Assert.That(descriptor.GetProperty("FriendlyName").GetString(), Is.Not.Empty);
        Assert.That(descriptor.GetProperty("Author").GetString(), Is.Not.Empty);
        Assert.That(descriptor.GetProperty("Description").GetString(), Is.Not.Empty);
        Assert.That(descriptor.GetProperty("DisplayOrder").GetInt32(), Is.GreaterThanOrEqualTo(0));
        Assert.That(Version.TryParse(descriptor.GetProperty("Version").GetString(), out _), Is.True);
        Assert.That(descriptor.GetProperty("SupportedVersions").EnumerateArray().Select(v => v.GetString()), Does.Contain("4.90"));
        Assert.That(descriptor.GetProperty("FileName").GetString(), Is.EqualTo(Path.GetFileName(PluginDll)));
        Assert.That(File.Exists(Path.Combine(TestPaths.RepositoryRoot, "logo.png")));
    }

    [Test]
    public void The_package_has_one_plugin_folder_with_exactly_what_the_store_needs()
    {
        var output = Path.Combine(Path.GetTempPath(), "seg-package-" + Guid.NewGuid().ToString("N"));
        try
        {
            var run = Process.Start(new ProcessStartInfo("bash", [Path.Combine(TestPaths.RepositoryRoot, "build", "package.sh"), output])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true
            })!;
            var log = run.StandardOutput.ReadToEndAsync();
            var errors = run.StandardError.ReadToEndAsync();
            Assert.That(run.WaitForExit(TimeSpan.FromMinutes(5)), Is.True, "package.sh timed out");
            Assert.That(run.ExitCode, Is.Zero, log.Result + errors.Result);

            var zip = Directory.GetFiles(output, "*.zip").Single();
            Assert.That(Path.GetFileName(zip), Is.EqualTo("Misc.Segmentation_1.08.zip"));
            using var archive = ZipFile.OpenRead(zip);
            var entries = archive.Entries.Select(e => e.FullName).OrderBy(n => n, StringComparer.Ordinal).ToList();
            Assert.That(entries, Is.EqualTo(new[]
            {
                "Misc.Segmentation/Content/lib/chartjs-chart-matrix/LICENSE",
                "Misc.Segmentation/Content/lib/chartjs-chart-matrix/chartjs-chart-matrix.min.js",
                "Misc.Segmentation/Content/lib/chartjs-chart-sankey/LICENSE",
                "Misc.Segmentation/Content/lib/chartjs-chart-sankey/chartjs-chart-sankey.min.js",
                "Misc.Segmentation/Content/personalization.css",
                "Misc.Segmentation/Content/segment-analytics.js",
                "Misc.Segmentation/Content/segment-dashboard.css",
                "Misc.Segmentation/Content/segment-dashboard.js",
                "Misc.Segmentation/Content/segment-editor.css",
                "Misc.Segmentation/Content/segment-editor.js",
                "Misc.Segmentation/Localization/en.nopres.xml",
                "Misc.Segmentation/Localization/ru.nopres.xml",
                "Misc.Segmentation/Localization/zh.nopres.xml",
                "Misc.Segmentation/Nop.Plugin.Misc.Segmentation.dll",
                "Misc.Segmentation/Views/Admin/Components/CustomerPanel.cshtml",
                "Misc.Segmentation/Views/Admin/Components/DashboardBlock.cshtml",
                "Misc.Segmentation/Views/Admin/Configure.cshtml",
                "Misc.Segmentation/Views/Admin/Dashboard/Index.cshtml",
                "Misc.Segmentation/Views/Admin/Dashboard/RfmCell.cshtml",
                "Misc.Segmentation/Views/Admin/RequirementConfigure.cshtml",
                "Misc.Segmentation/Views/Admin/Segment/Edit.cshtml",
                "Misc.Segmentation/Views/Admin/Segment/List.cshtml",
                "Misc.Segmentation/Views/Admin/Segment/_Details.cshtml",
                "Misc.Segmentation/Views/Components/Personalization.cshtml",
                "Misc.Segmentation/Views/_ViewImports.cshtml",
                "Misc.Segmentation/logo.png",
                "Misc.Segmentation/plugin.json"
            }));

            // what nopCommerce's UploadService checks: one root folder, a descriptor in it, the current version supported
            Assert.That(entries.Select(e => e.Split('/')[0]).Distinct().Count(), Is.EqualTo(1));
            using var reader = new StreamReader(archive.GetEntry("Misc.Segmentation/plugin.json")!.Open());
            var descriptor = ReadDescriptor(reader.ReadToEnd());
            Assert.That(descriptor.GetProperty("SupportedVersions").EnumerateArray().Select(v => v.GetString()), Does.Contain("4.90"));
            Assert.That(descriptor.GetProperty("SystemName").GetString(), Is.EqualTo("Misc.Segmentation"));
        }
        finally
        {
            if (Directory.Exists(output))
                Directory.Delete(output, true);
        }
    }

    [Test]
    public void The_built_plugin_references_only_what_a_4_90_store_can_load()
    {
        var (framework, references) = ReadAssembly(PluginDll);

        Assert.That(framework, Is.EqualTo(".NETCoreApp,Version=v9.0"));
        Assert.That(ReferenceRules.Violations(references), Is.Empty);
        Assert.That(references.Select(r => r.Name), Does.Contain("Nop.Core").And.Contain("Nop.Services").And.Contain("FluentMigrator"),
            "the check saw the real references");
    }

    [Test]
    public void The_reference_rules_catch_every_kind_of_violation()
    {
        var bad = new[]
        {
            ("Nop.Core", new Version(4, 80, 0, 0)),
            ("FluentMigrator", new Version(8, 0, 1, 0)),
            ("FluentMigrator.Abstractions", new Version(7, 2, 0, 0)),
            ("FluentValidation", new Version(12, 0, 0, 0)),
            ("Newtonsoft.Json", new Version(13, 0, 1, 0)),
            ("linq2db", new Version(5, 4, 1, 0)),
            ("System.Runtime", new Version(10, 0, 0, 0)),
            ("SomeVendor.Library", new Version(1, 0, 0, 0)),
            ("Microsoft.Data.SqlClient", new Version(6, 0, 0, 0))
        };

        Assert.That(ReferenceRules.Violations(bad), Has.Count.EqualTo(bad.Length));
        Assert.That(ReferenceRules.Violations([("Nop.Web.Framework", new Version(4, 90, 0, 0)), ("FluentMigrator", new Version(7, 1, 0, 0)),
            ("FluentValidation", new Version(11, 0, 0, 0)), ("Newtonsoft.Json", new Version(13, 0, 0, 0)), ("System.Linq", new Version(9, 0, 0, 0)),
            ("Microsoft.AspNetCore.Mvc.Core", new Version(9, 0, 0, 0))]), Is.Empty);
    }

    private static (string Framework, List<(string Name, Version Version)> References) ReadAssembly(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var references = metadata.AssemblyReferences.Select(metadata.GetAssemblyReference)
            .Select(r => (metadata.GetString(r.Name), r.Version)).ToList();

        string framework = null;
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            var ctor = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            var type = metadata.GetTypeReference((TypeReferenceHandle)ctor.Parent);
            if (metadata.GetString(type.Name) != nameof(TargetFrameworkAttribute))
                continue;
            var blob = metadata.GetBlobReader(attribute.Value);
            blob.ReadUInt16(); // prolog
            framework = blob.ReadSerializedString();
        }

        return (framework, references);
    }
}

/// <summary>What a plugin DLL may reference to load in a stock nopCommerce 4.90 store.</summary>
public static class ReferenceRules
{
    private static readonly Version Nop = new(4, 90, 0, 0);
    private static readonly Version Framework = new(9, 0, 0, 0);

    private static readonly Dictionary<string, Version> ThirdPartyCeilings = new()
    {
        ["FluentMigrator"] = new Version(7, 1, 0, 0),
        ["FluentMigrator.Abstractions"] = new Version(7, 1, 0, 0),
        ["FluentValidation"] = new Version(11, 0, 0, 0),
        ["Newtonsoft.Json"] = new Version(13, 0, 0, 0)
    };

    public static List<string> Violations(IEnumerable<(string Name, Version Version)> references)
    {
        var violations = new List<string>();
        foreach (var (name, version) in references)
        {
            if (name is "Nop.Core" or "Nop.Data" or "Nop.Services" or "Nop.Web.Framework" or "Nop.Web")
            {
                if (version != Nop)
                    violations.Add($"{name} {version}: nopCommerce 4.90 assemblies are {Nop}");
            }
            else if (ThirdPartyCeilings.TryGetValue(name, out var ceiling))
            {
                if (version > ceiling)
                    violations.Add($"{name} {version}: nopCommerce 4.90 ships {ceiling}");
            }
            else if (IsSharedFramework(name))
            {
                if (version > Framework)
                    violations.Add($"{name} {version}: the store runs on net9.0");
            }
            else
                violations.Add($"{name} {version}: not shipped by nopCommerce 4.90" + (name == "linq2db" ? " (use Nop.Data, never linq2db directly)" : ""));
        }

        return violations;
    }

    // the net9.0 and ASP.NET Core shared frameworks; other Microsoft.* packages are third-party like any other
    private static bool IsSharedFramework(string name) =>
        name is "netstandard" or "mscorlib" or "System" or "Microsoft.CSharp" or "Microsoft.VisualBasic" or "Microsoft.Net.Http.Headers" or "Microsoft.JSInterop"
        || new[] { "System.", "Microsoft.AspNetCore.", "Microsoft.Extensions.", "Microsoft.Win32." }.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));
}
