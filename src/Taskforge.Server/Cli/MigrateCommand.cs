using System.CommandLine;
using Taskforge.Storage.Migrations;

namespace Taskforge.Server.Cli;

/// <summary>
/// <c>taskforge migrate</c>: which migrations the database lacks, and with <c>--apply</c> applies them under the same
/// lock the server takes, so it is safe beside running nodes (they wait, then find nothing to do).
/// </summary>
internal static class MigrateCommand
{
    public static Command Create(CliConsole console)
    {
        var apply = new Option<bool>("--apply") { Description = "Apply the pending migrations (without it, only print them)." };
        var command = new Command("migrate", "Print the pending schema migrations, or apply them with --apply.");
        command.Options.Add(apply);
        command.SetAction((parsed, ct) => TaskforgeCli.GuardAsync(console, async () =>
        {
            await using var services = CliServices.Build(console.Settings);
            var schema = await services.SchemaAsync(ct);
            var provider = services.Database.Provider;
            await console.Output.WriteLineAsync($"{provider} schema: version {schema.Applied} applied, {schema.Latest} in this build.");
            if (schema.Applied > schema.Latest)
            {
                await console.Error.WriteLineAsync("The database is newer than this build; use the newer build.");
                return ExitCodes.NotReady;
            }

            if (schema.Pending.Count == 0)
            {
                await console.Output.WriteLineAsync("Nothing to apply.");
                return ExitCodes.Ok;
            }

            foreach (var migration in schema.Pending)
            {
                await console.Output.WriteLineAsync($"  {(parsed.GetValue(apply) ? "applying" : "pending")} {migration.Version:D4} {migration.Name}");
            }

            if (!parsed.GetValue(apply))
            {
                await console.Output.WriteLineAsync("Run with --apply to apply them.");
                return ExitCodes.Ok;
            }

            var applied = await services.Get<MigrationRunner>().MigrateAsync(services.Get<TimeProvider>().GetUtcNow(), ct);
            await console.Output.WriteLineAsync($"Applied {applied.Count}; the schema is at version {schema.Latest}.");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
