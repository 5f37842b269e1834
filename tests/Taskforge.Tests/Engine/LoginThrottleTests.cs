using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Taskforge.Engine.Identity;

namespace Taskforge.Tests.Engine;

public sealed class LoginThrottleTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly LoginThrottle _throttle;

    public LoginThrottleTests()
    {
        _throttle = new LoginThrottle(_time, Options.Create(new IdentityOptions
        {
            FreeFailuresPerUser = 3,
            FreeFailuresPerAddress = 10,
            MaxUserBlock = TimeSpan.FromMinutes(5),
            FailureMemory = TimeSpan.FromMinutes(15),
        }));
    }

    [Theory]
    [InlineData(3, 0)]
    [InlineData(4, 1)]
    [InlineData(5, 2)]
    [InlineData(6, 4)]
    [InlineData(12, 256)]
    [InlineData(40, 300)]
    public void BlockAfter_DoublesThenCaps(int failures, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), LoginThrottle.BlockAfter(failures, 3, TimeSpan.FromMinutes(5)));

    [Fact]
    public void RetryAfter_IsNull_ForTheFreeFailures()
    {
        for (var i = 0; i < 3; i++)
        {
            _throttle.RecordFailure("alice", "10.0.0.1");
        }

        Assert.Null(_throttle.RetryAfter("alice", "10.0.0.1"));
    }

    [Fact]
    public void RetryAfter_BlocksTheUserFromAnyAddress_ThenLetsThemTryAgain()
    {
        for (var i = 0; i < 5; i++)
        {
            _throttle.RecordFailure("alice", "10.0.0." + i);
        }

        Assert.Equal(TimeSpan.FromSeconds(2), _throttle.RetryAfter("alice", "192.0.2.7"));
        Assert.Null(_throttle.RetryAfter("bob", "192.0.2.7"));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(_throttle.RetryAfter("alice", "192.0.2.7"));
    }

    [Fact]
    public void RetryAfter_NeverExceedsTheCap_SoTheRealUserIsNotLockedOutForever()
    {
        for (var i = 0; i < 1000; i++)
        {
            _throttle.RecordFailure("alice", null);
        }

        Assert.Equal(TimeSpan.FromMinutes(5), _throttle.RetryAfter("alice", null));
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(_throttle.RetryAfter("alice", null));
    }

    [Fact]
    public void RecordSuccess_ClearsTheUsersFailures()
    {
        for (var i = 0; i < 3; i++)
        {
            _throttle.RecordFailure("alice", null);
        }

        _throttle.RecordSuccess("alice");
        _throttle.RecordFailure("alice", null);

        Assert.Null(_throttle.RetryAfter("alice", null));
    }

    [Fact]
    public void RetryAfter_BlocksAnAddress_ThatGuessesManyNames()
    {
        for (var i = 0; i < 11; i++)
        {
            _throttle.RecordFailure("user" + i, "203.0.113.9");
        }

        Assert.NotNull(_throttle.RetryAfter("someone-new", "203.0.113.9"));
        Assert.Null(_throttle.RetryAfter("someone-new", "203.0.113.10"));
    }

    [Fact]
    public void Failures_AreForgotten_AfterAQuietPeriod()
    {
        for (var i = 0; i < 3; i++)
        {
            _throttle.RecordFailure("alice", null);
        }

        _time.Advance(TimeSpan.FromMinutes(16));
        _throttle.RecordFailure("alice", null);

        Assert.Null(_throttle.RetryAfter("alice", null));
    }
}
