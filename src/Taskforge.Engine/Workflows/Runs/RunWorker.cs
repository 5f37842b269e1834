using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Taskforge.Engine.Workflows.Runs;

/// <summary>
/// The shell around <see cref="RunTick"/>, three loops: drive runs started on this node as they arrive; claim due runs
/// (woken at once by starts elsewhere in this process, cancels and finished children, otherwise every poll interval);
/// and keep the leases of long steps alive.
/// </summary>
public sealed partial class RunWorker(RunTick tick, RunWakeSignal wake, RunHandoff handoff, TimeProvider time, IOptions<RunOptions> options, ILogger<RunWorker> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(DriveHandedOffAsync(stoppingToken), ClaimLoopAsync(stoppingToken), KeepLeasesAsync(stoppingToken));

    private async Task DriveHandedOffAsync(CancellationToken ct)
    {
        var drives = new List<Task>();
        try
        {
            while (await handoff.WaitAsync(ct))
            {
                foreach (var failed in drives.Where(d => d.IsFaulted))
                {
                    LogDriveFailed(logger, failed.Exception!.GetBaseException());
                }

                drives.RemoveAll(d => d.IsCompleted);
                drives.AddRange(tick.TakeHandedOff(ct));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: runs being driven stop at their next await and keep their leases until they expire.
        }

        await WhenAllQuietlyAsync(drives);
    }

    private async Task ClaimLoopAsync(CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                var drives = await tick.ClaimAsync(options.Value.BatchSize, ct);
                claimed = drives.Count;
                await Task.WhenAll(drives);
                failures = 0;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                if (Backoff.IsLogged(++failures))
                {
                    LogRoundFailed(logger, ex, failures);
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (claimed < options.Value.BatchSize)
            {
                var delay = failures == 0 ? options.Value.PollInterval : Backoff.After(failures);
                await SleepAsync(wake.WaitAsync(delay, ct));
            }
        }
    }

    private async Task KeepLeasesAsync(CancellationToken ct)
    {
        var every = options.Value.Lease / 6;
        while (!ct.IsCancellationRequested)
        {
            await SleepAsync(Task.Delay(every, time, ct));
            try
            {
                await tick.RenewLeasesAsync(ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                LogRenewFailed(logger, ex);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private static async Task SleepAsync(Task sleep)
    {
        try
        {
            await sleep;
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the loop's condition ends it.
        }
    }

    private static async Task WhenAllQuietlyAsync(List<Task> drives)
    {
        try
        {
            await Task.WhenAll(drives);
        }
        catch (OperationCanceledException)
        {
            // Drives interrupted by shutdown.
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Run engine round failed ({Failures} in a row)")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception, int failures);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "Driving a run failed; it is taken up again when its lease expires")]
    private static partial void LogDriveFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Renewing run leases failed; runs keep their leases until they expire")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception);
}
