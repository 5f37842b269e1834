using Microsoft.Extensions.Time.Testing;
using Taskforge.Engine.Timers;

namespace Taskforge.Tests.Engine;

/// <summary>A loop's sleep (<see cref="Taskforge.Engine.WakeSignal"/>) runs on the injected clock, so a fake clock drives it.</summary>
public sealed class WakeSignalTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WaitAsync_RunsOut_WhenTheClockPassesTheDelay()
    {
        using var wake = new TimerWakeSignal(_time);

        var sleep = wake.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        _time.Advance(TimeSpan.FromSeconds(4));
        var early = sleep.IsCompleted;
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(early);
        Assert.False(await sleep.WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }

    [Fact]
    public async Task WaitAsync_ReturnsAtOnce_WhenWoken_AndWakeUpsCollapseIntoOne()
    {
        using var wake = new TimerWakeSignal(_time);

        var sleep = wake.WaitAsync(TimeSpan.FromMinutes(1), Ct);
        wake.Wake();
        var woken = await sleep.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        wake.Wake();
        wake.Wake();
        var again = await wake.WaitAsync(TimeSpan.FromMinutes(1), Ct);
        var third = wake.WaitAsync(TimeSpan.FromMinutes(1), Ct);

        Assert.True(woken);
        Assert.True(again);
        Assert.False(third.IsCompleted);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(await third.WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }

    [Fact]
    public async Task WaitAsync_NoDelay_ReturnsAtOnce_AndACancelledSleepThrows()
    {
        using var wake = new TimerWakeSignal(_time);
        using var stop = new CancellationTokenSource();

        var none = await wake.WaitAsync(TimeSpan.Zero, Ct);
        var sleep = wake.WaitAsync(TimeSpan.FromMinutes(1), stop.Token);
        await stop.CancelAsync();

        Assert.False(none);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sleep.WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }
}
