namespace Taskforge.Engine.Timers;

/// <summary>Wakes the timer loop when a timer was made or moved on this node, so it can sleep until exactly that instant.</summary>
public sealed class TimerWakeSignal : IDisposable
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
            // Already signalled.
        }
    }

    public Task<bool> WaitAsync(TimeSpan delay, CancellationToken ct) =>
        delay <= TimeSpan.Zero ? Task.FromResult(false) : _signal.WaitAsync(delay, ct);

    public void Dispose() => _signal.Dispose();
}
