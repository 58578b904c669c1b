using System.Diagnostics;
using System.Text.Json;
using NUnit.Framework;

namespace Nop.Plugin.Misc.Segmentation.Tests;

/// <summary>The one project file builds standalone and inside a nopCommerce tree; this checks how it resolves in each.</summary>
public class BuildTests
{
    private static JsonElement Evaluate(string projectFile)
    {
        var run = Process.Start(new ProcessStartInfo("dotnet",
            ["msbuild", projectFile, "-getProperty:NopInTree", "-getProperty:OutDir", "-getItem:ProjectReference", "-getItem:ClearPluginAssemblies"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true
        })!;
        var output = run.StandardOutput.ReadToEndAsync();
        var errors = run.StandardError.ReadToEndAsync();
        Assert.That(run.WaitForExit(TimeSpan.FromMinutes(2)), Is.True);
        Assert.That(run.ExitCode, Is.Zero, output.Result + errors.Result);
        return JsonDocument.Parse(output.Result).RootElement;
    }

    private static IEnumerable<string> Items(JsonElement evaluation, string name) =>
        evaluation.GetProperty("Items").TryGetProperty(name, out var items)
            ? items.EnumerateArray().Select(i => Path.GetFullPath(i.GetProperty("FullPath").GetString()!))
            : [];

    [Test]
    public void Inside_a_nopCommerce_tree_it_references_the_real_framework_and_writes_to_the_plugins_folder()
    {
        var tree = Path.Combine(Path.GetTempPath(), "seg-tree-" + Guid.NewGuid().ToString("N"), "src");
        try
        {
            // the markers the project looks for, as a nopCommerce 4.90 source tree has them
            Directory.CreateDirectory(Path.Combine(tree, "Presentation", "Nop.Web.Framework"));
            Directory.CreateDirectory(Path.Combine(tree, "Build"));
            File.WriteAllText(Path.Combine(tree, "NopCommerce.sln"), "");
            File.WriteAllText(Path.Combine(tree, "Presentation", "Nop.Web.Framework", "Nop.Web.Framework.csproj"), "<Project />");
            File.WriteAllText(Path.Combine(tree, "Build", "ClearPluginAssemblies.proj"), "<Project />");
            var pluginDir = Path.Combine(tree, "Plugins", "segmentation-repo", "Nop.Plugin.Misc.Segmentation");
            Directory.CreateDirectory(pluginDir);
            var project = Path.Combine(pluginDir, "Nop.Plugin.Misc.Segmentation.csproj");
            File.Copy(Path.Combine(TestPaths.PluginProjectDir, "Nop.Plugin.Misc.Segmentation.csproj"), project);

            var evaluation = Evaluate(project);

            Assert.That(evaluation.GetProperty("Properties").GetProperty("NopInTree").GetString(), Is.EqualTo("true"));
            Assert.That(Path.GetFullPath(evaluation.GetProperty("Properties").GetProperty("OutDir").GetString()!),
                Is.EqualTo(Path.GetFullPath(Path.Combine(tree, "Presentation", "Nop.Web", "Plugins", "Misc.Segmentation")) + Path.DirectorySeparatorChar));
            Assert.That(Items(evaluation, "ProjectReference"),
                Is.EqualTo(new[] { Path.Combine(tree, "Presentation", "Nop.Web.Framework", "Nop.Web.Framework.csproj") }));
            Assert.That(Items(evaluation, "ClearPluginAssemblies"), Is.EqualTo(new[] { Path.Combine(tree, "Build", "ClearPluginAssemblies.proj") }));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(tree)!, true);
        }
    }

    [Test]
    public void Standalone_it_compiles_against_the_reference_surface()
    {
        var evaluation = Evaluate(Path.Combine(TestPaths.PluginProjectDir, "Nop.Plugin.Misc.Segmentation.csproj"));

        Assert.That(evaluation.GetProperty("Properties").GetProperty("NopInTree").GetString(), Is.Empty);
        var surface = Path.Combine(TestPaths.RepositoryRoot, "build", "surface");
        Assert.That(Items(evaluation, "ProjectReference"), Is.EquivalentTo(
            new[] { "Nop.Core", "Nop.Data", "Nop.Services", "Nop.Web.Framework" }.Select(n => Path.Combine(surface, n, n + ".csproj"))));
    }
}
