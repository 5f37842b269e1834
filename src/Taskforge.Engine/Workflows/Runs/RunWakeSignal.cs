namespace Taskforge.Engine.Workflows.Runs;

/// <summary>Wakes the run worker early when something became due now (a started run, a cancel), so there is no polling delay.</summary>
public sealed class RunWakeSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up is enough.
        }
    }

    /// <returns>True when woken, false when the delay ran out.</returns>
    public Task<bool> WaitAsync(TimeSpan delay, CancellationToken ct) => _signal.WaitAsync(delay, ct);

    public void Dispose() => _signal.Dispose();
}
