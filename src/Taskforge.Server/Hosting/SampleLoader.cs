using Taskforge.Engine.Identity;
using Taskforge.Engine.Workflows.Definitions;

namespace Taskforge.Server.Hosting;

/// <summary>
/// Loads the sample workflows shipped in <c>samples/workflows</c> into a new database, so a first start has
/// something to run. A sample that does not validate is logged and skipped; it never stops the server.
/// </summary>
public sealed partial class SampleLoader(WorkflowService workflows, IConfiguration configuration, ILogger<SampleLoader> logger)
{
    public async Task<int> LoadAsync(CancellationToken ct)
    {
        var folder = configuration["Taskforge:Samples:Path"] is { Length: > 0 } path ? path : Path.Combine(AppContext.BaseDirectory, "samples");
        var directory = Path.Combine(folder, "workflows");
        if (!configuration.GetValue("Taskforge:Samples:Load", true) || !Directory.Exists(directory))
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
                var id = WorkflowIdOf(document, file);
                await workflows.SaveAsync(Caller.System, id, document, ct);
                loaded++;
            }
            catch (Engine.Errors.ValidationException ex)
            {
                LogSampleSkipped(logger, Path.GetFileName(file), ex.Message);
            }
        }

        LogSamplesLoaded(logger, loaded, directory);
        return loaded;
    }

    private static string WorkflowIdOf(System.Text.Json.Nodes.JsonObject document, string file) =>
        document["id"]?.ToString() is { Length: > 0 } id ? id : Path.GetFileNameWithoutExtension(file);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Loaded {Count} sample workflows from {Directory}")]
    private static partial void LogSamplesLoaded(ILogger logger, int count, string directory);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Skipped sample {File}: {Problem}")]
    private static partial void LogSampleSkipped(ILogger logger, string file, string problem);
}
