using Taskforge.Engine.HumanTasks.Templates;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// An escalation instance with the template definition it was made from (durations, expected state, action,
/// receivers), for <c>GET /task/{tkiid}/escalationInfo</c> and <c>GET /escalation/{esiid}</c> (ibm-bpm-htm.md §3.5, §3.8).
/// </summary>
public sealed record EscalationView(TaskEscalation Escalation, EscalationDefinition Definition)
{
    public EscalationActivationState ActivationState => Definition.ActivationState;
}
