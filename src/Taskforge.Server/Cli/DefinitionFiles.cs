using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Taskforge.Server.Cli;

/// <summary>
/// The layout of an export: a folder with <c>workflows/</c>, <c>task-templates/</c> and <c>schedules/</c>, one native
/// JSON document per file (the same documents the native API takes), and <c>taskforge-export.json</c> for what the
/// documents do not carry (which template versions are started). YAML files are read too, so hand-written definitions
/// import alike.
/// </summary>
internal static class DefinitionFiles
{
    public const string Workflows = "workflows";
    public const string TaskTemplates = "task-templates";
    public const string Schedules = "schedules";
    public const string ManifestName = "taskforge-export.json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Files for people to read and diff: '+' in an offset and non-ASCII names stay as they are (nothing here is HTML).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static IEnumerable<string> In(string folder, string kind) =>
        Directory.Exists(Path.Combine(folder, kind))
            ? Directory.EnumerateFiles(Path.Combine(folder, kind))
                .Where(f => Path.GetExtension(f).ToUpperInvariant() is ".JSON" or ".YAML" or ".YML")
                .Order(StringComparer.Ordinal)
            : [];

    public static bool IsYaml(string file) => Path.GetExtension(file).ToUpperInvariant() is ".YAML" or ".YML";

    /// <summary>A file name made of a definition's name: letters, digits, dot, dash and underscore, the rest as '_'.</summary>
    public static string FileName(string name) =>
        new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]);

    public static async Task WriteAsync(string path, JsonNode document, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, document.ToJsonString(Json) + "\n", ct);
    }
}

/// <summary>What an export says beside its documents.</summary>
internal sealed record ExportManifest(string Format, string ExportedBy, DateTimeOffset ExportedAt, IReadOnlyDictionary<string, bool> StartedTemplates)
{
    public const string CurrentFormat = "taskforge-export/1";
}

/// <summary>A schedule as an export keeps it: the native API's body, and who it runs as with its permission rules.</summary>
internal sealed record ScheduleFile(
    string? Name, string? Description, string? Workflow, JsonObject? Inputs, string? Cycle, string? Pattern, string? Cron, string? TimeZone,
    DateTimeOffset? Start, DateTimeOffset? End, string? StartMode, string? Misfire, string? Overlap, string? State, string? PauseReason,
    string? User, IReadOnlyList<PermissionFile>? Permissions, IReadOnlyList<string>? SecureInputsLeftOut);

internal sealed record PermissionFile(string Principal, string Rights);
