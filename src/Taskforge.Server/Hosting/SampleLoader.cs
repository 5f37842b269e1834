using System.Text.Json.Nodes;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Workflows.Definitions;

namespace Taskforge.Server.Hosting;

/// <summary>
/// Loads the samples shipped in <c>samples/workflows</c> and <c>samples/task-templates</c> into a new database, so a
/// first start has something to run and to work on. Workflows come first, since a template may invoke one. A template
/// whose (namespace, name) is already stored is left alone, so loading again never adds versions. A sample that does
/// not validate is logged and skipped; it never stops the server.
/// </summary>
public sealed partial class SampleLoader(WorkflowService workflows, TaskTemplateService templates, IConfiguration configuration, ILogger<SampleLoader> logger)
{
    /// <returns>How many workflows and templates were loaded.</returns>
    public async Task<int> LoadAsync(CancellationToken ct)
    {
        var folder = configuration["Taskforge:Samples:Path"] is { Length: > 0 } path ? path : Path.Combine(AppContext.BaseDirectory, "samples");
        if (!configuration.GetValue("Taskforge:Samples:Load", true))
        {
            return 0;
        }

        var loaded = await LoadFolderAsync(Path.Combine(folder, "workflows"), async (document, file) =>
        {
            await workflows.SaveAsync(Caller.System, WorkflowIdOf(document, file), document, ct);
            return true;
        }, ct);

        var existing = (await templates.ListAsync(Caller.System, newestOnly: true, ct)).Select(v => (v.Template.Namespace, v.Template.Name)).ToHashSet();
        loaded += await LoadFolderAsync(Path.Combine(folder, "task-templates"), async (document, _) =>
        {
            if (existing.Contains((document["namespace"]?.ToString().Trim() ?? "", document["name"]?.ToString().Trim() ?? "")))
            {
                return false;
            }

            await templates.CreateAsync(Caller.System, document, ct);
            return true;
        }, ct);
        return loaded;
    }

    private async Task<int> LoadFolderAsync(string directory, Func<JsonObject, string, Task<bool>> save, CancellationToken ct)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var loaded = 0;
        foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            var extension = Path.GetExtension(file).ToUpperInvariant();
            if (extension is not (".JSON" or ".YAML" or ".YML"))
            {
                continue;
            }

            try
            {
                var document = DefinitionDocuments.Parse(await File.ReadAllTextAsync(file, ct), yaml: extension != ".JSON");
                if (await save(document, file))
                {
                    loaded++;
                }
            }
            catch (Engine.Errors.ValidationException ex)
            {
                LogSampleSkipped(logger, Path.GetFileName(file), ex.Message);
            }
        }

        LogSamplesLoaded(logger, loaded, directory);
        return loaded;
    }

    private static string WorkflowIdOf(JsonObject document, string file) =>
        document["id"]?.ToString() is { Length: > 0 } id ? id : Path.GetFileNameWithoutExtension(file);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Loaded {Count} samples from {Directory}")]
    private static partial void LogSamplesLoaded(ILogger logger, int count, string directory);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Skipped sample {File}: {Problem}")]
    private static partial void LogSampleSkipped(ILogger logger, string file, string problem);
}
