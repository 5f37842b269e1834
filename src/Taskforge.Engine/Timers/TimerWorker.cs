using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Taskforge.Engine.Timers;

/// <summary>The shell around <see cref="TimerTick"/>: fire what is due, then sleep until the next timer, a wake-up, or the poll interval.</summary>
public sealed partial class TimerWorker(TimerTick tick, TimerWakeSignal wake, ILogger<TimerWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan sleep;
            try
            {
                // A round claims until it finds less than a full batch, so what is left is due later (or arrived meanwhile).
                await tick.RunOnceAsync(stoppingToken);
                failures = 0;
                sleep = await tick.SleepAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                if (Backoff.IsLogged(++failures))
                {
                    LogRoundFailed(logger, ex, failures);
                }

                sleep = Backoff.After(failures);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping, or the host is disposing its services under a round (a start that failed disposes them without
                // a stop): the store's data source may already be gone, and an ObjectDisposedException then is shutdown, not a failure.
                break;
            }

            try
            {
                await wake.WaitAsync(sleep, stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Error, Message = "Timer round failed ({Failures} in a row)")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception, int failures);
}
