namespace Taskforge.Engine.HumanTasks.Lifecycle;

/// <summary>IBM's <c>ACTION_*</c> names for <c>GET /task/actions</c> (J:<c>TaskActions</c>, ibm-bpm-htm.md §3.5).</summary>
public static class TaskActions
{
    public static string ToIbm(TaskAction action) => "ACTION_" + action switch
    {
        TaskAction.Read => "GETTASK",
        TaskAction.SetInput => "SETINPUTMESSAGE",
        TaskAction.SetOutput => "SETOUTPUTMESSAGE",
        TaskAction.SetFault => "SETFAULTMESSAGE",
        TaskAction.Start => "STARTTASK",
        TaskAction.Call => "CALLTASK",
        TaskAction.CompleteWithFault => "COMPLETE",
        TaskAction.CreateFollowOn => "COMPLETEWITHFOLLOWONTASK",
        TaskAction.CreateSubTask or TaskAction.StartAsSubTask => "STARTTASKASSUBTASK",
        TaskAction.SuspendAndCancelClaim => "SUSPENDWITHCANCELCLAIM",
        TaskAction.Restart => "RESTARTTASK",
        TaskAction.Transfer => "TRANSFERWORKITEM",
        _ => action.ToString().ToUpperInvariant(),
    };
}
