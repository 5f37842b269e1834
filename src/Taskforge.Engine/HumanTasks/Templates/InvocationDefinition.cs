namespace Taskforge.Engine.HumanTasks.Templates;

/// <summary>
/// What an invocation template runs: a workflow, with its inputs taken from fields of the task's input message and
/// the task's output fields taken from the workflow's outputs. Both maps are keyed by the target:
/// <see cref="Inputs"/> workflow input → input-message field, <see cref="Outputs"/> output-message field → workflow output.
/// </summary>
public sealed record InvocationDefinition(string Workflow, IReadOnlyDictionary<string, string> Inputs, IReadOnlyDictionary<string, string> Outputs);
