using System.Text.Json.Nodes;

namespace Taskforge.Engine.Workflows.Scripting;

/// <summary>
/// The outcome of one script run or condition. On success <see cref="Values"/> holds the canonical value of
/// <em>every</em> writable variable after the run (changed or not, so a caller can store them without diffing), and
/// <see cref="Value"/> the result of a condition. On failure <see cref="Message"/> says why and <see cref="Line"/>
/// (1-based) where, when known. <see cref="Logs"/> holds what the script wrote, up to the failure if any.
/// </summary>
public sealed record ScriptResult
{
    private static readonly IReadOnlyDictionary<string, JsonNode?> NoValues = new Dictionary<string, JsonNode?>();

    public bool Succeeded { get; init; }

    public string? Message { get; init; }

    public int? Line { get; init; }

    public IReadOnlyDictionary<string, JsonNode?> Values { get; init; } = NoValues;

    /// <summary>For a condition, its truthiness as a JSON boolean; null for a script.</summary>
    public JsonNode? Value { get; init; }

    public IReadOnlyList<ScriptLogEntry> Logs { get; init; } = [];

    public static ScriptResult Success(IReadOnlyDictionary<string, JsonNode?> values, JsonNode? value, IReadOnlyList<ScriptLogEntry> logs) =>
        new() { Succeeded = true, Values = values, Value = value, Logs = logs };

    public static ScriptResult Failure(string message, int? line, IReadOnlyList<ScriptLogEntry> logs) =>
        new() { Succeeded = false, Message = message, Line = line, Logs = logs };
}
