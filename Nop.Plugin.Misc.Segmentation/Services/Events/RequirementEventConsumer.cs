using Nop.Core.Domain.Discounts;
using Nop.Core.Events;
using Nop.Plugin.Misc.Segmentation.Services.Offers;
using Nop.Services.Events;

namespace Nop.Plugin.Misc.Segmentation.Services.Events;

/// <summary>Forgets a requirement's segments when the owner removes the requirement from its discount.</summary>
public class RequirementEventConsumer : IConsumer<EntityDeletedEvent<DiscountRequirement>>
{
    private readonly SegmentRequirementService _requirementService;

    public RequirementEventConsumer(SegmentRequirementService requirementService)
    {
        _requirementService = requirementService;
    }

    public async Task HandleEventAsync(EntityDeletedEvent<DiscountRequirement> eventMessage)
    {
        if (eventMessage.Entity?.DiscountRequirementRuleSystemName == SegmentationDefaults.SystemName)
            await _requirementService.DeleteAsync(eventMessage.Entity.Id);
    }
}
