using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// What the run engine asks of human tasks for a workflow's <c>task</c> step. The engine acts for the run, not for a
/// person, so no role is checked here: the workflow's author chose to create the task (as with a <c>workflow</c> step).
/// </summary>
public sealed class TaskStepService(TaskActionRunner actions, TaskTemplateService templates, ITaskStore store)
{
    /// <summary>
    /// The template a step names: a template id (that version, if started), or the newest started version of a name or
    /// <c>{namespace}name</c> (ibm-bpm-htm.md §3.7). Null when there is none.
    /// </summary>
    public async Task<TemplateView?> FindTemplateForRunAsync(string reference, CancellationToken ct)
    {
        if (HumanTaskIds.IsTemplateId(reference))
        {
            return await templates.FindAsync(reference, ct) is { IsStarted: true } version ? version : null;
        }

        var (ns, name) = reference.StartsWith('{') && reference.IndexOf('}', StringComparison.Ordinal) is var end and > 0
            ? (reference[1..end], reference[(end + 1)..])
            : ((string?)null, reference);
        try
        {
            return await templates.GetCurrentAsync(Caller.System, name, ns, ct);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>The template version of a task the run waits for (its document never changes, so from memory after the first read).</summary>
    public Task<TemplateView?> FindTemplateAsync(string templateId, CancellationToken ct) => templates.FindOfTaskAsync(templateId, ct);

    /// <summary>
    /// The change that creates and starts (READY) a task for the run <paramref name="runId"/>, its originator and starter
    /// the run's starter, with its template's escalations. The run engine commits it with the checkpoint that makes the
    /// run wait, never on its own. Throws <see cref="ValidationException"/> when the input does not fit the template's
    /// input message, or when the template is an invocation template: its task would start a workflow of its own, which
    /// a step does with a <c>workflow</c> step, so a run does not create one.
    /// </summary>
    public static TaskChange PlanTaskForRun(TemplateView template, string taskId, string runId, string startedBy, BusinessMessage? input, DateTimeOffset now)
    {
        var model = template.Template;
        if (model.Kind == TaskKind.Invocation)
        {
            throw new ValidationException("template", $"{model.Name} is an invocation template; a task step creates to-do or collaboration tasks (a workflow step runs a workflow).");
        }

        var xml = input is null ? null : TaskMessages.Canonical(input, model.Input, "input");
        var starter = new Caller("", startedBy, SystemRoles.None, []);
        var change = new TaskChange();
        var task = TaskTransitions.NewTask(taskId, model, startedBy, xml, now, null, runId);
        change.Roles.AddRange(TaskPeople.Materialise(taskId, model, startedBy));
        var context = new TaskActionContext(starter, new StoredTask(task, []), template, task.State, now, change);
        context.Event(TaskEvents.Created);
        var escalations = TaskEscalations.Create(taskId, model);
        change.Escalations.AddRange(escalations);
        task = TaskTransitions.Start(context, task);
        TaskEscalations.Follow(context, task, escalations, model);
        change.Tasks.Add(new TaskWrite(task with { Version = 1 }, null, PropertiesChanged: true));
        return change;
    }

    public async Task<HumanTask?> FindForRunAsync(string taskId, CancellationToken ct) => (await store.FindAsync(taskId, ct))?.Task;

    /// <summary>A run that waited for this task was cancelled: the task, if still open, is TERMINATED with it.</summary>
    public Task TerminateForRunAsync(string taskId, CancellationToken ct) =>
        actions.ChangeForEngineAsync(taskId, c =>
        {
            if (c.Task.IsEnded)
            {
                return null;
            }

            c.Event(TaskEvents.Terminated, detail: "the waiting run was cancelled");
            return TaskClock.End(c.Task with { EndReason = "The workflow run waiting for it was cancelled." }, TaskState.Terminated, c.Now, c.Change);
        }, ct);

    /// <summary>A task change committed with a run's checkpoint: the timer and run loops learn of it as of any task change.</summary>
    public void Applied(TaskChange change) => actions.Applied(change);
}
