using Taskforge.Engine.Errors;
using Taskforge.Engine.Schedules.Recurrence;

namespace Taskforge.Tests.Engine.Schedules;

public sealed class RecurrenceCyclesTests
{
    [Theory]
    [InlineData("one-time", RecurrenceCycle.OneTime)]
    [InlineData("ONE_TIME", RecurrenceCycle.OneTime)]
    [InlineData("every-minutes", RecurrenceCycle.EveryMinutes)]
    [InlineData("EVERY_HOURS", RecurrenceCycle.EveryHours)]
    [InlineData("every-hours", RecurrenceCycle.EveryHours)]
    [InlineData("Every_Days", RecurrenceCycle.EveryDays)]
    [InlineData(" every-weeks ", RecurrenceCycle.EveryWeeks)]
    [InlineData("EVERY-MONTHS", RecurrenceCycle.EveryMonths)]
    public void FromWire_AcceptsAnyCaseAndEitherSeparator(string text, RecurrenceCycle expected)
    {
        Assert.Equal(expected, RecurrenceCycles.FromWire(text));
    }

    [Fact]
    public void ToWire_EmitsLowercaseHyphen_AndRoundTrips()
    {
        Assert.Equal(
            ["one-time", "every-minutes", "every-hours", "every-days", "every-weeks", "every-months"],
            Enum.GetValues<RecurrenceCycle>().Select(RecurrenceCycles.ToWire));
        Assert.All(Enum.GetValues<RecurrenceCycle>(), c => Assert.Equal(c, RecurrenceCycles.FromWire(RecurrenceCycles.ToWire(c))));
    }

    [Theory]
    [InlineData("hourly")]
    [InlineData("every hours")]
    [InlineData("")]
    [InlineData(null)]
    public void FromWire_RejectsUnknownNames_OnTheField(string? text)
    {
        var error = Assert.Throws<ValidationException>(() => RecurrenceCycles.FromWire(text));

        var problem = Assert.Single(error.Errors["recurrence-cycle"]);
        Assert.Contains("every-hours", problem, StringComparison.Ordinal);
    }
}
