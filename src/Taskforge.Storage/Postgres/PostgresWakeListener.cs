using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.Timers;
using Taskforge.Engine.Workflows.Runs;

namespace Taskforge.Storage.Postgres;

/// <summary>
/// Wakes this node's timer and run loops when another node's transaction asks for it (<see cref="WakeChannels"/>), so
/// work made elsewhere is taken up at once rather than at the next poll. One dedicated connection per node holds the
/// LISTEN; when it drops, the listener logs, waits (backing off up to 30 s) and connects again. Notifications sent
/// while it was away are lost, so each (re)connect wakes both loops (and the task watchers) once: the poll would have found that work anyway.
/// </summary>
public sealed partial class PostgresWakeListener(
    StorageOptions storage, TimerWakeSignal timers, RunWakeSignal runs, TaskChangeFeed tasks, TimeProvider time, ILogger<PostgresWakeListener> logger)
    : BackgroundService
{
    /// <summary>How the listening connection names itself in <c>pg_stat_activity</c>.</summary>
    public const string ApplicationName = "taskforge wake listener";

    // A listener hears nothing on a quiet cluster; after this long it checks that its connection still works.
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(30);

    private long _timerWakes;
    private long _runWakes;
    private long _connections;

    /// <summary>Notifications that woke the timer loop (for tests and diagnostics).</summary>
    public long TimerWakes => Interlocked.Read(ref _timerWakes);

    /// <summary>Notifications that woke the run loop.</summary>
    public long RunWakes => Interlocked.Read(ref _runWakes);

    /// <summary>Times the listener connected and started listening.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>The wait before connecting again after <paramref name="failures"/> failures in a row: 0.25 s, doubling, at most 30 s.</summary>
    public static TimeSpan Backoff(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Clamp(failures - 1, 0, 16))));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(() =>
                {
                    if (failures > 0)
                    {
                        LogListeningAgain(logger, failures);
                        failures = 0;
                    }
                }, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                var delay = Backoff(++failures);
                // The first failure and then every tenth, so a database outage does not flood the log.
                if (failures % 10 == 1)
                {
                    LogListenFailed(logger, ex, failures, delay.TotalSeconds);
                }

                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    // Returns only by throwing: the connection dropped, or the node is stopping.
    private async Task ListenAsync(Action listening, CancellationToken ct)
    {
        // Its own connection, outside the pool: it is held for as long as the node runs, and a broken one must not go back.
        var builder = new NpgsqlConnectionStringBuilder(storage.ConnectionString) { Pooling = false, ApplicationName = ApplicationName };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Notification += (_, e) => Wake(e.Channel);
        await connection.OpenAsync(ct);
        await using (var listen = new NpgsqlCommand($"LISTEN {WakeChannels.Timers}; LISTEN {WakeChannels.Runs}; LISTEN {WakeChannels.Tasks};", connection))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }

        Interlocked.Increment(ref _connections);
        listening();
        timers.Wake();
        runs.Wake();
        tasks.ChangedElsewhere();
        while (true)
        {
            if (!await connection.WaitAsync(Quiet, ct))
            {
                // A dropped connection throws here; one that hangs fails on the command timeout.
                await using var ping = new NpgsqlCommand("SELECT 1", connection);
                await ping.ExecuteNonQueryAsync(ct);
            }
        }
    }

    private void Wake(string channel)
    {
        switch (channel)
        {
            case WakeChannels.Timers:
                Interlocked.Increment(ref _timerWakes);
                timers.Wake();
                break;
            case WakeChannels.Runs:
                Interlocked.Increment(ref _runWakes);
                runs.Wake();
                break;
            case WakeChannels.Tasks:
                tasks.ChangedElsewhere();
                break;
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning,
        Message = "Listening for other nodes' wake-ups failed ({Failures} in a row); connecting again in {DelaySeconds} s, polling meanwhile")]
    private static partial void LogListenFailed(ILogger logger, Exception exception, int failures, double delaySeconds);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Listening for other nodes' wake-ups again after {Failures} failure(s)")]
    private static partial void LogListeningAgain(ILogger logger, int failures);
}
