namespace Taskforge.Engine;

/// <summary>
/// Wakes a background loop early: many wake-ups while it works collapse into one, and a loop that sleeps returns at
/// once when woken. The sleep runs on the injected clock, so a test's fake clock drives the loop. Each loop has its
/// own subclass, so each is its own service.
/// </summary>
public abstract class WakeSignal(TimeProvider time) : IDisposable
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
    public async Task<bool> WaitAsync(TimeSpan delay, CancellationToken ct)
    {
        if (delay <= TimeSpan.Zero)
        {
            return false;
        }

        if (await _signal.WaitAsync(0, ct))
        {
            return true; // woken while the loop worked: no timer needed
        }

        using var timeout = new CancellationTokenSource(delay, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        var woken = _signal.WaitAsync(either.Token);
        // A delay that runs out is the usual end of a sleep, not an error: no exception is thrown for it.
        await woken.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        ct.ThrowIfCancellationRequested();
        return woken.IsCompletedSuccessfully;
    }

    public void Dispose()
    {
        _signal.Dispose();
        GC.SuppressFinalize(this);
    }
}
