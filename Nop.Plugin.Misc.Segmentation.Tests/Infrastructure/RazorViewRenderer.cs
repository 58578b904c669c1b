using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.Razor.RuntimeCompilation;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Moq;

namespace Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;

/// <summary>
/// Renders the plugin's real view files with ASP.NET Core's Razor engine, under the path nopCommerce serves them from
/// (~/Plugins/Misc.Segmentation/Views/...). Only the view imports differ: nopCommerce's page base class is replaced
/// by <see cref="TestRazorPage{TModel}"/>, whose T(...) reads the plugin's English resources.
/// </summary>
public sealed class RazorViewRenderer : IDisposable
{
    private const string TestViewImports = """
        @inherits Nop.Plugin.Misc.Segmentation.Tests.Infrastructure.TestRazorPage<TModel>
        @addTagHelper *, Microsoft.AspNetCore.Mvc.TagHelpers
        """;

    private readonly string _root;
    private readonly ServiceProvider _services;

    public RazorViewRenderer()
    {
        _root = Path.Combine(Path.GetTempPath(), "seg-views-" + Guid.NewGuid().ToString("N"));
        var views = Path.Combine(_root, "Plugins", SegmentationDefaults.SystemName, "Views");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestPaths.PluginProjectDir, "Views"), "*.cshtml", SearchOption.AllDirectories))
        {
            var target = Path.Combine(views, Path.GetRelativePath(Path.Combine(TestPaths.PluginProjectDir, "Views"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        File.WriteAllText(Path.Combine(views, "_ViewImports.cshtml"), TestViewImports);

        var environment = Mock.Of<IWebHostEnvironment>(e => e.ContentRootPath == _root && e.WebRootPath == _root
            && e.ContentRootFileProvider == new PhysicalFileProvider(_root) && e.WebRootFileProvider == new PhysicalFileProvider(_root)
            && e.ApplicationName == typeof(RazorViewRenderer).Assembly.GetName().Name && e.EnvironmentName == "Production");
        var collection = new ServiceCollection();
        collection.AddSingleton(environment);
        collection.AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(environment);
        collection.AddSingleton(new System.Diagnostics.DiagnosticListener("tests"));
        collection.AddSingleton<System.Diagnostics.DiagnosticSource>(sp => sp.GetRequiredService<System.Diagnostics.DiagnosticListener>());
        collection.AddLogging();
        collection.AddControllersWithViews()
            .AddRazorRuntimeCompilation(options =>
            {
                options.FileProviders.Clear();
                options.FileProviders.Add(new PhysicalFileProvider(_root));
            });
        _services = collection.BuildServiceProvider();
    }

    public async Task<string> RenderAsync<TModel>(string viewPath, TModel model)
    {
        using var scope = _services.CreateScope();
        var httpContext = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var actionContext = new ActionContext(httpContext, new RouteData(), new ActionDescriptor());
        var engine = scope.ServiceProvider.GetRequiredService<IRazorViewEngine>();
        var found = engine.GetView(executingFilePath: null, viewPath: viewPath, isMainPage: false);
        if (!found.Success)
            throw new InvalidOperationException($"View {viewPath} not found; searched {string.Join(", ", found.SearchedLocations)}");

        await using var writer = new StringWriter();
        var viewData = new ViewDataDictionary<TModel>(new EmptyModelMetadataProvider(), new ModelStateDictionary()) { Model = model };
        var tempData = new TempDataDictionary(httpContext, Mock.Of<ITempDataProvider>());
        var context = new ViewContext(actionContext, found.View, viewData, tempData, writer, new HtmlHelperOptions());
        await found.View.RenderAsync(context);
        return writer.ToString();
    }

    public void Dispose()
    {
        _services.Dispose();
        try
        {
            Directory.Delete(_root, true);
        }
        catch (IOException)
        {
            // a compiled view may still hold a file open; the temp folder is cleaned by the system
        }
    }
}

/// <summary>The stand-in for nopCommerce's NopRazorPage: T(key, args) is the plugin's English text (formatted with the arguments, as nopCommerce's), and a key it lacks fails the render.</summary>
public abstract class TestRazorPage<TModel> : RazorPage<TModel>
{
    public string T(string key, params object[] args) =>
        TestLocales.English.TryGetValue(key, out var text)
            ? args.Length == 0 ? text : string.Format(text, args)
            : throw new KeyNotFoundException($"The view uses the resource {key}, which the plugin does not install.");
}
