using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// The engine acting on a task by itself (timers: expiry, auto-resume, auto-deletion, escalations). There is no person
/// whose roles could be checked, so the matrix is asked with <see cref="TaskCaller.Engine"/>: roles pass, but the state
/// rules and the version fence hold as for anyone. History entries name the principal <c>system</c>.
/// </summary>
public sealed partial class HumanTaskService
{
    /// <summary>
    /// Applies <paramref name="effect"/> if the task still exists, <paramref name="stillMeant"/> still holds (the timer's
    /// instant is still the task's) and its state allows <paramref name="action"/>. Null when none of that is so: a timer
    /// that outlived its reason is an ordinary outcome, not an error. A lost race reads the task again.
    /// </summary>
    private async Task<ActionOutcome?> ActAsSystemAsync(string id, TaskAction action, Func<HumanTask, bool> stillMeant, Func<TaskActionContext, ValueTask<HumanTask?>> effect, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var stored = await store.FindAsync(id, ct);
            if (stored is null || !stillMeant(stored.Task))
            {
                return null;
            }

            var check = TaskActionMatrix.Check(action, stored.Task.Facts, TaskCaller.Engine);
            if (!check.IsAllowed)
            {
                return null;
            }

            if (await TryActOnceAsync(Caller.System, stored, check, effect, ct) is { } outcome)
            {
                return outcome;
            }
        }

        // Changed under us on every attempt: the timer keeps its lease and is claimed again when the lease expires.
        throw new Errors.ConflictException($"Task {id} kept changing while the timer for {action} fired; it fires again later.");
    }
}
