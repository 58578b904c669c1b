using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Segmentation.Factories;
using Nop.Web.Framework.Components;

namespace Nop.Plugin.Misc.Segmentation.Components;

/// <summary>Every zone of the plugin's widgets: the greeting, the loyalty upgrade and the cart offer, as the owner placed them.</summary>
public class PersonalizationViewComponent : NopViewComponent
{
    public const string ViewPath = SegmentationDefaults.PluginFolder + "Views/Components/Personalization.cshtml";

    private readonly PersonalizationModelFactory _modelFactory;

    public PersonalizationViewComponent(PersonalizationModelFactory modelFactory)
    {
        _modelFactory = modelFactory;
    }

    public async Task<IViewComponentResult> InvokeAsync(string widgetZone, object additionalData)
    {
        var model = await _modelFactory.PrepareAsync(widgetZone);
        return model == null ? Content(string.Empty) : View(ViewPath, model);
    }
}
