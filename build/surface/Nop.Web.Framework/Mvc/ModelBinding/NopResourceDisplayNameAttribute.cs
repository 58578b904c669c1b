using System.ComponentModel;

namespace Nop.Web.Framework.Mvc.ModelBinding;

public sealed class NopResourceDisplayNameAttribute : DisplayNameAttribute
{
    public NopResourceDisplayNameAttribute(string resourceKey) : base(resourceKey)
    {
        ResourceKey = resourceKey;
    }

    public string ResourceKey { get; set; }
}
