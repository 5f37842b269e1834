using Taskforge.Engine.Identity;
using Taskforge.Storage;
using Taskforge.Storage.Migrations;

namespace Taskforge.Server.Hosting;

/// <summary>
/// Runs before the server listens: migrates the store (under its lock), makes the console's first key-ring key (one node at a time), and, on an empty database, creates the
/// administrator from <c>TASKFORGE_ADMIN_USER</c>/<c>TASKFORGE_ADMIN_PASSWORD</c> or with a generated password
/// that is printed once to standard output (never to the log), and loads the sample workflows.
/// </summary>
public sealed partial class StartupTasks(
    StorageOptions storage,
    MigrationRunner migrations,
    AdministratorBootstrap bootstrap,
    SampleLoader samples,
    Faces.Console.Sessions.KeyRingBootstrap keyRing,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (storage.AutoMigrate)
        {
            await migrations.MigrateAsync(time.GetUtcNow(), cancellationToken);
        }

        await keyRing.EnsureKeyAsync(cancellationToken);

        var adminName = configuration["TASKFORGE_ADMIN_USER"] is { Length: > 0 } name ? name : "admin";
        var (created, generated) = await bootstrap.EnsureAsync(adminName, configuration["TASKFORGE_ADMIN_PASSWORD"], cancellationToken);
        if (created)
        {
            // A database without users is a new one: give it the samples too.
            LogAdministratorCreated(logger, adminName);
            await samples.LoadAsync(cancellationToken);
        }

        if (generated is not null)
        {
            await System.Console.Out.WriteLineAsync($"""

                ------------------------------------------------------------------
                Taskforge created the administrator '{adminName}' with the password

                    {generated}

                It is shown only this once. Change it with PATCH /api/v1/me.
                ------------------------------------------------------------------

                """);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Created the administrator {UserName} on an empty database")]
    private static partial void LogAdministratorCreated(ILogger logger, string userName);
}
