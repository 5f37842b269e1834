namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>History event names, after IBM's TASK_HISTORY events (ibm-bpm-htm.md §3.5; their <c>TASK_EXIRED</c> typo not kept).</summary>
public static class TaskEvents
{
    public const string Created = "TASK_CREATED";
    public const string Started = "TASK_STARTED";
    public const string Claimed = "TASK_CLAIMED";
    public const string ClaimCancelled = "TASK_CLAIM_CANCELLED";
    public const string Completed = "TASK_COMPLETED";
    public const string Failed = "TASK_FAILED";
    public const string Forwarded = "TASK_FORWARDED";
    public const string Suspended = "TASK_SUSPENDED";
    public const string Resumed = "TASK_RESUMED";
    public const string Terminated = "TASK_TERMINATED";
    public const string Expired = "TASK_EXPIRED";
    public const string Restarted = "TASK_RESTARTED";
    public const string Updated = "TASK_UPDATED";
    public const string Due = "TASK_DUE";
    public const string InputSet = "TASK_INPUT_MESSAGE_SET";
    public const string OutputSet = "TASK_OUTPUT_MESSAGE_SET";
    public const string FaultSet = "TASK_FAULT_MESSAGE_SET";
    public const string SubTaskStarted = "TASK_SUBTASK_STARTED";
    public const string SubTasksCompleted = "TASK_SUBTASKS_COMPLETED";
    public const string WorkItemTransferred = "TASK_WORKITEM_TRANSFERRED";
    public const string WorkItemCreated = "TASK_WORKITEM_CREATED";
    public const string EscalationStarted = "ESCALATION_STARTED";
    public const string EscalationFired = "ESCALATION_FIRED";
}
