using Nop.Data.Mapping;
using Nop.Plugin.Misc.Segmentation.Domain;

namespace Nop.Plugin.Misc.Segmentation.Data;

/// <summary>
/// Prefixes the plugin's tables so they cannot clash with core tables or other plugins ("Segment" is a likely name).
/// </summary>
public class SegmentationNameCompatibility : INameCompatibility
{
    public Dictionary<Type, string> TableNames => new()
    {
        [typeof(CustomerProfile)] = SegmentationDefaults.TablePrefix + nameof(CustomerProfile),
        [typeof(Segment)] = SegmentationDefaults.TablePrefix + nameof(Segment),
        [typeof(SegmentMember)] = SegmentationDefaults.TablePrefix + nameof(SegmentMember),
        [typeof(SegmentMovement)] = SegmentationDefaults.TablePrefix + nameof(SegmentMovement),
        [typeof(SegmentSnapshot)] = SegmentationDefaults.TablePrefix + nameof(SegmentSnapshot),
        [typeof(TaskLease)] = SegmentationDefaults.TablePrefix + nameof(TaskLease),
        [typeof(StoreStatistics)] = SegmentationDefaults.TablePrefix + nameof(StoreStatistics),
        [typeof(CustomerCategory)] = SegmentationDefaults.TablePrefix + nameof(CustomerCategory),
        [typeof(SegmentRequirement)] = SegmentationDefaults.TablePrefix + nameof(SegmentRequirement),
        [typeof(AbandonedCart)] = SegmentationDefaults.TablePrefix + nameof(AbandonedCart),
        [typeof(GreetingTemplate)] = SegmentationDefaults.TablePrefix + nameof(GreetingTemplate),
        [typeof(CartReminder)] = SegmentationDefaults.TablePrefix + nameof(CartReminder),
        [typeof(ProfileSnapshot)] = SegmentationDefaults.TablePrefix + nameof(ProfileSnapshot)
    };

    public Dictionary<(Type, string), string> ColumnName => new();
}
