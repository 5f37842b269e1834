using System.Text.Json.Nodes;
using Taskforge.Engine.Identity;

namespace Taskforge.Engine.Workflows.Definitions;

/// <summary>
/// A validated workflow definition. <see cref="Document"/> is the definition as stored and shown back
/// (JSON, whatever format it arrived in).
/// </summary>
public sealed record WorkflowDefinition(
    string Id,
    string Name,
    string Version,
    string? Category,
    string? Description,
    IReadOnlyList<ParameterDefinition> Inputs,
    IReadOnlyList<ParameterDefinition> Outputs,
    IReadOnlyList<AttributeDefinition> Attributes,
    IReadOnlyList<PermissionRule> Permissions,
    IReadOnlyList<StepDefinition> Steps,
    JsonObject Document);

/// <summary>An input or output parameter; <see cref="Default"/> is canonical for its type.</summary>
public sealed record ParameterDefinition(string Name, ParameterType Type, string? Description, JsonNode? Default, bool Required);

/// <summary>A typed workflow variable with an initial value.</summary>
public sealed record AttributeDefinition(string Name, ParameterType Type, string? Description, JsonNode? Value);

public enum StepKind
{
    Script,
    Decision,
    Wait,
    Workflow,
    Http,
    End,
    Fail,
    Task,
}

/// <summary>A branch of a decision: when <see cref="Condition"/> (JavaScript) is true, go to <see cref="Next"/>.</summary>
public sealed record DecisionBranch(string Condition, string Next);

/// <summary>An HTTP call to an allow-listed URL; the response lands in the attribute or output named by <see cref="ResultVariable"/>.</summary>
public sealed record HttpCall(string Url, string Method, IReadOnlyDictionary<string, string> Headers, string? Body, TimeSpan Timeout, string? ResultVariable);

/// <summary>
/// One step. Only the fields of its kind are set: script (<see cref="Script"/>), decision (<see cref="Branches"/>,
/// <see cref="Default"/>), wait (<see cref="Duration"/> or <see cref="Until"/>), workflow (<see cref="Workflow"/>,
/// <see cref="Inputs"/>, <see cref="Outputs"/>), http (<see cref="Http"/>), fail (<see cref="Message"/>, <see cref="Fault"/>),
/// task (<see cref="Template"/>, <see cref="Inputs"/> input field → expression, <see cref="Outputs"/> variable → output field).
/// Steps run in order unless <see cref="Next"/> names another.
/// </summary>
public sealed record StepDefinition(
    string Id,
    StepKind Kind,
    string DisplayName,
    string? Next,
    string? Script = null,
    IReadOnlyList<DecisionBranch>? Branches = null,
    string? Default = null,
    TimeSpan? Duration = null,
    string? Until = null,
    string? Workflow = null,
    IReadOnlyDictionary<string, string>? Inputs = null,
    IReadOnlyDictionary<string, string>? Outputs = null,
    HttpCall? Http = null,
    string? Message = null,
    string? Template = null,
    string? Fault = null);
