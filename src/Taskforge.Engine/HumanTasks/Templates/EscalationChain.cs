namespace Taskforge.Engine.HumanTasks.Templates;

/// <summary>Escalations processed one after another, all with the same activation state; chains run in parallel.</summary>
public sealed record EscalationChain(IReadOnlyList<EscalationDefinition> Escalations)
{
    public EscalationActivationState ActivationState => Escalations[0].ActivationState;
}
