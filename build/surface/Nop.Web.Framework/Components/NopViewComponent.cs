using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewComponents;

namespace Nop.Web.Framework.Components;

public abstract partial class NopViewComponent : ViewComponent
{
    // the platform also publishes a model-prepared event here; the surface only renders
    public new ViewViewComponentResult View<TModel>(string viewName, TModel model) => base.View(viewName, model);
}
