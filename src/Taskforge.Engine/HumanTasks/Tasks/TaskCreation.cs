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
/// <see cref="HumanTaskService.PlanTaskForRun"/> instead.)
/// </summary>
public sealed record TaskCreation(
    string TemplateId,
    TaskStartMode Mode = TaskStartMode.CreateOnly,
    string? Relation = null,
    string? ParentTaskId = null,
    BusinessMessage? Input = null);
