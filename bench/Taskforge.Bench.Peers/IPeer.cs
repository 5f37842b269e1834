namespace Taskforge.Bench.Peers;

/// <summary>One peer scheduler: what the coordinator and the node processes do with it.</summary>
internal interface IPeer
{
    /// <summary>Name and version as reported, e.g. "Quartz.NET 4.7.3".</summary>
    string Name { get; }

    /// <summary>Seconds from the start of scheduling to the due instant, so that scheduling ends before it.</summary>
    int DefaultLeadSeconds { get; }

    /// <summary>The configuration, as (setting, value) rows for the report.</summary>
    IReadOnlyList<(string Setting, string Value)> Configuration { get; }

    /// <summary>Creates the peer's tables in an empty database (coordinator, before any node starts).</summary>
    Task CreateSchemaAsync(string connectionString, CancellationToken ct);

    /// <summary>Starts a scheduler that fires jobs (node process); disposing it stops it.</summary>
    Task<IAsyncDisposable> StartNodeAsync(string connectionString, string node, CancellationToken ct);

    /// <summary>Schedules jobs 0..count-1 to fire once at <paramref name="due"/> (coordinator).</summary>
    Task ScheduleBurstAsync(string connectionString, int count, DateTimeOffset due, CancellationToken ct);

    /// <summary>Registers jobs 0..count-1 to fire every minute at second 0 (coordinator).</summary>
    Task ScheduleEveryMinuteAsync(string connectionString, int count, CancellationToken ct);
}
