using Nop.Core.Caching;
using Nop.Core.Domain.Customers;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;

namespace Nop.Plugin.Misc.Segmentation.Services.Segments;

/// <summary>What a rule would give now, next to the segment's current members.</summary>
public record SegmentPreview(int Matching, int Customers, int Entering, int Leaving, IReadOnlyList<(int Id, string Email)> Sample);

/// <summary>
/// The editor's live preview: the same compiled rule the evaluation runs, counted in the database over the store's
/// profiles, so what the owner sees while typing is what saving gives.
/// </summary>
public class SegmentPreviewService
{
    public const int SampleSize = 10;

    private readonly IRepository<Customer> _customerRepository;
    private readonly IRepository<CustomerProfile> _profileRepository;
    private readonly IRepository<SegmentMember> _memberRepository;
    private readonly RuleSourceService _ruleSourceService;
    private readonly IStaticCacheManager _staticCacheManager;

    public SegmentPreviewService(IRepository<Customer> customerRepository, IRepository<CustomerProfile> profileRepository,
        IRepository<SegmentMember> memberRepository, RuleSourceService ruleSourceService, IStaticCacheManager staticCacheManager)
    {
        _staticCacheManager = staticCacheManager;
        _customerRepository = customerRepository;
        _profileRepository = profileRepository;
        _memberRepository = memberRepository;
        _ruleSourceService = ruleSourceService;
    }

    /// <summary>
    /// The customers with a profile in the store, the share's denominator: a whole-table count, the same for every
    /// keystroke, so it is kept for a few minutes rather than counted on each (PrepareKey keeps the key's own time).
    /// </summary>
    private Task<int> CustomersInStoreAsync(int storeId) =>
        _staticCacheManager.GetAsync(_staticCacheManager.PrepareKey(SegmentationDefaults.StoreCustomerCountCacheKey, storeId),
            () => _profileRepository.Table.CountAsync(p => p.StoreId == storeId));

    /// <summary>Counts the rule over the store's profiles; <paramref name="segmentId"/> 0 compares with no members. Throws <see cref="RuleSyntaxException"/>.</summary>
    public async Task<SegmentPreview> PreviewAsync(string rule, int storeId, int segmentId, DateTime nowUtc)
    {
        var compiled = RuleCompiler.Compile(rule, nowUtc);
        // each query builds its own from the repositories: they run at once, and a query's tables belong to it alone
        IQueryable<CustomerProfile> MatchingProfiles() =>
            _profileRepository.Table.Where(p => p.StoreId == storeId).Where(RuleCompiler.ForQuery(compiled, _ruleSourceService.ForStore()));
        IQueryable<SegmentMember> Members() => _memberRepository.Table.Where(m => m.SegmentId == segmentId);

        // three queries at once, each on its own connection: who matches, which members still match (a semi-join;
        // profiles and members are unique per customer, so who enters and leaves follows by subtraction), and a sample
        var matching = Task.Run(() => MatchingProfiles().CountAsync());
        var staying = segmentId == 0 ? Task.FromResult(0)
            : Task.Run(() =>
            {
                var profiles = MatchingProfiles();
                return Members().Where(m => profiles.Any(p => p.CustomerId == m.CustomerId)).CountAsync();
            });
        var sampling = Task.Run(async () => await (
                from profile in MatchingProfiles()
                join customer in _customerRepository.Table on profile.CustomerId equals customer.Id
                select new { customer.Id, customer.Email })
            .Take(SampleSize).ToListAsync());
        var customers = await CustomersInStoreAsync(storeId);
        var memberCount = segmentId == 0 ? 0 : await Members().CountAsync();
        var (count, stay) = (await matching, await staying);
        var sample = (await sampling).OrderBy(c => c.Id).ToList();

        return new SegmentPreview(count, customers, count - stay, memberCount - stay, sample.Select(c => (c.Id, c.Email)).ToList());
    }
}
