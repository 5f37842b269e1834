using Taskforge.Engine;

namespace Taskforge.Tests.Engine;

/// <summary>How the run and timer loops carry on after failed rounds (<see cref="Backoff"/>).</summary>
public sealed class BackoffTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(7, 7)]
    [InlineData(30, 30)]
    [InlineData(31, 30)]
    [InlineData(100_000, 30)]
    public void After_PausesASecondPerFailureInARow_AtMost30(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Backoff.After(failures));

    [Fact]
    public void IsLogged_TheFirstFailure_AndEveryTenthAfterIt() =>
        Assert.Equal([1, 11, 21], Enumerable.Range(0, 25).Where(Backoff.IsLogged));
}
