namespace Taskforge.Engine.HumanTasks.Templates;

/// <summary>The task state that starts an escalation's timer; values are IBM's (ibm-bpm-htm.md §4.3).</summary>
public enum EscalationActivationState
{
    Ready = 2,
    Running = 3,
    Claimed = 8,
    WaitingForSubTask = 20,
}
