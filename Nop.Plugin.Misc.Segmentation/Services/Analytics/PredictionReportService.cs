using Nop.Core;

namespace Nop.Plugin.Misc.Segmentation.Services.Analytics;

/// <summary>Expected revenue and the valuable customers at risk (dashboard and the admin home block).</summary>
public class PredictionReportService
{
    /// <summary>The store's profiles (0: the all-stores profiles) summed.</summary>
    public Task<PredictionSummary> GetSummaryAsync(int storeId) => throw new NotImplementedException();

    /// <summary>The most valuable customers at risk, most value at stake first.</summary>
    public Task<IPagedList<AtRiskCustomer>> GetValuableAtRiskAsync(int storeId, int pageIndex, int pageSize) =>
        throw new NotImplementedException();
}
