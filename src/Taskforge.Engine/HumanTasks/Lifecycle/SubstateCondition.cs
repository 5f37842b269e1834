namespace Taskforge.Engine.HumanTasks.Lifecycle;

/// <summary>How an action treats a substate.</summary>
public enum SubstateCondition
{
    /// <summary>The substate does not matter.</summary>
    Any,

    /// <summary>Not allowed while the substate is set.</summary>
    Forbidden,

    /// <summary>Only allowed while the substate is set (resume).</summary>
    Required,

    /// <summary>Not allowed while suspended unless the task supports claim-if-suspended.</summary>
    UnlessClaimIfSuspended,
}
