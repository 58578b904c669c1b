using Nop.Core.Domain.ScheduleTasks;

namespace Nop.Services.ScheduleTasks;

public partial interface IScheduleTaskService
{
    Task DeleteTaskAsync(ScheduleTask task);

    Task<ScheduleTask> GetTaskByTypeAsync(string type);

    Task InsertTaskAsync(ScheduleTask task);
}
