using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine.Workflows.Runs;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// Invocation tasks (ibm-bpm-htm.md §5.2). Starting one starts its workflow as the starter, in the same transaction that
/// makes it RUNNING (<see cref="TaskChange.StartRuns"/>), so there is never a running task without its run. The run's
/// final checkpoint writes a <see cref="TaskTimerKinds.Invocation"/> timer in its own transaction, so its end reaches
/// the task even when a node dies in between; the timer service then ends the task from the run: completed → FINISHED
/// with the mapped output, failed through a <c>fail</c> step naming one of the template's faults → FAILED with that
/// fault (its fields taken from the run's variables of the same names), failed otherwise → FAILED with the run's error
/// as <see cref="HumanTask.EndReason"/> and no fault, cancelled → TERMINATED. Terminating the task leaves its run alone
/// (IBM: "service unaffected").
/// </summary>
public sealed class TaskInvocationService(
    TaskActionRunner actions, ITaskStore store, IRunStore runs, WorkflowDefinitions workflows, InvocationEnds invocations, TimeProvider time,
    IOptions<HumanTaskOptions> options)
{
    /// <summary>The run a start invokes follows from the task and its version when started, so it is known before it exists.</summary>
    public static string InvokedRunId(string taskId, long versionAtStart) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{taskId}/{versionAtStart}/invocation")))[..32];

    /// <summary>Starts a task (READY, or RUNNING for an invocation task) and, for an invocation task, its workflow run.</summary>
    public async ValueTask<HumanTask> StartAndInvokeAsync(TaskActionContext c, HumanTask task, CancellationToken ct)
    {
        task = TaskTransitions.Start(c, task);
        return task.Kind == TaskKind.Invocation ? await InvokeAsync(c, task, ct) : task;
    }

    /// <summary>Starts the workflow run of a RUNNING invocation task, in the change that makes it RUNNING.</summary>
    /// <remarks>The run goes as the starter without a rights check on the workflow: the template's author chose what it invokes.</remarks>
    public async ValueTask<HumanTask> InvokeAsync(TaskActionContext c, HumanTask task, CancellationToken ct)
    {
        var model = c.Template.Template;
        if (model.Invocation is not { } invocation)
        {
            return FailInvocation(c, task, $"Template {model.Name} names no workflow to invoke.");
        }

        if (await workflows.CurrentAsync(invocation.Workflow, ct) is not var (definition, revision))
        {
            return FailInvocation(c, task, $"The invoked workflow '{invocation.Workflow}' does not exist.");
        }

        var fields = task.Input is { } xml && model.Input is { } type ? BusinessData.XmlToJson(xml, type) : [];
        var given = invocation.Inputs.ToDictionary(p => p.Key, p => fields[p.Value]?.DeepClone(), StringComparer.Ordinal);
        var errors = new ValidationErrors();
        var inputs = RunInputs.Bind(definition, given, null, errors);
        if (errors.Any)
        {
            return FailInvocation(c, task, $"Workflow '{definition.Name}' cannot start: {string.Join("; ", errors.Lines)}");
        }

        var run = new Run(InvokedRunId(task.Id, c.Task.Version), definition.Id, revision, RunState.Running, c.Caller.UserName, inputs.ToJsonString(),
            RunInputs.InitialVariables(definition).ToJsonString(), definition.Steps[0].Id, 0, null, false, c.Now, null, null, 0, c.Now, null, TaskId: task.Id,
            TraceParent: Telemetry.EngineTracing.CurrentTraceParent());
        c.Change.StartRuns.Add(run);
        return task with { InvokedRunId = run.Id };
    }

    private static HumanTask FailInvocation(TaskActionContext c, HumanTask task, string reason)
    {
        c.EventFor(task, TaskEvents.Failed, detail: reason);
        return TaskClock.End(task with { EndReason = reason, FaultName = null, Fault = null }, TaskState.Failed, c.Now, c.Change);
    }

    /// <summary>
    /// The timer service's side: the run task <paramref name="taskId"/> invoked has ended, so the task ends with it. A
    /// timer that no longer stands for anything (task ended meanwhile, say by terminate) is removed and nothing else changes.
    /// </summary>
    public async Task EndInvocationAsync(string taskId, DateTimeOffset slot, CancellationToken ct)
    {
        var stored = await store.FindAsync(taskId, ct);
        var run = stored?.Task.InvokedRunId is { } runId ? await runs.FindAsync(runId, ct) : null;
        if (stored is null || run is null || !RunStates.IsFinal(run.State) || stored.Task.State != TaskState.Running)
        {
            await store.RemoveTimerAsync(TaskTimerKinds.Invocation, taskId, slot, ct);
            return;
        }

        var ended = await actions.ChangeForEngineAsync(taskId, c =>
        {
            c.Change.Timers.Add(new TimerWrite(TaskTimerKinds.Invocation, taskId, null));
            return c.Task.State == TaskState.Running && c.Task.InvokedRunId == run.Id ? EndedBy(c, run) : null;
        }, ct);
        if (ended is not null)
        {
            invocations.Ended(taskId);
        }
    }

    private static HumanTask EndedBy(TaskActionContext c, Run run)
    {
        var model = c.Template.Template;
        var variables = JsonNode.Parse(run.Variables) as JsonObject ?? [];
        switch (run.State)
        {
            case RunState.Completed:
                var output = new JsonObject();
                foreach (var (field, source) in model.Invocation?.Outputs ?? new Dictionary<string, string>())
                {
                    output[field] = variables[source]?.DeepClone();
                }

                string? xml;
                try
                {
                    xml = model.Output is { } type ? BusinessData.JsonToXml(output, type) : null;
                }
                catch (ValidationException ex)
                {
                    return FailInvocation(c, c.Task, $"The outputs of workflow run {run.Id} do not fit the output message: {ex.Message}");
                }

                c.Event(TaskEvents.Completed, detail: run.Id);
                return TaskClock.End(c.Task with { Output = xml, FaultName = null, Fault = null }, TaskState.Finished, c.Now, c.Change);
            case RunState.Failed when run.Fault is { } name && model.Faults.TryGetValue(name, out var faultType):
                var data = new JsonObject();
                foreach (var field in faultType.Fields.Where(f => variables[f.Name] is not null))
                {
                    data[field.Name] = variables[field.Name]!.DeepClone();
                }

                try
                {
                    var fault = BusinessData.JsonToXml(data, faultType);
                    c.Event(TaskEvents.Failed, detail: name);
                    return TaskClock.End(c.Task with { FaultName = name, Fault = fault, Output = null, EndReason = run.Error }, TaskState.Failed, c.Now, c.Change);
                }
                catch (ValidationException ex)
                {
                    return FailInvocation(c, c.Task, $"{run.Error} (fault {name} could not be built from the run's variables: {ex.Message})");
                }

            case RunState.Failed:
                return FailInvocation(c, c.Task, run.Error ?? $"Workflow run {run.Id} failed.");
            default:
                c.Event(TaskEvents.Terminated, detail: run.Id);
                return TaskClock.End(c.Task with { EndReason = $"The invoked workflow run {run.Id} was canceled." }, TaskState.Terminated, c.Now, c.Change);
        }
    }

    /// <summary>
    /// <c>mode=sync</c>: waits until the started task ends, woken in-process when its run's end reaches it here and
    /// polling the store (another node may end it) at <see cref="HumanTaskOptions.SyncPollInterval"/>. After
    /// <see cref="HumanTaskOptions.SyncTimeout"/> it gives up with <see cref="TaskInvocationException"/>; the task and its run go on.
    /// </summary>
    public async Task<TaskView> AwaitEndAsync(Caller caller, string id, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + options.Value.SyncTimeout;
        while (true)
        {
            var ended = invocations.WhenEndedAsync(id); // before reading, so an end between the read and the wait is not missed
            var stored = await store.FindAsync(id, ct) ?? throw new NotFoundException("Task", id);
            if (stored.Task.IsEnded)
            {
                return TaskActionRunner.View(caller, stored, await actions.TemplateOfAsync(stored.Task, ct));
            }

            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                throw new TaskInvocationException(
                    $"Task {id} did not end within {options.Value.SyncTimeout.TotalSeconds:0.###} s (Taskforge:HumanTasks:SyncTimeout); it is still {TaskStates.ToIbm(stored.Task.State)} and its workflow run {stored.Task.InvokedRunId} goes on.",
                    id);
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var poll = Task.Delay(left < options.Value.SyncPollInterval ? left : options.Value.SyncPollInterval, time, stop.Token);
            await Task.WhenAny(ended, poll);
            await stop.CancelAsync();
            ct.ThrowIfCancellationRequested();
        }
    }
}
