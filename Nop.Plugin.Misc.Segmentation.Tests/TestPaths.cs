namespace Nop.Plugin.Misc.Segmentation.Tests;

public static class TestPaths
{
    /// <summary>The repository root: the folder above the test project.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string PluginProjectDir => Path.Combine(RepositoryRoot, "Nop.Plugin.Misc.Segmentation");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "plugin.json")) && Directory.Exists(Path.Combine(dir.FullName, "Nop.Plugin.Misc.Segmentation")))
                return dir.FullName;
        throw new InvalidOperationException("The repository root (with plugin.json) is not above " + AppContext.BaseDirectory);
    }
}
