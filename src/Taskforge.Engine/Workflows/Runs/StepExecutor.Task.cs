using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.Workflows.Definitions;

namespace Taskforge.Engine.Workflows.Runs;

// The task step: create a human task (started, READY) and wait (waiting-signal) until it ends, then take its output.
internal sealed partial class StepExecutor
{
    /// <summary>
    /// A step's task id follows from the run and the step count at which it created the task, like a child run's: the
    /// task is created in the transaction of the checkpoint that makes the run wait, so a step re-run after a crash
    /// (whose checkpoint never committed) finds no task and creates it once, and a resumed run finds it by this id.
    /// </summary>
    public static string StepTaskId(string runId, int stepsDoneBefore) =>
        HumanTaskIds.TaskPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{runId}/{stepsDoneBefore}/task")))[..32];

    // As with a workflow step, the run's starter needs no role on the template: the workflow's author chose to create it.
    private async Task<StepOutcome> StartTaskAsync(WorkflowDefinition definition, StepDefinition step, RunProgress run, CancellationToken ct)
    {
        if (tasks is null)
        {
            return StepOutcome.Failed($"Step '{step.DisplayName}' creates a human task, which this node cannot do.");
        }

        if (await tasks.FindTemplateForRunAsync(step.Template!, ct) is not { } template)
        {
            return StepOutcome.Failed($"Step '{step.DisplayName}' creates a task from template '{step.Template}', which does not exist or is stopped.");
        }

        var (given, logs, problem) = EvaluateInputs(definition, step, run, ct);
        if (problem is not null)
        {
            return StepOutcome.Failed(problem, logs);
        }

        var input = new JsonObject();
        foreach (var (field, value) in given)
        {
            input[field] = value;
        }

        try
        {
            var change = TaskStepService.PlanTaskForRun(template, StepTaskId(run.Run.Id, run.StepsDone), run.Run.Id, run.Run.StartedBy,
                template.Template.Input is null && input.Count == 0 ? null : BusinessMessage.FromJson(input), time.GetUtcNow());
            return StepOutcome.AwaitTask(change, logs);
        }
        catch (Exception ex) when (ex is ValidationException or HumanTasks.TaskRuleException)
        {
            return StepOutcome.Failed($"Step '{step.DisplayName}' cannot create a task from template '{template.Template.Name}': {ex.Message}", logs);
        }
    }

    private async Task<StepOutcome> CollectTaskAsync(WorkflowDefinition definition, StepDefinition step, string? following, RunProgress run, CancellationToken ct)
    {
        var taskId = StepTaskId(run.Run.Id, run.StepsDone - 1);
        var task = tasks is null ? null : await tasks.FindForRunAsync(taskId, ct);
        if (task is null)
        {
            return StepOutcome.Failed($"The task {taskId} created by '{step.DisplayName}' no longer exists.");
        }

        var what = $"Task {task.Name} ({taskId})";
        switch (task.State)
        {
            case TaskState.Finished:
                break;
            case TaskState.Failed:
                return StepOutcome.Failed(task.FaultName is { } fault
                    ? $"{what} failed with fault {fault}: {task.Fault}"
                    : $"{what} failed: {task.EndReason ?? "no reason was given"}");
            case TaskState.Expired or TaskState.Terminated or TaskState.Skipped or TaskState.Forwarded:
                return StepOutcome.Failed($"{what} ended {TaskStates.ToIbm(task.State)}{(task.EndReason is { } reason ? $": {reason}" : ".")}");
            default:
                return StepOutcome.AwaitRun(null); // woken early: keep waiting for the task to end
        }

        var type = (await tasks!.FindTemplateAsync(task.TemplateId, ct))?.Template.Output;
        var output = task.Output is { } xml && type is not null ? BusinessData.XmlToJson(xml, type) : [];
        foreach (var (variable, field) in step.Outputs ?? new Dictionary<string, string>())
        {
            var value = output[field];
            if (VariableType(definition, variable) is { } target && !ParameterValues.TryCoerce(target, value, out value, out var error))
            {
                return StepOutcome.Failed($"Output field '{field}' of {what} does not fit '{variable}': {error}");
            }

            run.Variables[variable] = value?.DeepClone();
        }

        return StepOutcome.Continue(following, []);
    }
}
