using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Taskforge.Engine.HumanTasks.Tasks;

namespace Taskforge.Storage.Postgres;

/// <summary>
/// Tells the other nodes that tasks changed here, so the console pages they serve update live. Not a NOTIFY in every task
/// transaction (PostgreSQL serialises commits that notify, which the human-task flows would pay for): at most one NOTIFY
/// per <see cref="Interval"/> after local changes, from a connection of its own, outside any task transaction.
/// </summary>
public sealed partial class PostgresTaskChangePublisher(
    SqlDatabase database, TaskChangeFeed feed, TimeProvider time, ILogger<PostgresTaskChangePublisher> logger) : BackgroundService
{
    /// <summary>The longest a burst of changes waits to be told, and the shortest time between two notifications.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var told = feed.LocalVersion;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await feed.WaitLocalAsync(told, Idle, time, stoppingToken))
                {
                    continue;
                }

                await Task.Delay(Interval, time, stoppingToken);
                told = feed.LocalVersion;
                await using var connection = await database.OpenAsync(stoppingToken);
                await using var command = new NpgsqlCommand($"NOTIFY {WakeChannels.Tasks}", (NpgsqlConnection)connection);
                await command.ExecuteNonQueryAsync(stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // Other nodes' pages then update at their next fallback look; the first failure and every tenth are logged.
                if (++failures % 10 == 1)
                {
                    LogPublishFailed(logger, ex, failures);
                }

                await Task.Delay(Interval * 5, time, stoppingToken);
            }
        }
    }

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Telling other nodes about task changes failed ({Failures} in a row)")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, int failures);
}
