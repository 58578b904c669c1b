using Nop.Core;

namespace Nop.Services.Common;

public partial interface IGenericAttributeService
{
    Task<TPropType> GetAttributeAsync<TPropType>(BaseEntity entity, string key, int storeId = 0, TPropType defaultValue = default);
}
