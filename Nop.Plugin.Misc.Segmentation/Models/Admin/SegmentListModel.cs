using Nop.Web.Framework.Models;

namespace Nop.Plugin.Misc.Segmentation.Models.Admin;

public record SegmentListModel : BasePagedListModel<SegmentModel>;
