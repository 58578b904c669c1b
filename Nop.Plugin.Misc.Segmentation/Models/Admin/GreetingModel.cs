using Microsoft.AspNetCore.Mvc.Rendering;
using Nop.Web.Framework.Models;
using Nop.Web.Framework.Mvc.ModelBinding;

namespace Nop.Plugin.Misc.Segmentation.Models.Admin;

/// <summary>One greeting text on the configuration page: whom, where and in which language it greets.</summary>
public record GreetingModel : BaseNopModel
{
    public int Id { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Greeting.Audience")]
    public int AudienceId { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Greeting.Segment")]
    public int SegmentId { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Greeting.Store")]
    public int StoreId { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Greeting.Language")]
    public int LanguageId { get; set; }

    [NopResourceDisplayName("Plugins.Misc.Segmentation.Greeting.Body")]
    public string Body { get; set; }

    /// <summary>For the list: the names of the choices above.</summary>
    public string AudienceName { get; set; }

    public string SegmentName { get; set; }

    public string StoreName { get; set; }

    public string LanguageName { get; set; }

    public List<SelectListItem> AvailableAudiences { get; set; } = [];

    public List<SelectListItem> AvailableSegments { get; set; } = [];

    public List<SelectListItem> AvailableStores { get; set; } = [];

    public List<SelectListItem> AvailableLanguages { get; set; } = [];
}
