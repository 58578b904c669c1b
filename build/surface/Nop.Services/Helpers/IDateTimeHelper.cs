using Nop.Core.Domain.Customers;

namespace Nop.Services.Helpers;

public partial interface IDateTimeHelper
{
    Task<DateTime> ConvertToUserTimeAsync(DateTime dt, DateTimeKind sourceDateTimeKind);

    DateTime ConvertToUserTime(DateTime dt, TimeZoneInfo sourceTimeZone, TimeZoneInfo destinationTimeZone);

    DateTime ConvertToUtcTime(DateTime dt, TimeZoneInfo sourceTimeZone);

    Task<TimeZoneInfo> GetCustomerTimeZoneAsync(Customer customer);

    Task<TimeZoneInfo> GetCurrentTimeZoneAsync();

    TimeZoneInfo DefaultStoreTimeZone { get; }
}
