using System.Text.Json;
using System.Text.Json.Nodes;
using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Server.Faces.Native;

namespace Taskforge.Server.Cli;

/// <summary>
/// Reads a folder laid out as <see cref="DefinitionFiles"/> says and saves what it holds through the engine, so every
/// definition is validated as the API would: workflows first (templates and schedules name them), then template
/// versions in order, then schedules. What is already there is left alone rather than duplicated: a template whose
/// namespace and name exist, a schedule with the same name on the same workflow. Workflows are saved, which adds a
/// revision only where the definition differs. One bad file is reported and the rest go on; the exit code says if any failed.
/// </summary>
internal sealed class DefinitionsImport(
    WorkflowService workflows, TaskTemplateService templates, ScheduleService schedules, IIdentityStore identities)
{
    public async Task<ImportCounts> ReadAsync(string folder, TextWriter progress, CancellationToken ct)
    {
        var counts = new ImportCounts();
        var files = DefinitionFiles.In(folder, DefinitionFiles.Workflows).Select(f => (Kind: DefinitionFiles.Workflows, File: f))
            .Concat(DefinitionFiles.In(folder, DefinitionFiles.TaskTemplates).Select(f => (Kind: DefinitionFiles.TaskTemplates, File: f)))
            .Concat(DefinitionFiles.In(folder, DefinitionFiles.Schedules).Select(f => (Kind: DefinitionFiles.Schedules, File: f)))
            .ToList();
        var manifest = await ManifestAsync(folder, ct);
        var existingTemplates = (await templates.ListAsync(Caller.System, newestOnly: true, ct)).Select(v => (v.Template.Namespace, v.Template.Name)).ToHashSet();
        var madeTemplates = new HashSet<(string, string)>();
        var existingSchedules = (await schedules.ListAsync(Caller.System, null, ct)).Select(s => (s.Name, s.WorkflowId)).ToHashSet();

        for (var i = 0; i < files.Count; i++)
        {
            var (kind, file) = files[i];
            var name = Path.Combine(kind, Path.GetFileName(file));
            string outcome;
            try
            {
                var text = await File.ReadAllTextAsync(file, ct);
                outcome = kind switch
                {
                    DefinitionFiles.Workflows => await WorkflowAsync(text, file, ct),
                    DefinitionFiles.TaskTemplates => await TemplateAsync(text, file, manifest, existingTemplates, madeTemplates, ct),
                    _ => await ScheduleAsync(text, file, existingSchedules, ct),
                };
                counts.Count(outcome);
            }
            catch (Exception refused) when (refused is TaskforgeException or JsonException or IOException or YamlDotNet.Core.YamlException)
            {
                outcome = "FAILED: " + Describe(refused);
                counts.Failed++;
            }

            await progress.WriteLineAsync($"[{i + 1}/{files.Count}] {name}: {outcome}");
        }

        return counts;
    }

    private async Task<string> WorkflowAsync(string text, string file, CancellationToken ct)
    {
        var document = DefinitionDocuments.Parse(text, DefinitionFiles.IsYaml(file));
        var id = document["id"]?.ToString() is { Length: > 0 } given ? given : Path.GetFileNameWithoutExtension(file);
        document["id"] = id;
        if (await StoredAsync(id, ct) is { } stored && JsonNode.DeepEquals(WithId(stored.Definition.Document, id), document))
        {
            // Importing the same export twice adds no revisions.
            return $"unchanged (revision {stored.Revision})";
        }

        var (view, created) = await workflows.SaveAsync(Caller.System, id, document, ct);
        return created ? "created" : $"saved (revision {view.Revision})";
    }

    private async Task<string> TemplateAsync(
        string text, string file, ExportManifest? manifest, HashSet<(string, string)> existing, HashSet<(string, string)> made, CancellationToken ct)
    {
        var document = DefinitionDocuments.Parse(text, DefinitionFiles.IsYaml(file));
        // A version's id is the store's to give (an export leaves it out; an older file may still carry one).
        document.Remove("id");
        var key = (document["namespace"]?.ToString().Trim() ?? "", document["name"]?.ToString().Trim() ?? "");
        // A template that was there before this import keeps its versions; one this import made takes its next version.
        if (existing.Contains(key) && !made.Contains(key))
        {
            return "exists, left alone";
        }

        var version = await templates.CreateAsync(Caller.System, document, ct);
        made.Add(key);
        if (manifest?.StartedTemplates.TryGetValue(Path.GetFileName(file), out var started) == true && started != version.IsStarted)
        {
            version = await templates.SetStartedAsync(Caller.System, version.Template.Id, started, ct);
        }

        return $"created version {version.Version}{(version.IsStarted ? "" : " (stopped)")}";
    }

    private async Task<string> ScheduleAsync(string text, string file, HashSet<(string, string)> existing, CancellationToken ct)
    {
        var entry = (DefinitionFiles.IsYaml(file)
            ? DefinitionDocuments.Parse(text, yaml: true).Deserialize<ScheduleFile>(DefinitionFiles.Json)
            : JsonSerializer.Deserialize<ScheduleFile>(text, DefinitionFiles.Json)) ?? throw new JsonException("The file holds no schedule.");
        if (entry.Name is { } name && entry.Workflow is { } workflow && existing.Contains((name, workflow)))
        {
            return "exists, left alone";
        }

        // A schedule runs as its user, with that user's rights: it is made as them, never as the system.
        var owner = entry.User is { Length: > 0 } user
            ? await identities.FindUserAsync(user, ct) ?? throw new ValidationException("user", $"'{user}' (who the schedule runs as) is not a user here; create them first.")
            : throw new ValidationException("user", "names the user the schedule runs as.");
        var caller = await Caller.OfAsync(owner, identities, ct);
        var request = new ScheduleBody(
            entry.Name, entry.Description, entry.Workflow, entry.Inputs, entry.Cycle, entry.Pattern, entry.Cron, entry.TimeZone, entry.Start, entry.End,
            entry.StartMode, entry.Misfire, entry.Overlap, entry.State, entry.PauseReason).ToRequest();
        var schedule = await schedules.CreateAsync(caller, request, ct);
        if (entry.Permissions is { Count: > 0 } rules)
        {
            await schedules.SetPermissionsAsync(Caller.System, schedule.Id, [.. rules.Select(r => new PermissionRule(r.Principal, r.Rights))], ct);
        }

        existing.Add((schedule.Name, schedule.WorkflowId));
        return entry.SecureInputsLeftOut is { Count: > 0 } secrets
            ? $"created; set its secure input(s) {string.Join(", ", secrets)} again"
            : "created";
    }

    private async Task<WorkflowView?> StoredAsync(string id, CancellationToken ct)
    {
        try
        {
            return await workflows.GetAsync(Caller.System, id, null, ct);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    private static JsonObject WithId(JsonObject document, string id)
    {
        var copy = (JsonObject)document.DeepClone();
        copy["id"] = id;
        return copy;
    }

    private static async Task<ExportManifest?> ManifestAsync(string folder, CancellationToken ct)
    {
        var path = Path.Combine(folder, DefinitionFiles.ManifestName);
        return File.Exists(path) ? JsonSerializer.Deserialize<ExportManifest>(await File.ReadAllTextAsync(path, ct), DefinitionFiles.Json) : null;
    }

    private static string Describe(Exception refused) => refused is ValidationException invalid && invalid.Errors.Count > 0
        ? string.Join("; ", invalid.Errors.Select(e => $"{e.Key} {string.Join(" ", e.Value)}"))
        : refused.Message;
}

internal sealed class ImportCounts
{
    public int Created { get; set; }
    public int Saved { get; set; }
    public int LeftAlone { get; set; }
    public int Failed { get; set; }

    public void Count(string outcome)
    {
        if (outcome.StartsWith("exists", StringComparison.Ordinal) || outcome.StartsWith("unchanged", StringComparison.Ordinal))
        {
            LeftAlone++;
        }
        else if (outcome.StartsWith("saved", StringComparison.Ordinal))
        {
            Saved++;
        }
        else
        {
            Created++;
        }
    }

    public override string ToString() => $"{Created} created, {Saved} saved again, {LeftAlone} left alone, {Failed} failed";
}
