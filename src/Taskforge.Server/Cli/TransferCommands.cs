using System.CommandLine;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Workflows.Definitions;

namespace Taskforge.Server.Cli;

/// <summary><c>taskforge export FOLDER</c> and <c>taskforge import FOLDER</c>: definitions in and out as files (<see cref="DefinitionFiles"/>).</summary>
internal static class TransferCommands
{
    public static Command Export(CliConsole console)
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "An empty or new folder to write into." };
        var command = new Command("export", "Write every workflow, task template version and schedule (with permissions) as native JSON files.");
        command.Arguments.Add(folder);
        command.SetAction((parsed, ct) => CliServices.WithCurrentSchemaAsync(console, async services =>
        {
            var target = parsed.GetValue(folder)!;
            if (target.Exists && target.EnumerateFileSystemInfos().Any())
            {
                await console.Error.WriteLineAsync($"{target.FullName} is not empty; export into a new folder, so nothing is mixed or overwritten.");
                return ExitCodes.Failed;
            }

            var export = new DefinitionsExport(services.Get<WorkflowService>(), services.Get<TaskTemplateService>(), services.Get<ScheduleService>(), services.Get<TimeProvider>());
            var counts = await export.WriteAsync(target.FullName, console.Output, ct);
            await console.Output.WriteLineAsync($"Exported {counts} to {target.FullName}.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Import(CliConsole console)
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "A folder with workflows/, task-templates/ and schedules/ (an export, or files written by hand)." };
        var command = new Command("import", "Save the definitions of a folder through the engine: workflows, then task templates, then schedules.");
        command.Arguments.Add(folder);
        command.SetAction((parsed, ct) => CliServices.WithCurrentSchemaAsync(console, async services =>
        {
            var source = parsed.GetValue(folder)!;
            if (!source.Exists)
            {
                await console.Error.WriteLineAsync($"There is no folder {source.FullName}.");
                return ExitCodes.Failed;
            }

            var import = new DefinitionsImport(services.Get<WorkflowService>(), services.Get<TaskTemplateService>(), services.Get<ScheduleService>(), services.Get<IIdentityStore>());
            var counts = await import.ReadAsync(source.FullName, console.Output, ct);
            await console.Output.WriteLineAsync($"Imported from {source.FullName}: {counts}.");
            return counts.Failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }
}
