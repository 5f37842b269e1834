namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// IBM's "Escalation Update" (<c>PUT /escalation/{esiid}?action=update</c>, ibm-bpm-htm.md §3.8): every property is
/// optional; null leaves it as it is. <see cref="EscalationTime"/> and <see cref="DurationUntilEscalated"/> exclude each
/// other (<see cref="TaskRuleReason.ExclusiveProperties"/>, as for a task's times). A custom property set to null is removed.
/// </summary>
public sealed record EscalationUpdate
{
    public string? Name { get; init; }

    public string? DurationUntilEscalated { get; init; }

    public string? DurationUntilRepeated { get; init; }

    public DateTimeOffset? EscalationTime { get; init; }

    public IReadOnlyDictionary<string, string?>? CustomProperties { get; init; }
}
