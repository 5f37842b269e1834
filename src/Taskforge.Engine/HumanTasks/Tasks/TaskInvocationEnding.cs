using Taskforge.Engine.Timers;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>Fires <see cref="TaskTimerKinds.Invocation"/> timers: the run an invocation task started has ended, so the task ends too.</summary>
public sealed class TaskInvocationEnding(TaskInvocationService tasks) : ITimerHandler
{
    public string Kind => TaskTimerKinds.Invocation;

    public async Task HandleAsync(IReadOnlyList<DueTimer> timers, CancellationToken ct)
    {
        foreach (var timer in timers)
        {
            await tasks.EndInvocationAsync(timer.OwnerId, timer.SlotAt, ct);
        }
    }
}
