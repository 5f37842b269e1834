using System.Text.Json.Nodes;
using Taskforge.Engine.HumanTasks.Messages;

namespace Taskforge.Engine.HumanTasks.Templates;

/// <summary>
/// A validated task template, the model a human task is created from (DESIGN.md "Task template"). Roles the
/// definition left out are filled in with IBM's defaults (<see cref="RoleAssignment.IsDefault"/>); roles that do not
/// exist for the kind are absent. <see cref="Document"/> is the definition as stored and shown back.
/// </summary>
public sealed record TaskTemplate(
    string Id,
    string Name,
    string Namespace,
    LocalizedText? DisplayName,
    LocalizedText? Description,
    TaskKind Kind,
    int Priority,
    HtmDuration? DurationUntilDue,
    HtmDuration? DurationUntilExpires,
    HtmDuration? DurationUntilDeleted,
    AutoDeletionMode AutoDeletionMode,
    TaskTemplateSupports Supports,
    IReadOnlyDictionary<string, string> CustomTexts,
    IReadOnlyDictionary<string, string> CustomProperties,
    MessageType? Input,
    MessageType? Output,
    IReadOnlyDictionary<string, MessageType> Faults,
    IReadOnlyDictionary<TaskRole, RoleAssignment> Roles,
    IReadOnlyList<EscalationChain> EscalationChains,
    InvocationDefinition? Invocation,
    JsonObject Document)
{
    /// <summary>Priority when the definition gives none. IBM leaves the scale to each site (ibm-bpm-htm.md §4.6).</summary>
    public const int DefaultPriority = 5;
}
