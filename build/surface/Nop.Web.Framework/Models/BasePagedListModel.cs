using Newtonsoft.Json;

namespace Nop.Web.Framework.Models;

public abstract partial record BasePagedListModel<T> : BaseNopModel, IPagedModel<T> where T : BaseNopModel
{
    public IEnumerable<T> Data { get; set; }

    [JsonProperty(PropertyName = "draw")]
    public string Draw { get; set; }

    [JsonProperty(PropertyName = "recordsFiltered")]
    public int RecordsFiltered { get; set; }

    [JsonProperty(PropertyName = "recordsTotal")]
    public int RecordsTotal { get; set; }
}
