using Microsoft.Extensions.Options;
using Taskforge.Engine.Workflows.Runs;

namespace Taskforge.Engine.Timers;

/// <summary>One round of the timer service: claim a batch of due timers with a lease and hand each kind to its handler.</summary>
public sealed class TimerTick(ITimerStore timers, IEnumerable<ITimerHandler> handlers, TimeProvider time, IOptions<TimerOptions> options, IOptions<RunOptions> runOptions)
{
    private readonly Dictionary<string, ITimerHandler> _handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);

    /// <returns>How many timers this round claimed.</returns>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var due = await timers.ClaimDueAsync(runOptions.Value.NodeId, time.GetUtcNow() + options.Value.Lookahead, options.Value.Lease, options.Value.BatchSize, ct);
        foreach (var kind in due.GroupBy(t => t.Kind, StringComparer.Ordinal))
        {
            // A kind without a handler (a newer node's timer, say) keeps its lease until it expires and is left alone.
            if (_handlers.TryGetValue(kind.Key, out var handler))
            {
                await handler.HandleAsync([.. kind], ct);
            }
        }

        return due.Count;
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
}
