using System.Text.Json.Nodes;

namespace Taskforge.Engine.Workflows.Runs.Queries;

/// <summary>An input or output of a run: its canonical value, or none and <see cref="Masked"/> for a secure string.</summary>
public sealed record RunValue(string Name, ParameterType Type, JsonNode? Value, bool Masked);
