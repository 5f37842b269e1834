using Taskforge.Engine.Timers;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// Fires claimed human-task timers of one kind (<see cref="TaskTimerKinds"/>) through <see cref="TaskTimerService"/>.
/// Timers may be claimed a little ahead (<see cref="TimerOptions.Lookahead"/>): each is fired no earlier than its due
/// instant. One failing timer does not hold up the batch; it keeps its lease and is claimed again when that expires.
/// </summary>
public sealed class TaskTimerHandler(string kind, TaskTimerService tasks, TimeProvider time) : ITimerHandler
{
    public string Kind => kind;

    public async Task HandleAsync(IReadOnlyList<DueTimer> timers, CancellationToken ct)
    {
        List<Exception>? failures = null;
        foreach (var timer in timers.OrderBy(t => t.DueAt))
        {
            await DueWait.UntilAsync(timer.DueAt, time, ct);

            try
            {
                await tasks.FireTimerAsync(timer, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                (failures ??= []).Add(ex);
            }
        }

        if (failures is not null)
        {
            throw new AggregateException($"{failures.Count} of {timers.Count} {kind} timers failed; they fire again when their leases expire.", failures);
        }
    }
}
