using Microsoft.Extensions.Options;

namespace Taskforge.Engine.Schedules;

/// <summary>
/// Keeps the fire history bounded (<see cref="ScheduleOptions.FireHistoryRetention"/>): one round deletes the slots
/// fired before the retention, in batches so that no transaction holds the writer long. Every node may run it; a
/// delete that finds nothing left costs one indexed read.
/// </summary>
public sealed class FireHistoryTick(IScheduleStore store, TimeProvider time, IOptions<ScheduleOptions> options)
{
    private const int Batch = 5_000;

    // A round stops after this many batches and leaves the rest to the next, so a first prune of years of history
    // cannot hold the loop for long.
    private const int MaxBatches = 100;

    /// <returns>How many fired slots this round deleted.</returns>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var before = time.GetUtcNow() - settings.FireHistoryRetention;
        var deleted = 0;
        for (var i = 0; i < MaxBatches; i++)
        {
            var batch = await store.PruneFiresAsync(before, Math.Max(0, settings.FireHistoryKeepPerSchedule), Batch, ct);
            deleted += batch;
            if (batch < Batch)
            {
                break;
            }
        }

        return deleted;
    }
}
