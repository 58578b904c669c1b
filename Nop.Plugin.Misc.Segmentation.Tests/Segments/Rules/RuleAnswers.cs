using Nop.Plugin.Misc.Segmentation.Domain;
using Nop.Plugin.Misc.Segmentation.Services.Segments.Rules;
using Nop.Plugin.Misc.Segmentation.Tests.Infrastructure;

namespace Nop.Plugin.Misc.Segmentation.Tests.Segments.Rules;

/// <summary>A rule's customers both ways: one query over the store, and each profile decided in memory from that customer's rows.</summary>
internal static class RuleAnswers
{
    public static async Task<(List<int> InDatabase, List<int> InMemory)> CustomersAsync(StoreDatabase store, string rule, DateTime nowUtc)
    {
        var expression = RuleCompiler.Compile(rule, nowUtc);
        var query = RuleCompiler.ForQuery(expression, store.RuleSources().ForStore());
        var inDatabase = await store.Repository<CustomerProfile>().Table.Where(query).Select(p => p.CustomerId).ToListAsync();

        var predicate = RuleCompiler.ForMemory(expression);
        var used = RuleCompiler.SourcesUsed(expression);
        var segments = await store.Repository<Segment>().Table.ToListAsync();
        var inMemory = new List<int>();
        foreach (var profile in await store.Repository<CustomerProfile>().Table.ToListAsync())
        {
            var members = await store.Repository<SegmentMember>().Table.Where(m => m.CustomerId == profile.CustomerId).ToListAsync();
            if (predicate(profile, await store.RuleSources().ForCustomerAsync(profile.CustomerId, used, segments, members)))
                inMemory.Add(profile.CustomerId);
        }

        return (inDatabase.Order().ToList(), inMemory.Order().ToList());
    }
}
