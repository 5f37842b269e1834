using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace Taskforge.Tests.Support;

/// <summary>
/// A fake clock that knows how many waits are pending on it (delays, timeouts, timers not yet due), so a test steps it
/// exactly when the code under test waits for it, instead of sleeping in real time and hoping the other thread got there.
/// </summary>
public sealed class SteppedClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private int _waiting;

    /// <summary>Timers on this clock that are due some time and have neither fired nor been stopped.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var counted = new CountedTimer(this, period);
        counted.Arm(dueTime); // before the timer exists: one due now may fire while it is made
        counted.Inner = base.CreateTimer(s =>
        {
            counted.Fired();
            callback(s);
        }, state, dueTime, period);
        return counted;
    }

    /// <summary>Waits (a bounded poll, in real time) until more than <paramref name="before"/> waits are pending on the clock.</summary>
    public async Task UntilWaitingAsync(int before, CancellationToken ct, Func<bool>? orDone = null)
    {
        for (var waited = Stopwatch.StartNew(); Waiting <= before && orDone?.Invoke() != true; await Task.Delay(5, ct))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"nothing came to wait on the clock (waiting: {Waiting})");
        }
    }

    /// <summary>
    /// Steps the clock by <paramref name="step"/> each time something more than <paramref name="before"/> waits on it,
    /// until <paramref name="done"/> (at most <paramref name="steps"/> steps).
    /// </summary>
    public async Task StepUntilAsync(Func<bool> done, TimeSpan step, int before, int steps, CancellationToken ct)
    {
        for (var i = 0; i < steps && !done(); i++)
        {
            await UntilWaitingAsync(before, ct, done);
            if (!done())
            {
                Advance(step);
            }
        }
    }

    private sealed class CountedTimer(SteppedClock clock, TimeSpan period) : ITimer
    {
        private readonly Lock _gate = new();
        private bool _armed;

        public ITimer Inner { get; set; } = null!;

        public void Arm(TimeSpan dueTime) => Set(dueTime != Timeout.InfiniteTimeSpan);

        public void Fired()
        {
            // A one-shot timer that fired waits no more; a periodic one waits for its next tick.
            if (period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero)
            {
                Set(false);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan newPeriod)
        {
            Set(dueTime != Timeout.InfiniteTimeSpan);
            return Inner.Change(dueTime, newPeriod);
        }

        public void Dispose()
        {
            Set(false);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Set(false);
            return Inner.DisposeAsync();
        }

        private void Set(bool armed)
        {
            lock (_gate)
            {
                if (armed != _armed)
                {
                    _armed = armed;
                    Interlocked.Add(ref clock._waiting, armed ? 1 : -1);
                }
            }
        }
    }
}
