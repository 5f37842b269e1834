using Microsoft.Extensions.Options;
using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Telemetry;
using Taskforge.Engine.Timers;
using Taskforge.Engine.Workflows.Runs;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// The one way a task changes, for every task service: read it, ask <see cref="TaskActionMatrix"/> whether the caller's
/// roles and the task's state allow the action, build one <see cref="TaskChange"/> (the action's effect, then what it
/// means for escalations and the hierarchy: <see cref="TaskFollowUps"/>) and commit it fenced by the version read. When
/// two callers act at once, the second commit fails its fence, the action is tried again on the fresh task, and the
/// matrix then answers the loser with the ordinary conflict (a lost claim race is a result, not an error).
/// </summary>
public sealed class TaskActionRunner(
    ITaskStore store, TaskTemplateService templates, TaskFollowUps followUps, TaskChains chains, TimerWakeSignal timers, RunWakeSignal runWake,
    TimeProvider time, IOptions<TimerOptions> timerOptions, TaskChangeFeed changes, EngineMetrics? metrics = null)
{
    /// <summary>How often an action is retried after losing a race before it gives up with a conflict.</summary>
    private const int Attempts = 5;

    /// <summary>The task, if it exists and the caller holds a role that may read it: not found when unknown, <see cref="TaskRuleReason.NotAllowedOnTask"/> when not allowed.</summary>
    public async Task<StoredTask> ReadAsync(Caller caller, string id, CancellationToken ct)
    {
        var stored = (HumanTaskIds.IsTaskId(id) ? await store.FindAsync(id, ct) : null) ?? throw new NotFoundException("Task", id);
        RequireAllowed(TaskAction.Read, stored, caller);
        return stored;
    }

    /// <summary>The task as the caller sees it (<see cref="ReadAsync"/>).</summary>
    public async Task<TaskView> ViewAsync(Caller caller, string id, CancellationToken ct)
    {
        var stored = await ReadAsync(caller, id, ct);
        return View(caller, stored, await TemplateOfAsync(stored.Task, ct));
    }

    public Task<TemplateView> TemplateOfAsync(HumanTask task, CancellationToken ct) => templates.OfTaskAsync(task, ct);

    public static TaskView View(Caller caller, StoredTask stored, TemplateView template) =>
        new(stored.Task, stored.WorkItems, TaskPeople.RolesOf(caller, stored.WorkItems), template);

    public static TaskActionCheck RequireAllowed(TaskAction action, StoredTask stored, Caller caller)
    {
        var check = TaskActionMatrix.Check(action, stored.Task.Facts, TaskPeople.RolesOf(caller, stored.WorkItems));
        return check.IsAllowed ? check : throw TaskRuleException.From(check, stored.Task.Id);
    }

    /// <summary>
    /// One action on one task: read, check, build the change with <paramref name="effect"/> (which returns the task as it
    /// will be, or null when it removes it), commit fenced by the version read, and on a lost race start over.
    /// </summary>
    /// <param name="read">The task as the caller already read it (allowed to), which then serves the first attempt.</param>
    public async Task<TaskActionResult> ActAsync(
        Caller caller, string id, TaskAction action, Func<TaskActionContext, ValueTask<HumanTask?>> effect, CancellationToken ct, StoredTask? read = null)
    {
        var member = await chains.ChainMemberAsync(id, action, ct);
        if (member != id)
        {
            read = null;
        }

        id = member;
        for (var attempt = 1; ; attempt++)
        {
            var stored = read ?? await ReadAsync(caller, id, ct);
            read = null;
            TaskActionCheck check;
            try
            {
                check = RequireAllowed(action, stored, caller);
            }
            catch (TaskRuleException refused)
            {
                // A claim of a task someone claimed first is a conflict, whether it lost the race at the fence or came after.
                metrics?.TaskAction(action, refused.Kind switch
                {
                    TaskRuleKind.NotAllowed => EngineMetrics.Names.Denied,
                    TaskRuleKind.Conflict => EngineMetrics.Names.Conflict,
                    _ => EngineMetrics.Names.Invalid,
                });
                throw;
            }

            if (await TryActOnceAsync(caller, stored, check, action, effect, ct) is { } outcome)
            {
                metrics?.TaskAction(action, EngineMetrics.Names.Succeeded);
                return outcome;
            }

            if (attempt == Attempts)
            {
                metrics?.TaskAction(action, EngineMetrics.Names.Conflict);
                throw new ConflictException($"Task {id} kept changing while {action} was tried; try again.");
            }
        }
    }

    /// <summary>
    /// The engine acting on a task by itself (timers: expiry, auto-resume, auto-deletion, escalations). There is no person
    /// whose roles could be checked, so the matrix is asked with <see cref="TaskCaller.Engine"/>: roles pass, but the state
    /// rules and the version fence hold as for anyone; history entries name the principal <c>system</c>. Null when the
    /// task is gone, <paramref name="stillMeant"/> no longer holds (the timer's instant is no longer the task's) or its
    /// state does not allow <paramref name="action"/>: a timer that outlived its reason is an ordinary outcome.
    /// </summary>
    public async Task<TaskActionResult?> ActAsSystemAsync(
        string id, TaskAction action, Func<HumanTask, bool> stillMeant, Func<TaskActionContext, ValueTask<HumanTask?>> effect, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var stored = await store.FindAsync(id, ct);
            if (stored is null || !stillMeant(stored.Task))
            {
                metrics?.TaskAction(action, EngineMetrics.Names.Skipped);
                return null;
            }

            var check = TaskActionMatrix.Check(action, stored.Task.Facts, TaskCaller.Engine);
            if (!check.IsAllowed)
            {
                metrics?.TaskAction(action, EngineMetrics.Names.Skipped);
                return null;
            }

            if (await TryActOnceAsync(Caller.System, stored, check, action, effect, ct) is { } outcome)
            {
                metrics?.TaskAction(action, EngineMetrics.Names.Succeeded);
                return outcome;
            }
        }

        // Changed under us on every attempt: the timer keeps its lease and is claimed again when the lease expires.
        metrics?.TaskAction(action, EngineMetrics.Names.Conflict);
        throw new ConflictException($"Task {id} kept changing while the timer for {action} fired; it fires again later.");
    }

    /// <summary>
    /// Applies an engine-made change to one task (no role or matrix check: the engine keeps its own rules), fenced by the
    /// version read and tried again on a lost race. <paramref name="effect"/> returns null when there is nothing to do,
    /// though whatever else it put in the change (a stale timer's removal, say) is still written.
    /// </summary>
    public async Task<HumanTask?> ChangeForEngineAsync(string taskId, Func<TaskActionContext, HumanTask?> effect, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await store.FindAsync(taskId, ct) is not { } stored)
            {
                return null;
            }

            var template = await TemplateOfAsync(stored.Task, ct);
            var change = new TaskChange();
            var context = new TaskActionContext(Caller.System, stored, template, stored.Task.State, time.GetUtcNow(), change);
            var updated = effect(context);
            if (updated is not null)
            {
                updated = updated with { Version = stored.Task.Version + 1, LastModifiedAt = context.Now };
                // As for any action: an invocation task whose run ended stops its escalations and releases a waiting parent.
                updated = await followUps.FollowEscalationsAsync(context, stored.Task, updated, ct);
                change.Tasks.Insert(0, new TaskWrite(updated, stored.Task.Version));
                await followUps.FollowHierarchyAsync(context, updated, ct);
            }

            if (change.IsEmpty && change.WakeRuns.Count == 0)
            {
                return null;
            }

            if (await store.ApplyAsync(change, ct))
            {
                Applied(change);
                return updated;
            }

            if (attempt == Attempts)
            {
                throw new ConflictException($"Task {taskId} kept changing while the engine tried to change it; it will try again.");
            }
        }
    }

    /// <summary>
    /// After a change committed (an action's, a new task's, or with a run's checkpoint): watchers of tasks (the console's
    /// live pages) hear of it, the run loop may have a new run, and the timer loop a timer due before its next poll would
    /// see it. A later timer needs no wake-up (the loop finds it in time and sleeps until it is due), and each wake-up costs
    /// a claim round, one more write transaction.
    /// </summary>
    public void Applied(TaskChange change)
    {
        changes.Changed();
        var soon = time.GetUtcNow() + timerOptions.Value.PollInterval + timerOptions.Value.Lookahead;
        if (change.Timers.Any(t => t.DueAt is { } due && due <= soon))
        {
            timers.Wake();
        }

        if (change.StartRuns.Count > 0)
        {
            metrics?.RunStarted(EngineMetrics.Names.TriggerTask, change.StartRuns.Count);
            runWake.Wake();
        }
    }

    /// <summary>Builds the change on the task as read and commits it; null when the version fence failed (someone acted first).</summary>
    private async Task<TaskActionResult?> TryActOnceAsync(
        Caller caller, StoredTask stored, TaskActionCheck check, TaskAction action, Func<TaskActionContext, ValueTask<HumanTask?>> effect, CancellationToken ct)
    {
        var id = stored.Task.Id;
        // The engine's own actions (timers) continue the task's trace; a person's belong to their request's, linked to the task's.
        using var span = caller == Caller.System
            ? EngineTracing.StartContinuing(EngineTracing.TaskAction, stored.Task.TraceParent)
            : EngineTracing.StartLinked(EngineTracing.TaskAction, stored.Task.TraceParent);
        span?.SetTag("taskforge.task.id", id).SetTag(EngineMetrics.Names.TaskAction, EngineMetrics.Names.Of(action));
        var template = await TemplateOfAsync(stored.Task, ct);
        var change = new TaskChange();
        var context = new TaskActionContext(caller, stored, template, check.ResultState, time.GetUtcNow(), change);
        var updated = await effect(context);
        if (updated is not null)
        {
            updated = updated with { Version = stored.Task.Version + 1, LastModifiedAt = context.Now };
            if (updated.State != stored.Task.State)
            {
                updated = updated with { LastStateChangeAt = context.Now };
            }

            updated = await followUps.FollowEscalationsAsync(context, stored.Task, updated, ct);
            change.Tasks.Insert(0, new TaskWrite(updated, stored.Task.Version, context.PropertiesChanged));
            await followUps.FollowHierarchyAsync(context, updated, ct);
        }

        if (!await store.ApplyAsync(change, ct))
        {
            return null;
        }

        Applied(change);

        var items = updated is null ? stored.WorkItems : Merge(stored.WorkItems, change.Roles.Where(r => r.TaskId == id));
        var view = updated is null ? null : new TaskView(updated, items, TaskPeople.RolesOf(caller, items), template);
        return new TaskActionResult(view, context.Result);
    }

    private static List<WorkItem> Merge(IReadOnlyList<WorkItem> items, IEnumerable<RoleWrite> writes)
    {
        var merged = items.ToList();
        foreach (var write in writes)
        {
            merged.RemoveAll(i => i.Reason == write.Reason);
            merged.AddRange(write.Items);
        }

        return merged;
    }
}

/// <summary>What an action leaves: the task as the caller now sees it (null when removed), and the action's own answer.</summary>
public sealed record TaskActionResult(TaskView? View, object? Result);
