using Nop.Core.Domain.ScheduleTasks;
using Nop.Services.ScheduleTasks;

namespace Nop.Plugin.Misc.Segmentation.Tests.Fakes;

public class FakeScheduleTaskService : IScheduleTaskService
{
    private int _nextId = 1;

    public List<ScheduleTask> Tasks { get; } = [];

    public Task DeleteTaskAsync(ScheduleTask task)
    {
        Tasks.Remove(task);
        return Task.CompletedTask;
    }

    public Task<ScheduleTask> GetTaskByTypeAsync(string type) =>
        Task.FromResult(Tasks.FirstOrDefault(t => t.Type.Trim().Equals(type.Trim(), StringComparison.InvariantCultureIgnoreCase)));

    public Task InsertTaskAsync(ScheduleTask task)
    {
        task.Id = _nextId++;
        Tasks.Add(task);
        return Task.CompletedTask;
    }
}
