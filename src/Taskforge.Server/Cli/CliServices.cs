using Taskforge.Server.Hosting;
using Taskforge.Storage;
using Taskforge.Storage.Migrations;

namespace Taskforge.Server.Cli;

/// <summary>
/// The server's own services, wired from the same settings as <c>serve</c> (appsettings.json, TASKFORGE_… environment,
/// <c>--Taskforge:…=value</c> arguments) but never started: no port is opened and no background loop runs, so a command
/// can run beside a live server on the same database.
/// </summary>
public sealed class CliServices : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CliServices(WebApplication app) => _app = app;

    public IServiceProvider Services => _app.Services;

    public StorageOptions Storage => Services.GetRequiredService<StorageOptions>();

    public SqlDatabase Database => Services.GetRequiredService<SqlDatabase>();

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <param name="settings">Configuration arguments the command did not take itself (<c>--Taskforge:Storage:Provider=postgres</c>).</param>
    public static CliServices Build(IEnumerable<string> settings) =>
        // The server logs at Information; a command prints its own results, so only the store's warnings get through.
        new(TaskforgeHost.Build(["--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft=Error", .. settings]));

    /// <summary>The schema's state: what is applied, what this build brings, and what it would apply.</summary>
    public async Task<SchemaState> SchemaAsync(CancellationToken ct)
    {
        var applied = await MigrationRunner.AppliedVersionAsync(Database, ct) ?? 0;
        var known = MigrationCatalog.For(Database.Provider);
        return new SchemaState(applied, known.Count > 0 ? known[^1].Version : 0, [.. known.Where(m => m.Version > applied)]);
    }

    /// <summary>Commands that read or write definitions need the schema this build expects; they never migrate on their own.</summary>
    public async Task<string?> SchemaProblemAsync(CancellationToken ct)
    {
        var schema = await SchemaAsync(ct);
        return schema.Applied < schema.Latest
            ? $"The database's schema is at version {schema.Applied}; this build needs {schema.Latest}. Run 'taskforge migrate --apply' (or start the server) first."
            : schema.Applied > schema.Latest
                ? $"The database's schema is at version {schema.Applied}, newer than this build knows ({schema.Latest}). Use the newer build."
                : null;
    }

    /// <summary>Runs a command that reads or writes definitions or users: the services, once the schema is the one this build expects.</summary>
    public static Task<int> WithCurrentSchemaAsync(CliConsole console, Func<CliServices, Task<int>> body) =>
        TaskforgeCli.GuardAsync(console, async () =>
        {
            await using var services = Build(console.Settings);
            if (await services.SchemaProblemAsync(CancellationToken.None) is { } problem)
            {
                await console.Error.WriteLineAsync(problem);
                return ExitCodes.NotReady;
            }

            return await body(services);
        });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed record SchemaState(int Applied, int Latest, IReadOnlyList<Migration> Pending);
