namespace Taskforge.Engine.HumanTasks.Templates;

/// <summary>
/// When a task is deleted automatically after it ends (ibm-bpm-htm.md §4.4): never, after any end state, or only after
/// a successful one. The wire names are <c>AUTO_DELETE_ON_COMPLETION</c> and <c>AUTO_DELETE_ON_SUCCESSFUL_COMPLETION</c>.
/// </summary>
public enum AutoDeletionMode
{
    None,
    OnCompletion,
    OnSuccessfulCompletion,
}
