using Nop.Core;

namespace Nop.Plugin.Misc.Segmentation.Services.Analytics;

/// <summary>The abandoned-cart funnel and the open offers (dashboard).</summary>
public class AbandonedCartReportService
{
    /// <summary>Carts detected in [from, to) in a store (0: all stores) and what became of them.</summary>
    public Task<CartFunnel> GetFunnelAsync(int storeId, DateTime fromUtc, DateTime toUtc) => throw new NotImplementedException();

    /// <summary>Offers valid at <paramref name="nowUtc"/>, soonest to expire first.</summary>
    public Task<IPagedList<OpenCartOffer>> GetOpenOffersAsync(int storeId, DateTime nowUtc, int pageIndex, int pageSize) =>
        throw new NotImplementedException();
}
