using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Taskforge.Engine.Schedules;

/// <summary>The shell around <see cref="FireHistoryTick"/>: prune, then sleep for the prune interval.</summary>
public sealed partial class FireHistoryWorker(FireHistoryTick tick, TimeProvider time, IOptions<ScheduleOptions> options, ILogger<FireHistoryWorker> logger)
    : BackgroundService
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A zero or negative interval in the settings would spin; a second is as often as pruning can be of use.
                var interval = options.Value.FireHistoryPruneInterval;
                await Task.Delay(interval < MinInterval ? MinInterval : interval, time, stoppingToken);
                await tick.RunOnceAsync(stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Nothing waits on this: the next round tries again.
                LogPruneFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Pruning the fire history failed; the next round tries again")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
