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

    public SegmentPreviewService(IRepository<Customer> customerRepository, IRepository<CustomerProfile> profileRepository,
        IRepository<SegmentMember> memberRepository, RuleSourceService ruleSourceService)
    {
        _customerRepository = customerRepository;
        _profileRepository = profileRepository;
        _memberRepository = memberRepository;
        _ruleSourceService = ruleSourceService;
    }

    /// <summary>Counts the rule over the store's profiles; <paramref name="segmentId"/> 0 compares with no members. Throws <see cref="RuleSyntaxException"/>.</summary>
    public async Task<SegmentPreview> PreviewAsync(string rule, int storeId, int segmentId, DateTime nowUtc)
    {
        var predicate = RuleCompiler.ForQuery(RuleCompiler.Compile(rule, nowUtc), _ruleSourceService.ForStore());
        var profiles = _profileRepository.Table.Where(p => p.StoreId == storeId);
        var matching = profiles.Where(predicate).Select(p => p.CustomerId);
        var members = _memberRepository.Table.Where(m => m.SegmentId == segmentId).Select(m => m.CustomerId);

        var count = await matching.CountAsync();
        var customers = await profiles.CountAsync();
        var entering = segmentId == 0 ? count : await matching.Where(id => !members.Contains(id)).CountAsync();
        var leaving = segmentId == 0 ? 0 : await members.Where(id => !matching.Contains(id)).CountAsync();
        var sample = await (from id in matching
                            join customer in _customerRepository.Table on id equals customer.Id
                            orderby id
                            select new { customer.Id, customer.Email }).Take(SampleSize).ToListAsync();

        return new SegmentPreview(count, customers, entering, leaving, sample.Select(c => (c.Id, c.Email)).ToList());
    }
}
