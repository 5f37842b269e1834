using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Taskforge.Engine.Workflows.Runs;

/// <summary>The shell around <see cref="RunTick"/>: run a round, then sleep until woken or the poll interval ends.</summary>
public sealed partial class RunWorker(RunTick tick, RunWakeSignal wake, IOptions<RunOptions> options, ILogger<RunWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await tick.RunOnceAsync(stoppingToken);
                failures = 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Log the first failure and then every tenth, so a database outage does not flood the log.
                if (failures++ % 10 == 0)
                {
                    LogTickFailed(logger, ex, failures);
                }
            }

            if (claimed < options.Value.BatchSize)
            {
                var delay = failures == 0 ? options.Value.PollInterval : TimeSpan.FromSeconds(Math.Min(30, failures));
                await wake.WaitAsync(delay, stoppingToken);
            }
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Run engine round failed ({Failures} in a row)")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, int failures);
}
