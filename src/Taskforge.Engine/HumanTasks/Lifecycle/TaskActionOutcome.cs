namespace Taskforge.Engine.HumanTasks.Lifecycle;

public enum TaskActionOutcome
{
    Allowed,

    /// <summary>The caller may do this in general, but not to a task in this state, substate or kind (409 in IBM's dialect).</summary>
    ForbiddenByState,

    /// <summary>None of the caller's roles allows the action (a face answers it as not allowed).</summary>
    ForbiddenByRole,
}
