namespace Taskforge.Engine.HumanTasks.Templates;

/// <summary>What an escalation does when it fires; IBM's <c>ACTION_*</c> values.</summary>
public enum EscalationAction
{
    /// <summary>Create escalation work items for the receivers (they can then see the task).</summary>
    CreateWorkItems = 1,

    /// <summary>E-mail the receivers (also creates their work items).</summary>
    SendEmail = 2,

    /// <summary>Emit an event for an event handler.</summary>
    CreateEvent = 3,
}
