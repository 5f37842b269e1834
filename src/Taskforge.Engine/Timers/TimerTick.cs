using Microsoft.Extensions.Options;
using Taskforge.Engine.Telemetry;

namespace Taskforge.Engine.Timers;

/// <summary>
/// One round of the timer service: claim batches of due timers with a lease and hand each kind to its handler. While a
/// full batch waits for its due instant, the next batch is claimed and prepared, so that a thousand timers due at one
/// second commit at that second, not one batch after another (at most <see cref="TimerOptions.BatchesInFlight"/> at once).
/// </summary>
public sealed class TimerTick(
    ITimerStore timers, IEnumerable<ITimerHandler> handlers, TimeProvider time, IOptions<TimerOptions> options, IOptions<NodeOptions> node,
    EngineMetrics? metrics = null)
{
    private readonly Dictionary<string, ITimerHandler> _handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);

    /// <returns>How many timers this round claimed; the round ends once a claim finds less than a full batch and every batch is handled.</returns>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var inFlight = new Queue<Task>();
        var claimed = 0;
        try
        {
            while (true)
            {
                var due = await timers.ClaimDueAsync(node.Value.Id, time.GetUtcNow() + settings.Lookahead, settings.Lease, settings.BatchSize, ct);
                claimed += due.Count;
                if (due.Count > 0)
                {
                    inFlight.Enqueue(HandleAsync(due, ct));
                }

                if (due.Count < settings.BatchSize)
                {
                    break;
                }

                // A full batch: more may be due at the same instant. Claim them now, unless enough batches already wait.
                if (inFlight.Count >= Math.Max(1, settings.BatchesInFlight))
                {
                    await inFlight.Dequeue();
                }
            }
        }
        finally
        {
            // No batch outlives its round: the next round, or a shutdown, never overlaps one still committing.
            await Task.WhenAll(inFlight).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await Task.WhenAll(inFlight);
        return claimed;
    }

    /// <summary>How long the loop may sleep: until the next timer is due, at most the poll interval.</summary>
    public async Task<TimeSpan> SleepAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var next = await timers.NextDueAsync(now, ct);
        var poll = options.Value.PollInterval;
        var wake = next - options.Value.Lookahead;
        return wake is { } at ? (at <= now ? TimeSpan.Zero : at - now < poll ? at - now : poll) : poll;
    }

    private async Task HandleAsync(IReadOnlyList<DueTimer> due, CancellationToken ct)
    {
        // Off the claiming loop at once: the handler's preparation runs while the next batch is claimed.
        await Task.Yield();
        foreach (var kind in due.GroupBy(t => t.Kind, StringComparer.Ordinal))
        {
            // A kind without a handler (a newer node's timer, say) keeps its lease until it expires and is left alone.
            if (_handlers.TryGetValue(kind.Key, out var handler))
            {
                List<DueTimer> batch = [.. kind];
                metrics?.TimersFired(kind.Key, batch.Count);
                // A batch is its own trace; what it starts (a fire and its run) begins another, linked to this one.
                using var span = EngineTracing.StartRoot(EngineTracing.TimerBatch, default, makeCurrent: true);
                span?.SetTag(EngineMetrics.Names.TimerKind, kind.Key).SetTag("taskforge.timer.count", batch.Count);
                await handler.HandleAsync(batch, ct);
            }
        }
    }
}
