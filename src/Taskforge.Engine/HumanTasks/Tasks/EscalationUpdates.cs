using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Templates;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// Changes to one escalation at run time, as IBM's "Changes to the timing of an escalation at run time" describes them
/// (D:<c>cescalationtimers</c>): while INACTIVE only the durations can be overridden (DURATION_INFINITE keeps it from ever
/// escalating by its timer); while WAITING <c>escalationTime</c> or <c>durationUntilEscalated</c> moves the timer and
/// DURATION_INFINITE cancels it (the escalation keeps waiting, so it can still be triggered by hand); once ESCALATED,
/// only the repetition can change. A SUPERFLUOUS escalation, or any escalation of an ended task, is finished (<see cref="TaskRuleReason.EscalationFinished"/>).
/// </summary>
public static class EscalationUpdates
{
    /// <summary>The template's definition with the durations this instance overrides.</summary>
    public static EscalationDefinition Effective(TaskEscalation escalation, EscalationDefinition definition) =>
        escalation.DurationUntilEscalated is null && escalation.DurationUntilRepeated is null
            ? definition
            : definition with
            {
                DurationUntilEscalated = escalation.DurationUntilEscalated ?? definition.DurationUntilEscalated,
                DurationUntilRepeated = escalation.DurationUntilRepeated ?? definition.DurationUntilRepeated,
            };

    /// <summary>The escalation as the update leaves it; its timer must then be written when <see cref="TaskEscalation.EscalatesAt"/> changed.</summary>
    public static TaskEscalation Apply(TaskEscalation current, HumanTask task, EscalationUpdate u, DateTimeOffset now)
    {
        TaskUpdates.Exclusive(u.EscalationTime is not null, u.DurationUntilEscalated is not null, "escalationTime", "durationUntilEscalated");

        var errors = new ValidationErrors();
        var name = u.Name is null ? current.Name : TaskUpdates.NcName(u.Name, "name", errors);
        var untilEscalated = TaskUpdates.Duration(u.DurationUntilEscalated, "durationUntilEscalated", errors);
        var untilRepeated = TaskUpdates.Duration(u.DurationUntilRepeated, "durationUntilRepeated", errors);
        errors.ThrowIfAny();

        if (current.State == EscalationState.Superfluous || task.IsEnded)
        {
            throw new TaskRuleException(TaskRuleKind.Conflict, TaskRuleReason.EscalationFinished,
                $"Escalation {current.Id} has finished ({(task.IsEnded ? "its task has ended" : "it is SUPERFLUOUS")}); it can no longer be updated.", current.Id);
        }

        // The first escalation time has passed once it escalated; before it waits there is no time to set, only a duration.
        if ((untilEscalated is not null && current.State == EscalationState.Escalated) || (u.EscalationTime is not null && current.State == EscalationState.Inactive))
        {
            var property = untilEscalated is not null ? "durationUntilEscalated" : "escalationTime";
            throw new TaskRuleException(TaskRuleKind.Conflict, TaskRuleReason.EscalationStateForbids,
                $"Escalation {current.Id} is {current.State.ToString().ToUpperInvariant()}; its {property} cannot be updated in that state.",
                current.State.ToString().ToUpperInvariant(), current.Id, "update " + property);
        }

        var escalatesAt = current.EscalatesAt;
        if (untilEscalated is not null && current.State == EscalationState.Waiting)
        {
            // Counted from when it started waiting, as the template's duration was (a chain's next one starts at the
            // previous one's escalation, which is when it was activated).
            escalatesAt = untilEscalated.AddTo(current.ActivatedAt ?? now);
        }

        if (untilRepeated is not null && current.State == EscalationState.Escalated)
        {
            // IBM does not say where a new repetition interval counts from; the last escalation instant is not kept, so the
            // next reminder comes one new interval after the change, the way a person asking "remind me every 2 hours" means it.
            escalatesAt = untilRepeated.AddTo(now);
        }

        if (u.EscalationTime is { } at)
        {
            escalatesAt = at;
        }

        return current with
        {
            Name = name,
            EscalatesAt = escalatesAt,
            DurationUntilEscalated = untilEscalated ?? current.DurationUntilEscalated,
            DurationUntilRepeated = untilRepeated ?? current.DurationUntilRepeated,
            CustomProperties = Merge(current.CustomProperties, u.CustomProperties),
        };
    }

    // An escalation without custom properties keeps none (null) rather than an empty set.
    private static IReadOnlyDictionary<string, string>? Merge(IReadOnlyDictionary<string, string>? current, IReadOnlyDictionary<string, string?>? changes) =>
        changes is null ? current : TaskUpdates.Merge(current, changes) is { Count: > 0 } merged ? merged : null;
}
