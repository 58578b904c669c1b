using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Discounts;
using Nop.Services.Discounts;

namespace Nop.Plugin.Misc.Segmentation.Tests.Fakes;

/// <summary>
/// nopCommerce's discounts and their requirement trees in memory, with its decision of whether a discount applies to
/// a customer as 4.90 makes it (DiscountService.ValidateDiscountAsync, reduced to what a discount without coupon, dates
/// or limits reaches): a switched-off discount applies to nobody; a discount without a top-level requirement, or whose
/// top-level group has no children, applies to everyone; a requirement whose rule plugin is not installed is skipped,
/// not failed; an AND group stops at the first false answer and an OR group at the first true one.
/// </summary>
public class FakeDiscounts : IDiscountService
{
    private int _nextId = 1;

    public List<Discount> Discounts { get; } = [];

    public List<DiscountRequirement> Requirements { get; } = [];

    public Task<Discount> GetDiscountByIdAsync(int discountId) => Task.FromResult(Discounts.FirstOrDefault(d => d.Id == discountId));

    public Task InsertDiscountAsync(Discount discount)
    {
        discount.Id = _nextId++;
        Discounts.Add(discount);
        return Task.CompletedTask;
    }

    public Task UpdateDiscountAsync(Discount discount)
    {
        var index = Discounts.FindIndex(d => d.Id == discount.Id);
        if (index < 0)
            throw new InvalidOperationException($"No discount {discount.Id}.");
        Discounts[index] = discount;
        return Task.CompletedTask;
    }

    public Task<IList<DiscountRequirement>> GetAllDiscountRequirementsAsync(int discountId = 0, bool topLevelOnly = false) =>
        Task.FromResult<IList<DiscountRequirement>>(Requirements
            .Where(r => (discountId == 0 || r.DiscountId == discountId) && (!topLevelOnly || r.ParentId == null))
            .ToList());

    public Task<DiscountRequirement> GetDiscountRequirementByIdAsync(int discountRequirementId) =>
        Task.FromResult(Requirements.FirstOrDefault(r => r.Id == discountRequirementId));

    public Task DeleteDiscountRequirementAsync(DiscountRequirement discountRequirement, bool recursively)
    {
        if (recursively)
            foreach (var child in Requirements.Where(r => r.ParentId == discountRequirement.Id).ToList())
                DeleteDiscountRequirementAsync(child, true);
        Requirements.RemoveAll(r => r.Id == discountRequirement.Id);
        return Task.CompletedTask;
    }

    public Task InsertDiscountRequirementAsync(DiscountRequirement discountRequirement)
    {
        discountRequirement.Id = _nextId++;
        Requirements.Add(discountRequirement);
        return Task.CompletedTask;
    }

    /// <summary>The owner's editor: a default AND group holding the given rules, as the discount page builds it.</summary>
    public async Task<Discount> AddAsync(string name, params string[] ruleSystemNames)
    {
        var discount = new Discount { Name = name, IsActive = true, DiscountType = DiscountType.AssignedToOrderSubTotal, UsePercentage = true, DiscountPercentage = 10 };
        await InsertDiscountAsync(discount);
        var group = new DiscountRequirement { DiscountId = discount.Id, IsGroup = true, InteractionType = RequirementGroupInteractionType.And, DiscountRequirementRuleSystemName = "Default requirement group" };
        await InsertDiscountRequirementAsync(group);
        foreach (var rule in ruleSystemNames)
            await InsertDiscountRequirementAsync(new DiscountRequirement { DiscountId = discount.Id, ParentId = group.Id, DiscountRequirementRuleSystemName = rule });
        return discount;
    }

    /// <summary>
    /// Whether the discount applies to the customer. <paramref name="installedRule"/> answers a requirement of an
    /// installed rule plugin, or null when no installed plugin has that rule's system name.
    /// </summary>
    public async Task<bool> AppliesAsync(Discount discount, Customer customer, Func<DiscountRequirement, Customer, Task<bool>> installedRule,
        Func<string, bool> isInstalled)
    {
        if (!discount.IsActive)
            return false;

        var requirements = Requirements.Where(r => r.DiscountId == discount.Id).ToList();
        var top = requirements.FirstOrDefault(r => r.ParentId == null);
        if (top?.InteractionType == null || (top.IsGroup && requirements.All(r => r.ParentId != top.Id)))
            return true;

        async Task<bool> GroupAsync(IEnumerable<DiscountRequirement> members, RequirementGroupInteractionType interaction)
        {
            var result = false;
            foreach (var requirement in members)
            {
                if (requirement.IsGroup)
                    result = await GroupAsync(requirements.Where(r => r.ParentId == requirement.Id).ToList(),
                        requirement.InteractionType ?? RequirementGroupInteractionType.And);
                else if (!isInstalled(requirement.DiscountRequirementRuleSystemName))
                    continue;
                else
                    result = await installedRule(requirement, customer);

                if (!result && interaction == RequirementGroupInteractionType.And)
                    return false;
                if (result && interaction == RequirementGroupInteractionType.Or)
                    return true;
            }

            return result;
        }

        return await GroupAsync(requirements.Where(r => r.ParentId == null).ToList(), top.InteractionType.Value);
    }
}
