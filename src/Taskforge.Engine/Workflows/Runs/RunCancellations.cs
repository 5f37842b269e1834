using System.Collections.Concurrent;

namespace Taskforge.Engine.Workflows.Runs;

/// <summary>
/// The runs this node is executing right now, so a cancel that arrives here interrupts a running script at once
/// instead of waiting for the step to end. (A cancel that arrives on another node takes effect at the next step boundary.)
/// </summary>
public sealed class RunCancellations
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);

    /// <summary>A token for one run's execution, cancelled by <see cref="Cancel"/> or by <paramref name="stopping"/>.</summary>
    public Registration Register(string runId, CancellationToken stopping)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _running[runId] = source;
        return new Registration(this, runId, source);
    }

    public void Cancel(string runId)
    {
        if (_running.TryGetValue(runId, out var source))
        {
            source.Cancel();
        }
    }

    public sealed class Registration(RunCancellations owner, string runId, CancellationTokenSource source) : IDisposable
    {
        public CancellationToken Token => source.Token;

        public void Dispose()
        {
            owner._running.TryRemove(KeyValuePair.Create(runId, source));
            source.Dispose();
        }
    }
}
