namespace Taskforge.Engine;

/// <summary>
/// Wakes a background loop early: many wake-ups while it works collapse into one, and a loop that sleeps returns at
/// once when woken. Each loop has its own subclass, so each is its own service.
/// </summary>
public abstract class WakeSignal : IDisposable
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

    /// <returns>True when woken, false when the delay ran out (at once for a delay of zero or less).</returns>
    public Task<bool> WaitAsync(TimeSpan delay, CancellationToken ct) =>
        delay <= TimeSpan.Zero ? Task.FromResult(false) : _signal.WaitAsync(delay, ct);

    public void Dispose()
    {
        _signal.Dispose();
        GC.SuppressFinalize(this);
    }
}
