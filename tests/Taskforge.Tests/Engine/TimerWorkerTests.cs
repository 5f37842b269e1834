using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Taskforge.Engine;
using Taskforge.Engine.Timers;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Engine;

/// <summary>The timer loop (<see cref="TimerWorker"/>) driven by a fake clock: its back-off after failed rounds, its sleep and its wake-up.</summary>
public sealed class TimerWorkerTests
{
    private readonly SteppedClock _time = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FailedRounds_BackOffASecondLongerEachTime_OnTheClock_ThenTheLoopSleepsUntilWoken()
    {
        var store = new FailingTimers(failures: 2);
        using var wake = new TimerWakeSignal(_time);
        var tick = new TimerTick(store, [], _time, Options.Create(new TimerOptions { PollInterval = TimeSpan.FromMinutes(1) }),
            Options.Create(new NodeOptions { Id = "node-a" }));
        using var worker = new TimerWorker(tick, wake, NullLogger<TimerWorker>.Instance);
        var idle = _time.Waiting;

        await worker.StartAsync(Ct);
        await SleepingAfterAsync(store, rounds: 1, idle); // failed once: 1 s
        _time.Advance(TimeSpan.FromMilliseconds(999));
        var stillOne = store.Claims;
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await SleepingAfterAsync(store, rounds: 2, idle); // failed twice: 2 s
        _time.Advance(TimeSpan.FromMilliseconds(1999));
        var stillTwo = store.Claims;
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await SleepingAfterAsync(store, rounds: 3, idle); // fine: sleeps the poll interval, a minute
        wake.Wake();
        await SleepingAfterAsync(store, rounds: 4, idle);
        await worker.StopAsync(Ct);

        Assert.Equal((1, 2), (stillOne, stillTwo));
    }

    // A bounded poll: the loop runs on the thread pool, the test waits until it has claimed and sleeps on the clock again.
    private async Task SleepingAfterAsync(FailingTimers store, int rounds, int idle)
    {
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); store.Claims < rounds; await Task.Delay(5, Ct))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"the loop made {store.Claims} rounds, not {rounds}");
        }

        await _time.UntilWaitingAsync(idle, Ct);
        Assert.Equal(rounds, store.Claims);
    }

    private sealed class FailingTimers(int failures) : ITimerStore
    {
        private int _claims;

        public int Claims => Volatile.Read(ref _claims);

        public Task<IReadOnlyList<DueTimer>> ClaimDueAsync(string node, DateTimeOffset now, TimeSpan lease, int max, CancellationToken ct) =>
            Interlocked.Increment(ref _claims) <= failures
                ? throw new InvalidOperationException("the database is down")
                : Task.FromResult<IReadOnlyList<DueTimer>>([]);

        public Task<DateTimeOffset?> NextDueAsync(DateTimeOffset now, CancellationToken ct) => Task.FromResult<DateTimeOffset?>(null);
    }
}
