using System.Text.Json.Nodes;
using Taskforge.Engine.Errors;

namespace Taskforge.Engine.HumanTasks.Templates;

/// <summary>
/// Reads <c>escalationChains</c>: <c>[{"escalations": [{"name": "remind", "activationState": "ready",
/// "durationUntilEscalated": "1day", "expectedState": "claimed", "action": "workItems", "receivers": {...},
/// "increasePriority": "once", "durationUntilRepeated": "1day"}]}]</c>, with the modelling rules IBM's tools enforce.
/// </summary>
internal static class EscalationReader
{
    private static readonly HashSet<string> ChainKeys = ["escalations"];

    private static readonly HashSet<string> Keys =
        ["name", "description", "activationState", "durationUntilEscalated", "expectedState", "action", "receivers", "increasePriority", "durationUntilRepeated"];

    private static readonly Dictionary<string, EscalationActivationState> Activations = new(StringComparer.Ordinal)
    {
        ["READY"] = EscalationActivationState.Ready,
        ["RUNNING"] = EscalationActivationState.Running,
        ["CLAIMED"] = EscalationActivationState.Claimed,
        ["WAITINGFORSUBTASK"] = EscalationActivationState.WaitingForSubTask,
        ["SUBTASK"] = EscalationActivationState.WaitingForSubTask,
    };

    private static readonly Dictionary<string, EscalationExpectedState> Expectations = new(StringComparer.Ordinal)
    {
        ["CLAIMED"] = EscalationExpectedState.Claimed,
        ["ENDED"] = EscalationExpectedState.Ended,
        ["SUBTASKSCOMPLETED"] = EscalationExpectedState.SubTasksCompleted,
    };

    private static readonly Dictionary<string, EscalationAction> Actions = new(StringComparer.Ordinal)
    {
        ["WORKITEMS"] = EscalationAction.CreateWorkItems,
        ["CREATEWORKITEMS"] = EscalationAction.CreateWorkItems,
        ["ACTIONCREATEWORKITEM"] = EscalationAction.CreateWorkItems,
        ["EMAIL"] = EscalationAction.SendEmail,
        ["SENDEMAIL"] = EscalationAction.SendEmail,
        ["ACTIONSENDEMAIL"] = EscalationAction.SendEmail,
        ["EVENT"] = EscalationAction.CreateEvent,
        ["CREATEEVENT"] = EscalationAction.CreateEvent,
        ["ACTIONCREATEEVENT"] = EscalationAction.CreateEvent,
    };

    private static readonly Dictionary<string, PriorityIncrease> Increases = new(StringComparer.Ordinal)
    {
        ["NONE"] = PriorityIncrease.None,
        ["NO"] = PriorityIncrease.None,
        ["ONCE"] = PriorityIncrease.Once,
        ["REPEATED"] = PriorityIncrease.Repeated,
    };

    public static List<EscalationChain> Read(JsonObject document, TaskKind? kind, RoleAssignment receivers, ValidationErrors errors)
    {
        var chains = new List<EscalationChain>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var items = TemplateFields.List(document, "escalationChains", "", errors);
        for (var c = 0; c < items.Count; c++)
        {
            var path = $"escalationChains[{c}]";
            if (items[c] is not JsonObject chain)
            {
                errors.Add(path, "must be an object with a list of escalations.");
                continue;
            }

            TemplateFields.RejectUnknown(chain, ChainKeys, path, errors);
            var escalations = Chain(chain, path, kind, receivers, names, errors);
            if (escalations.Count > 0)
            {
                chains.Add(new EscalationChain(escalations));
            }
        }

        return chains;
    }

