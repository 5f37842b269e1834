using Taskforge.Engine.Errors;
using Taskforge.Engine.Schedules.Recurrence;
using static Taskforge.Tests.Engine.Schedules.Recurrences;

namespace Taskforge.Tests.Engine.Schedules;

public sealed class CronPatternTests
{
    [Fact]
    public void Parse_FiveFields_RunsInTheZone()
    {
        var recurrence = Cron("15 10 * * *", "Europe/Zurich");

        Assert.Equal(RecurrenceKind.Cron, recurrence.Kind);
        Assert.Equal([At(2024, 1, 10, 10, 15, 0, 1), At(2024, 1, 11, 10, 15, 0, 1)], recurrence.Preview(Utc(2024, 1, 10), 2));
    }

    [Fact]
    public void Parse_SixFields_HaveSecondsFirst()
    {
        var recurrence = Cron("30 */20 * * * *", "UTC");

        Assert.Equal([Utc(2024, 1, 10, 0, 0, 30), Utc(2024, 1, 10, 0, 20, 30)], recurrence.Preview(Utc(2024, 1, 10), 2));
    }

    [Fact]
    public void Parse_KeepsTheExpressionAsWritten()
    {
        var cron = CronPattern.Parse("0  9 * * MON-FRI", "America/New_York");

        Assert.Equal("0  9 * * MON-FRI", cron.Expression);
        Assert.Equal("America/New_York", cron.Zone.Id);
    }

    [Fact]
    public void NextAfter_Cron_FollowsTheSameDstRules()
    {
        var recurrence = Cron("30 2 * * *", "Europe/Zurich");

        Assert.Equal([At(2024, 3, 31, 3, 0, 0, 2), At(2024, 4, 1, 2, 30, 0, 2)], recurrence.Preview(Utc(2024, 3, 31), 2));
        Assert.Equal([At(2024, 10, 27, 2, 30, 0, 2), At(2024, 10, 28, 2, 30, 0, 1)], recurrence.Preview(Utc(2024, 10, 27), 2));
    }

    [Fact]
    public void NextAfter_Cron_RespectsStartAndEnd()
    {
        var recurrence = Cron("0 * * * *", "UTC", start: Utc(2024, 1, 10, 9), end: Utc(2024, 1, 10, 10));

        Assert.Equal([Utc(2024, 1, 10, 9), Utc(2024, 1, 10, 10)], recurrence.Preview(Utc(2024, 1, 1), 5));
    }

    [Theory]
    [InlineData("* * * *", "has 4 fields")]
    [InlineData("0 0 0 * * * *", "has 7 fields")]
    [InlineData("", "has 0 fields")]
    [InlineData("61 * * * *", "is not a valid cron expression")]
    [InlineData("0 0 * * FUNDAY", "is not a valid cron expression")]
    public void Parse_BadExpressions_AreValidationErrors(string expression, string expected)
    {
        var error = Assert.Throws<ValidationException>(() => CronPattern.Parse(expression, "UTC"));

        Assert.Contains(expected, Assert.Single(error.Errors["cron"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData(" ", "is required")]
    [InlineData("Mars/Olympus_Mons", "'Mars/Olympus_Mons' is not a known time zone")]
    public void Parse_TheZoneIsRequiredAndMustExist(string? zone, string expected)
    {
        var error = Assert.Throws<ValidationException>(() => CronPattern.Parse("0 9 * * *", zone));

        Assert.Contains(expected, Assert.Single(error.Errors["time-zone"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReportsExpressionAndZoneTogether_OnTheCallersFields()
    {
        var error = Assert.Throws<ValidationException>(() => CronPattern.Parse("nope", "Nowhere/City", "schedule.cron", "schedule.zone"));

        Assert.Equal(["schedule.cron", "schedule.zone"], error.Errors.Keys.Order());
    }
}
