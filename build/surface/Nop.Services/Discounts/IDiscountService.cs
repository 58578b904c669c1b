using Nop.Core.Domain.Discounts;

namespace Nop.Services.Discounts;

public partial interface IDiscountService
{
    Task<Discount> GetDiscountByIdAsync(int discountId);

    Task InsertDiscountAsync(Discount discount);

    Task UpdateDiscountAsync(Discount discount);

    Task<IList<DiscountRequirement>> GetAllDiscountRequirementsAsync(int discountId = 0, bool topLevelOnly = false);

    Task<DiscountRequirement> GetDiscountRequirementByIdAsync(int discountRequirementId);

    Task DeleteDiscountRequirementAsync(DiscountRequirement discountRequirement, bool recursively);

    Task InsertDiscountRequirementAsync(DiscountRequirement discountRequirement);
}