    private static List<EscalationDefinition> Chain(JsonObject chain, string path, TaskKind? kind, RoleAssignment receivers, HashSet<string> names, ValidationErrors errors)
    {
        var result = new List<EscalationDefinition>();
        var items = TemplateFields.List(chain, "escalations", path, errors);
        if (items.Count == 0)
        {
            errors.Add($"{path}.escalations", "a chain has at least one escalation.");
        }

        EscalationActivationState? chainState = null;
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{path}.escalations[{i}]";
            if (items[i] is not JsonObject item)
            {
                errors.Add(itemPath, "must be an object.");
                continue;
            }

            var fallback = chainState ?? (kind == TaskKind.Invocation ? EscalationActivationState.Running : EscalationActivationState.Ready);
            var (escalation, name, activation, expected) = Escalation(item, itemPath, kind, fallback, receivers, errors);
            if (name is not null && !names.Add(name))
            {
                errors.Add($"{itemPath}.name", $"'{name}' names another escalation of this template.");
            }

            // cescal8: "A chain of escalations is a series of escalations with the same activation state".
            if (chainState is { } state && activation is { } own && own != state)
            {
                errors.Add($"{itemPath}.activationState", "every escalation of a chain has the chain's activation state; start a new chain instead.");
            }

            // cescal8: "an escalation with an expected state of end cannot precede another escalation. Such a situation would never escalate".
            if (i < items.Count - 1 && expected == EscalationExpectedState.Ended)
            {
                errors.Add($"{itemPath}.expectedState", "an escalation expecting the task to have ended must be the last of its chain.");
            }

            chainState ??= activation;
            if (escalation is not null)
            {
                result.Add(escalation);
            }
        }

        return result;
    }

    private static (EscalationDefinition? Escalation, string? Name, EscalationActivationState? Activation, EscalationExpectedState? Expected) Escalation(JsonObject item, string path, TaskKind? kind, EscalationActivationState fallback, RoleAssignment receivers, ValidationErrors errors)
    {
        TemplateFields.RejectUnknown(item, Keys, path, errors);
        var name = TemplateFields.Text(item, "name", path, errors);
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add($"{path}.name", "is required.");
        }

        var activation = TemplateFields.Choice(item, "activationState", path, errors, Activations, "ready, running, claimed, waitingForSubTask", fallback);
        var expected = TemplateFields.Choice<EscalationExpectedState>(item, "expectedState", path, errors, Expectations, "claimed, ended, subTasksCompleted", null);
        if (!item.ContainsKey("expectedState"))
        {
            errors.Add($"{path}.expectedState", "is required: claimed, ended or subTasksCompleted.");
        }

        var duration = TemplateFields.Duration(item, "durationUntilEscalated", path, errors);
        if (!item.ContainsKey("durationUntilEscalated"))
        {
            errors.Add($"{path}.durationUntilEscalated", "is required, e.g. 2days or P2D.");
        }

        var action = TemplateFields.Choice(item, "action", path, errors, Actions, "workItems, email, event", EscalationAction.CreateWorkItems);
        var increase = TemplateFields.Choice(item, "increasePriority", path, errors, Increases, "none, once, repeated", PriorityIncrease.None);
        var repeat = TemplateFields.Duration(item, "durationUntilRepeated", path, errors);
        if (increase == PriorityIncrease.Repeated && repeat is null && !item.ContainsKey("durationUntilRepeated"))
        {
            errors.Add($"{path}.durationUntilRepeated", "increasing the priority repeatedly needs a repeat duration.");
        }

        var own = item.ContainsKey("receivers") ? RoleReader.Assignment(item["receivers"], $"{path}.receivers", errors) : receivers;
        CheckStates(activation, expected, kind, path, errors);
        var description = TemplateFields.Localized(item, "description", path, errors);
        var escalation = name is null || activation is null || expected is null || duration is null || action is null || increase is null || own is null
            ? null
            : new EscalationDefinition(name.Trim(), activation.Value, duration, expected.Value, action.Value, own, increase.Value, repeat, description);
        return (escalation, name?.Trim(), activation, expected);
    }

    // Pairs that can ever escalate, and states the kind passes through (an invocation task is never ready or claimed).
    private static void CheckStates(EscalationActivationState? activation, EscalationExpectedState? expected, TaskKind? kind, string path, ValidationErrors errors)
    {
        if (activation is null)
        {
            return;
        }

        var runningOnly = kind == TaskKind.Invocation;
        if (runningOnly != (activation == EscalationActivationState.Running) && kind is not null)
        {
            errors.Add($"{path}.activationState", runningOnly
                ? "an invocation task is only ever running, so its escalations activate when running."
                : "only invocation tasks run; use ready, claimed or waitingForSubTask.");
        }

        if (expected == EscalationExpectedState.Claimed && activation != EscalationActivationState.Ready)
        {
            errors.Add($"{path}.expectedState", "expecting 'claimed' only makes sense for an escalation activated when the task is ready.");
        }
        else if (expected == EscalationExpectedState.SubTasksCompleted && activation != EscalationActivationState.WaitingForSubTask)
        {
            errors.Add($"{path}.expectedState", "expecting 'subTasksCompleted' only makes sense for an escalation activated when waiting for subtasks.");
        }
    }
}
