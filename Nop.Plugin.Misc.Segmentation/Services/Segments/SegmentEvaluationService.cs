using System.Collections.Concurrent;
using Nop.Data;
using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;

namespace Nop.Plugin.Misc.Segmentation.Services.Segments;

public record SegmentChange(int Entered, int Left);

/// <summary>
/// Decides who is in a dynamic segment: for the whole store as one query over the profiles (the rebuild), or for
/// one customer in memory (events). Only differences are written, each with a movement record saying when and why.
/// </summary>
public class SegmentEvaluationService
{
    /// <summary>
    /// Compiled rules by text, recompiled when the minute changes ("30 days ago" moves with the clock): compiling is
    /// the costly part of deciding for one customer, and one entry per rule keeps the cache from growing.
    /// </summary>
    private static readonly ConcurrentDictionary<string, CompiledRule> _compiled = new();

    private sealed record CompiledRule(DateTime Minute, Func<CustomerProfile, RuleSources, bool> Predicate, IReadOnlySet<string> SourcesUsed);

    private static CompiledRule Predicate(string rule, DateTime nowUtc)
    {
        var minute = new DateTime(nowUtc.Ticks - nowUtc.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
        if (_compiled.TryGetValue(rule, out var cached) && cached.Minute == minute)
            return cached;

        var expression = RuleCompiler.Compile(rule, minute);
        var compiled = new CompiledRule(minute, RuleCompiler.ForMemory(expression), RuleCompiler.SourcesUsed(expression));
        _compiled[rule] = compiled;
        return compiled;
    }

    private readonly IRepository<CustomerProfile> _profileRepository;
    private readonly IRepository<Segment> _segmentRepository;
    private readonly IRepository<SegmentMember> _memberRepository;
    private readonly IRepository<SegmentMovement> _movementRepository;
    private readonly SegmentMembershipService _membershipService;
    private readonly RuleSourceService _ruleSourceService;

    public SegmentEvaluationService(IRepository<CustomerProfile> profileRepository,
        IRepository<Segment> segmentRepository,
        IRepository<SegmentMember> memberRepository,
        IRepository<SegmentMovement> movementRepository,
        SegmentMembershipService membershipService,
        RuleSourceService ruleSourceService)
    {
        _ruleSourceService = ruleSourceService;
        _membershipService = membershipService;
        _profileRepository = profileRepository;
        _segmentRepository = segmentRepository;
        _memberRepository = memberRepository;
        _movementRepository = movementRepository;
    }

    /// <summary>Checks a rule as the owner typed it; the message says where and what is wrong.</summary>
    public static RuleSyntaxException Validate(string rule)
    {
        try
        {
            RuleCompiler.Compile(rule, DateTime.UtcNow);
            return null;
        }
        catch (RuleSyntaxException error)
        {
            return error;
        }
    }

    /// <summary>Re-evaluates a dynamic segment over every profile of its store (0 = the all-stores profiles).</summary>
    public async Task<SegmentChange> EvaluateAsync(Segment segment, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (segment.SegmentType == SegmentType.Static || string.IsNullOrWhiteSpace(segment.Rule))
            throw new ArgumentException($"Segment '{segment.Name}' has no rule to evaluate.", nameof(segment));

        var rule = RuleCompiler.ForQuery(RuleCompiler.Compile(segment.Rule, nowUtc), _ruleSourceService.ForStore());
        var (storeId, segmentId) = (segment.StoreId, segment.Id);
        // two plain scans compared here, not an anti-join: the plan stays sound when the member table has just
        // grown by millions of rows and its statistics lag behind
        var wanted = segment.Active
            ? (await _profileRepository.Table.Where(p => p.StoreId == storeId).Where(rule).Select(p => p.CustomerId).ToListAsync()).ToHashSet()
            : [];
        var current = await _memberRepository.Table.Where(m => m.SegmentId == segmentId).Select(m => new { m.Id, m.CustomerId }).ToListAsync();
        var entering = wanted.Except(current.Select(m => m.CustomerId)).ToList();
        var leaving = current.Where(m => !wanted.Contains(m.CustomerId)).Select(m => (m.CustomerId, m.Id)).ToList();
        SegmentChange change;
        try
        {
            change = await WriteAsync(segment, entering, leaving, nowUtc, segment.Active ? MovementReasons.Rule : MovementReasons.Disabled);
            segment.MemberCount = wanted.Count;
            segment.LastEvaluatedOnUtc = nowUtc;
            await _segmentRepository.UpdateAsync(segment, false);
        }
        finally
        {
            // an event may have moved a customer since the members were read, and the row above was written whole
            var counts = await _membershipService.StoreMemberCountsAsync([segment.Id]);
            segment.MemberCount = counts.GetValueOrDefault(segment.Id, segment.MemberCount);
        }

        // only the customers who moved: the ten-minute offer run must not empty every shopper's cache
        await _membershipService.ClearAsync(entering.Concat(leaving.Select(m => m.CustomerId)).ToList());
        return change;
    }

    /// <summary>
    /// Re-evaluates every rule segment (dynamic and built-in) of the store, one query each, a segment after the
    /// segments its rule names.
    /// </summary>
    public async Task<int> EvaluateAllAsync(DateTime nowUtc)
    {
        var segments = await _segmentRepository.Table.Where(s => s.SegmentTypeId != (int)SegmentType.Static && s.Rule != null)
            .OrderBy(s => s.Priority).ThenBy(s => s.Id).ToListAsync();
        var changes = 0;
        // segments that name none of the others in their wave run side by side, each query on its own connection
        foreach (var wave in InWaves(segments))
            foreach (var group in wave.Chunk(SegmentationDefaults.ParallelQueries))
            {
                var results = await Task.WhenAll(group.Select(segment => Task.Run(() => EvaluateAsync(segment, nowUtc))));
                changes += results.Sum(change => change.Entered + change.Left);
            }

        return changes;
    }

    /// <summary>
    /// <see cref="InDependencyOrder"/> cut into waves: a segment's wave comes after the waves of the segments it names.
    /// </summary>
    public static List<List<Segment>> InWaves(IList<Segment> segments)
    {
        var byName = segments.ToLookup(s => s.Name ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        var waveOf = new Dictionary<Segment, int>();
        foreach (var segment in InDependencyOrder(segments))
            // a dependency not placed yet is part of a cycle: it does not hold this one back
            waveOf[segment] = References(segment).SelectMany(name => byName[name]).Where(waveOf.ContainsKey)
                .Select(dependency => waveOf[dependency] + 1).DefaultIfEmpty(0).Max();

        return waveOf.GroupBy(pair => pair.Value).OrderBy(g => g.Key).Select(g => g.Select(pair => pair.Key).ToList()).ToList();
    }

    /// <summary>
    /// Re-evaluates every active rule segment for one customer, in memory against their profiles (read here unless
    /// the caller has just written them).
    /// </summary>
    public async Task<SegmentChange> EvaluateCustomerAsync(int customerId, DateTime nowUtc, IReadOnlyCollection<CustomerProfile> currentProfiles = null)
    {
        var profiles = (currentProfiles ?? await _profileRepository.Table.Where(p => p.CustomerId == customerId).ToListAsync())
            .Where(p => p.CustomerId == customerId)
            .ToDictionary(p => p.StoreId);
        // all segments: a rule may name a static one
        var allSegments = await _segmentRepository.Table.ToListAsync();
        var segments = InDependencyOrder(allSegments.Where(s => s.SegmentType != SegmentType.Static && s.Active && s.Rule != null).ToList());
        // kept current as segments are decided, so that a rule naming one decided before sees the new membership
        var memberships = await _memberRepository.Table.Where(m => m.CustomerId == customerId).ToListAsync();

        var rules = segments.ToDictionary(s => s.Id, s => Predicate(s.Rule, nowUtc));
        var sources = await _ruleSourceService.ForCustomerAsync(customerId, rules.Values.SelectMany(r => r.SourcesUsed).ToHashSet(),
            allSegments, memberships);

        var (entered, left) = (0, 0);
        var touched = new List<int>();
        try
        {
            foreach (var segment in segments)
            {
                var isIn = profiles.TryGetValue(segment.StoreId, out var profile) && rules[segment.Id].Predicate(profile, sources);
                var member = memberships.FirstOrDefault(m => m.SegmentId == segment.Id);
                if (isIn == (member != null))
                    continue;

                // noted before the write: a write that fails halfway (the retry then sees no change) still gets its count
                touched.Add(segment.Id);
                var change = await WriteAsync(segment, isIn ? [customerId] : [], isIn ? [] : [(customerId, member.Id)], nowUtc, MovementReasons.Rule);
                if (change.Entered > 0)
                    memberships.Add(new SegmentMember { SegmentId = segment.Id, CustomerId = customerId, MemberSinceUtc = nowUtc });
                if (change.Left > 0)
                    memberships.Remove(member);
                (entered, left) = (entered + change.Entered, left + change.Left);
            }
        }
        finally
        {
            // only the segments this customer moved in or out of: an event never counts the others
            if (touched.Count > 0)
                await _membershipService.StoreMemberCountsAsync(touched);
        }

        // callers decide for a customer because something of theirs changed (profile, cart, offer), so their cached
        // segments and storefront state go whether or not a segment moved
        await _membershipService.ClearAsync(customerId);
        return new SegmentChange(entered, left);
    }

    /// <summary>
    /// The segments in an order where a segment comes after those its rule names (by name, as the rule language
    /// does); otherwise as given. A cycle cannot be ordered: each of its segments is still evaluated once, reading
    /// the others' members as they stand.
    /// </summary>
    public static List<Segment> InDependencyOrder(IList<Segment> segments)
    {
        var byName = segments.GroupBy(s => s.Name ?? string.Empty, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        var ordered = new List<Segment>();
        var state = new Dictionary<Segment, bool>(); // false: being visited, true: placed
        void Visit(Segment segment)
        {
            if (state.ContainsKey(segment))
                return;
            state[segment] = false;
            foreach (var name in References(segment))
                foreach (var dependency in byName.GetValueOrDefault(name) ?? [])
                    Visit(dependency);
            state[segment] = true;
            ordered.Add(segment);
        }

        foreach (var segment in segments)
            Visit(segment);
        return ordered;
    }

    /// <summary>
    /// The segment names each rule text refers to: the dependency order is worked out on every cart event, and
    /// parsing every rule each time would cost more than deciding them. They do not move with the clock.
    /// </summary>
    private static readonly ConcurrentDictionary<string, IReadOnlyList<string>> _references = new();

    public static IReadOnlyList<string> References(Segment segment) =>
        string.IsNullOrWhiteSpace(segment.Rule) ? [] : _references.GetOrAdd(segment.Rule, static rule =>
        {
            try
            {
                return RuleParser.Parse(rule).ReferencedSegments().ToList();
            }
            catch (RuleSyntaxException)
            {
                return [];
            }
        });

    /// <param name="leaving">Customer and membership row ids.</param>
    private async Task<SegmentChange> WriteAsync(Segment segment, IReadOnlyCollection<int> entering, IReadOnlyCollection<(int CustomerId, int MemberId)> leaving,
        DateTime nowUtc, string reason)
    {
        if (entering.Count > 0)
            await _memberRepository.InsertAsync(entering.Select(id => new SegmentMember { SegmentId = segment.Id, CustomerId = id, MemberSinceUtc = nowUtc }).ToList(), false);

        // leaving members go in slices, so a big drop never becomes one huge IN list
        foreach (var slice in leaving.Select(m => m.MemberId).Chunk(SegmentationDefaults.MaxInListSize))
            await _memberRepository.DeleteAsync(m => slice.Contains(m.Id));

        var movements = entering.Select(id => Movement(segment, id, SegmentMovementType.Entered, reason, nowUtc))
            .Concat(leaving.Select(m => Movement(segment, m.CustomerId, SegmentMovementType.Left, reason, nowUtc)))
            .ToList();
        if (movements.Count > 0)
            await _movementRepository.InsertAsync(movements, false);

        return new SegmentChange(entering.Count, leaving.Count);
    }

    private static SegmentMovement Movement(Segment segment, int customerId, SegmentMovementType type, string reason, DateTime nowUtc) => new()
    {
        SegmentId = segment.Id,
        CustomerId = customerId,
        MovementType = type,
        Reason = reason,
        CreatedOnUtc = nowUtc
    };
}
