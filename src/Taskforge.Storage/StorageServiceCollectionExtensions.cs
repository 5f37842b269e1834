using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Storage;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Storage.Workflows;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Storage.Runs;
using Taskforge.Storage.Identity;
using Taskforge.Storage.Migrations;
using Taskforge.Storage.Postgres;
using Taskforge.Storage.Sqlite;

namespace Taskforge.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the configured database and every store port of the engine on it.</summary>
    public static IServiceCollection AddTaskforgeStorage(this IServiceCollection services, StorageOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<SqlDatabase>(sp => Open(options, sp.GetService<IMeterFactory>()));
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<IStoreStatus, SqlStoreStatus>();
        services.AddSingleton<IIdentityStore, SqlIdentityStore>();
        services.AddSingleton<KeyRing.SqlKeyRingStore>();
        services.AddSingleton<IWorkflowStore, SqlWorkflowStore>();
        services.AddSingleton<IRunStore, SqlRunStore>();
        services.AddSingleton<Engine.Workflows.Runs.Queries.IRunQueryStore, SqlRunQueryStore>();
        services.AddSingleton<Engine.Operations.IOverviewStore, Operations.SqlOverviewStore>();
        services.AddSingleton<Engine.Schedules.IScheduleStore, Schedules.SqlScheduleStore>();
        services.AddSingleton<Engine.Timers.ITimerStore, Timers.SqlTimerStore>();
        services.AddSingleton<Engine.HumanTasks.Templates.ITaskTemplateStore, HumanTasks.SqlTaskTemplateStore>();
        services.AddSingleton<Engine.HumanTasks.Tasks.ITaskStore, HumanTasks.SqlTaskStore>();
        services.AddSingleton<Engine.Telemetry.ICountsStore, Telemetry.SqlCountsStore>();
        if (IsPostgres(options))
        {
            // Other nodes' transactions wake this node's loops; SQLite is one process and wakes them in memory.
            services.AddSingleton<PostgresWakeListener>();
            services.AddHostedService(sp => sp.GetRequiredService<PostgresWakeListener>());
            services.AddHostedService<PostgresTaskChangePublisher>();
        }

        return services;
    }

    /// <param name="meters">Where the store's instruments are made (the host's meter factory); none: the database records no metrics.</param>
    public static SqlDatabase Open(StorageOptions options, IMeterFactory? meters = null)
    {
        SqlDatabase database = options.Provider.Trim().ToUpperInvariant() switch
        {
            "SQLITE" => new SqliteDatabase(options.ConnectionString),
            "POSTGRES" or "POSTGRESQL" => new PostgresDatabase(options.ConnectionString ?? ""),
            _ => throw new InvalidOperationException($"Taskforge:Storage:Provider must be 'sqlite' or 'postgres', not '{options.Provider}'."),
        };
        if (meters is not null)
        {
            database.Metrics = new Telemetry.StoreMetrics(meters, database.Provider);
        }

        return database;
    }

    private static bool IsPostgres(StorageOptions options) => options.Provider.Trim().ToUpperInvariant() is "POSTGRES" or "POSTGRESQL";
}
