using Taskforge.Engine.HumanTasks.Messages;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>IBM's <c>mode</c> of <c>POST /task</c> (and <c>PUT action=start</c>).</summary>
public enum TaskStartMode
{
    /// <summary>Create and leave INACTIVE (the default).</summary>
    CreateOnly,

    /// <summary>Create and start: READY, or RUNNING for an invocation task.</summary>
    Async,

    /// <summary>Invocation tasks only: create, run the workflow and answer with its output or fault.</summary>
    Sync,
}

/// <summary>
/// What <c>POST /task</c> asks for. <see cref="Relation"/> and <see cref="ParentTaskId"/> go together; the only relation
/// is <c>subTask</c>, and only with <see cref="TaskStartMode.Async"/>. (A workflow's <c>task</c> step plans its task with
/// <see cref="TaskStepService.PlanTaskForRun"/> instead.)
/// </summary>
public sealed record TaskCreation(
    string TemplateId,
    TaskStartMode Mode = TaskStartMode.CreateOnly,
    string? Relation = null,
    string? ParentTaskId = null,
    BusinessMessage? Input = null)
{
    /// <summary>IBM's rules for <c>relation</c> and <c>parentTaskID</c> (ibm-bpm-htm.md §3.1, §3.3): both or neither, <c>subTask</c> only, and only with <c>mode=async</c>.</summary>
    public static void CheckRelation(TaskStartMode mode, string? relation, string? parentTaskId)
    {
        if ((relation is null) != (parentTaskId is null))
        {
            throw new TaskRuleException(TaskRuleKind.Invalid, TaskRuleReason.ParameterMissing,
                "relation and parentTaskID are given together (relation=subTask&parentTaskID=…).", relation is null ? "relation" : "parentTaskID");
        }

        if (relation is not null && relation != "subTask")
        {
            throw new TaskRuleException(TaskRuleKind.Invalid, TaskRuleReason.InvalidParameters, $"relation '{relation}' is not known; the only relation is subTask.", "relation");
        }

        if (relation is not null && mode != TaskStartMode.Async)
        {
            throw new TaskRuleException(TaskRuleKind.Invalid, TaskRuleReason.InvalidParameters,
                "A subtask is created with mode=async; createOnly and sync cannot be combined with relation and parentTaskID.", "mode");
        }
    }
}
