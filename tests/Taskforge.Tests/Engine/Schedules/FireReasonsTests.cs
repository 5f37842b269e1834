using Taskforge.Engine.Schedules;

namespace Taskforge.Tests.Engine.Schedules;

public sealed class FireReasonsTests
{
    private static readonly DateTimeOffset Slot = new(2027, 3, 14, 7, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0.0004, "0 ms")]
    [InlineData(0.35, "350 ms")]
    [InlineData(4.21, "4.2 s")]
    [InlineData(200, "3 min 20 s")]
    [InlineData(7500, "2 h 5 min")]
    [InlineData(3600, "1 h")]
    [InlineData(273600, "3 d 4 h")]
    [InlineData(-2, "-2 s")]
    public void Duration_IsWrittenAsPeopleSayIt(double seconds, string expected) =>
        Assert.Equal(expected, FireReasons.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Describe_ASkippedOverlap_NamesTheRunStillGoing()
    {
        var fire = new ScheduleFire("s", Slot, Slot.AddMilliseconds(5), null, FireOutcome.SkippedOverlap, "n", new FireFacts(ActiveRunId: "r1"));

        Assert.Equal("Not run: run r1 was still going, and overlap policy skip starts no second run.", FireReasons.Describe(fire));
    }

    [Fact]
    public void Describe_ALateFireOfOneSlot_UnderFireAll_SaysHowLate()
    {
        var fire = new ScheduleFire("s", Slot, Slot.AddMinutes(5), "r2", FireOutcome.Started, "n", new FireFacts(Misfire: "fire-all:PT1H"));

        Assert.Equal("Caught up 5 min late: misfire policy fire-all:PT1H started run r2.", FireReasons.Describe(fire));
    }
}
