using System.Text.Json.Nodes;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Schedules.Recurrence;
using Taskforge.Engine.Workflows;
using Taskforge.Engine.Workflows.Definitions;

namespace Taskforge.Server.Cli;

/// <summary>
/// Writes every workflow (its current revision, permissions included), every task template version and every schedule
/// with its permission rules into a folder (<see cref="DefinitionFiles"/>). Read as the system, so nothing is left out
/// for want of a right. Secure schedule inputs are not written: a file of secrets in clear is worse than re-entering them,
/// so the file names them and the import says so.
/// </summary>
internal sealed class DefinitionsExport(WorkflowService workflows, TaskTemplateService templates, ScheduleService schedules, TimeProvider time)
{
    public async Task<ExportCounts> WriteAsync(string folder, TextWriter progress, CancellationToken ct)
    {
        var counts = new ExportCounts();
        var definitions = new Dictionary<string, WorkflowDefinition>(StringComparer.Ordinal);
        foreach (var listed in await workflows.ListAsync(Caller.System, ct))
        {
            var view = await workflows.GetAsync(Caller.System, listed.Definition.Id, null, ct);
            definitions[view.Definition.Id] = view.Definition;
            var document = (JsonObject)view.Definition.Document.DeepClone();
            document["id"] = view.Definition.Id;
            await DefinitionFiles.WriteAsync(Path.Combine(folder, DefinitionFiles.Workflows, DefinitionFiles.FileName(view.Definition.Id) + ".json"), document, ct);
            counts.Workflows++;
        }

        var started = new SortedDictionary<string, bool>(StringComparer.Ordinal);
        foreach (var version in (await templates.ListAsync(Caller.System, newestOnly: false, ct))
                     .OrderBy(v => v.Template.Namespace, StringComparer.Ordinal).ThenBy(v => v.Template.Name, StringComparer.Ordinal).ThenBy(v => v.Version))
        {
            // The version in the name keeps a template's versions in order, so an import makes them again in that order.
            var file = $"{DefinitionFiles.FileName(version.Template.Namespace)}.{DefinitionFiles.FileName(version.Template.Name)}.v{version.Version:D4}.json";
            // The id is the store's name for this one version; an import makes a version of its own.
            var document = (JsonObject)version.Template.Document.DeepClone();
            document.Remove("id");
            await DefinitionFiles.WriteAsync(Path.Combine(folder, DefinitionFiles.TaskTemplates, file), document, ct);
            started[file] = version.IsStarted;
            counts.TaskTemplates++;
        }

        var scheduleFiles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var schedule in (await schedules.ListAsync(Caller.System, null, ct)).OrderBy(s => s.WorkflowId, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal))
        {
            var permissions = await schedules.PermissionsAsync(Caller.System, schedule.Id, ct);
            var (inputs, leftOut) = Inputs(schedule, definitions.GetValueOrDefault(schedule.WorkflowId));
            var entry = new ScheduleFile(
                schedule.Name, schedule.Description, schedule.WorkflowId, inputs, schedule.Cron is null ? schedule.Cycle : null, schedule.Pattern, schedule.Cron,
                schedule.TimeZone, schedule.StartAt, schedule.EndAt, StartModes.ToWire(schedule.StartMode), schedule.Misfire, OverlapPolicies.ToWire(schedule.Overlap),
                schedule.State == ScheduleState.Suspended ? "suspended" : "pending", schedule.PauseReason, schedule.UserName,
                [.. permissions.Select(p => new PermissionFile(p.Principal, p.Rights))], leftOut.Count > 0 ? leftOut : null);
            // Named by what a person knows it by (ids are new in every database), numbered when two share a name.
            var stem = DefinitionFiles.FileName($"{schedule.WorkflowId}.{schedule.Name}");
            var name = stem;
            for (var n = 2; !scheduleFiles.Add(name); n++)
            {
                name = $"{stem}-{n}";
            }

            var path = Path.Combine(folder, DefinitionFiles.Schedules, name + ".json");
            await DefinitionFiles.WriteAsync(path, System.Text.Json.JsonSerializer.SerializeToNode(entry, DefinitionFiles.Json)!, ct);
            foreach (var secret in leftOut)
            {
                await progress.WriteLineAsync($"schedule '{schedule.Name}': the secure input '{secret}' is not exported; set it again after an import.");
            }

            counts.Schedules++;
        }

        var manifest = new ExportManifest(ExportManifest.CurrentFormat, "Taskforge " + Faces.Native.SystemApi.Version(), time.GetUtcNow(), started);
        await DefinitionFiles.WriteAsync(Path.Combine(folder, DefinitionFiles.ManifestName), System.Text.Json.JsonSerializer.SerializeToNode(manifest, DefinitionFiles.Json)!, ct);
        return counts;
    }

    private static (JsonObject Inputs, List<string> LeftOut) Inputs(Schedule schedule, WorkflowDefinition? workflow)
    {
        var inputs = JsonNode.Parse(schedule.Inputs) as JsonObject ?? [];
        var secure = workflow?.Inputs.Where(i => i.Type.Kind == ParameterKind.SecureString).Select(i => i.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        var leftOut = inputs.Select(p => p.Key).Where(secure.Contains).ToList();
        foreach (var name in leftOut)
        {
            inputs.Remove(name);
        }

        return (inputs, leftOut);
    }
}

internal sealed class ExportCounts
{
    public int Workflows { get; set; }
    public int TaskTemplates { get; set; }
    public int Schedules { get; set; }

    public override string ToString() => $"{Workflows} workflow(s), {TaskTemplates} task template version(s), {Schedules} schedule(s)";
}
