namespace Nop.Plugin.Misc.Segmentation.Services.Analytics;

/// <summary>Where the members of chosen segments at the start of a period are at its end (the dashboard's Sankey diagram).</summary>
public class SegmentFlowService
{
    /// <summary>
    /// Flows between the given segments from <paramref name="fromUtc"/> to <paramref name="toUtc"/>; pairs with no
    /// customers are left out.
    /// </summary>
    public Task<IList<SegmentFlow>> GetFlowsAsync(IReadOnlyCollection<int> segmentIds, DateTime fromUtc, DateTime toUtc) =>
        throw new NotImplementedException();
}
