using Taskforge.Engine.Schedules.Recurrence;
using static Taskforge.Tests.Engine.Schedules.Recurrences;

namespace Taskforge.Tests.Engine.Schedules;

public sealed class RecurrenceRuleTests
{
    [Fact]
    public void NextAfter_EveryMinutes_FiresAtTheSecondOfEachMinute()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryMinutes, "(Europe/Zurich) 0,30,");

        var fires = recurrence.Preview(Utc(2024, 1, 10, 9, 0, 10), 4);

        Assert.Equal([Utc(2024, 1, 10, 9, 0, 30), Utc(2024, 1, 10, 9, 1, 0), Utc(2024, 1, 10, 9, 1, 30), Utc(2024, 1, 10, 9, 2, 0)], fires);
    }

    [Fact]
    public void NextAfter_EveryHours_FiresAtMinutesAndSecondsPastEachHour()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryHours, "(Europe/Zurich) 15:00,");

        var fires = recurrence.Preview(Utc(2024, 1, 10, 9, 20), 2);

        Assert.Equal([At(2024, 1, 10, 11, 15, 0, 1), At(2024, 1, 10, 12, 15, 0, 1)], fires);
    }

    [Fact]
    public void NextAfter_EveryHours_InAHalfHourZone_UsesTheLocalHour()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryHours, "(Asia/Kolkata) 00:00,");

        Assert.Equal(At(2024, 5, 1, 11, 0, 0, 5.5), recurrence.NextAfter(At(2024, 5, 1, 10, 0, 0, 5.5)));
        Assert.Equal(Utc(2024, 5, 1, 5, 30), recurrence.NextAfter(Utc(2024, 5, 1, 5, 0)));
    }

    [Fact]
    public void NextAfter_EveryDays_FiresAtEachTimeOfDay()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryDays, "(America/New_York) 01:00:00,19:30:00,");

        var fires = recurrence.Preview(Utc(2024, 1, 10, 12), 3);

        Assert.Equal([At(2024, 1, 10, 19, 30, 0, -5), At(2024, 1, 11, 1, 0, 0, -5), At(2024, 1, 11, 19, 30, 0, -5)], fires);
    }

    [Fact]
    public void NextAfter_EveryWeeks_FiresOnTheNamedDays()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryWeeks, "(Europe/Zurich) Monday 02:00:00,fri 22:00,");

        var fires = recurrence.Preview(Utc(2024, 1, 10), 3); // a Wednesday

        Assert.Equal([At(2024, 1, 12, 22, 0, 0, 1), At(2024, 1, 15, 2, 0, 0, 1), At(2024, 1, 19, 22, 0, 0, 1)], fires);
    }

    [Fact]
    public void NextAfter_EveryMonths_SkipsMonthsWithoutTheDay()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryMonths, "(UTC) 31 12:00:00,");

        var fires = recurrence.Preview(Utc(2023, 1, 1), 7);

        Assert.Equal(
            [Utc(2023, 1, 31, 12), Utc(2023, 3, 31, 12), Utc(2023, 5, 31, 12), Utc(2023, 7, 31, 12), Utc(2023, 8, 31, 12), Utc(2023, 10, 31, 12), Utc(2023, 12, 31, 12)],
            fires);
    }

    [Fact]
    public void NextAfter_EveryMonths_The29th_FiresInFebruaryOnlyInLeapYears()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryMonths, "(Europe/Zurich) 29 08:00:00,");

        var fires = recurrence.Preview(Utc(2023, 1, 1), 14).Select(f => f.ToOffset(TimeSpan.FromHours(1)).Date).Where(d => d.Month <= 3).ToList();

        Assert.Equal([new DateTime(2023, 1, 29), new DateTime(2023, 3, 29), new DateTime(2024, 1, 29), new DateTime(2024, 2, 29), new DateTime(2024, 3, 29)], fires);
    }

    [Fact]
    public void NextAfter_EveryMonths_SeveralDays_InOrder()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryMonths, "(Europe/Zurich) 01 00:00:00,12 00:00:00,");

        var fires = recurrence.Preview(Utc(2050, 1, 6, 5, 2), 3);

        Assert.Equal([At(2050, 1, 12, 0, 0, 0, 1), At(2050, 2, 1, 0, 0, 0, 1), At(2050, 2, 12, 0, 0, 0, 1)], fires);
    }

    [Fact]
    public void NextAfter_WithoutZone_UsesTheDefaultZone()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryDays, "09:00:00,", defaultZone: Zone("America/New_York"));

        Assert.Equal(Utc(2024, 1, 10, 14), recurrence.NextAfter(Utc(2024, 1, 10, 12)));
    }

    [Fact]
    public void NextAfter_ReturnsUtc_StrictlyAfterTheInstant()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryDays, "(Europe/Zurich) 10:00:00,");
        var fire = Utc(2024, 1, 10, 9);

        var next = recurrence.NextAfter(fire);

        Assert.Equal(Utc(2024, 1, 11, 9), next);
        Assert.Equal(TimeSpan.Zero, next!.Value.Offset);
        Assert.Equal(fire, recurrence.NextAfter(fire.AddTicks(-1)));
        Assert.Equal(fire, recurrence.NextAfter(fire.ToOffset(TimeSpan.FromHours(1)).AddTicks(-1)));
    }

    [Fact]
    public void NextAfter_NeverBeforeStart_AndAStartOnAnOccurrenceCounts()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryHours, "(UTC) 00:00,", start: Utc(2024, 1, 10, 9));

        Assert.Equal(Utc(2024, 1, 10, 9), recurrence.NextAfter(Utc(2020, 1, 1)));
        Assert.Equal(Utc(2024, 1, 10, 10), recurrence.NextAfter(Utc(2024, 1, 10, 9)));
    }

    [Fact]
    public void NextAfter_NeverAfterEnd_AndAnOccurrenceOnTheEndCounts()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryHours, "(UTC) 00:00,", start: Utc(2024, 1, 10, 9), end: Utc(2024, 1, 10, 11));

        Assert.Equal([Utc(2024, 1, 10, 9), Utc(2024, 1, 10, 10), Utc(2024, 1, 10, 11)], recurrence.Preview(Utc(2024, 1, 1), 10));
        Assert.Null(recurrence.NextAfter(Utc(2024, 1, 10, 11)));
    }

    [Fact]
    public void NextAfter_EndBeforeStart_HasNoOccurrence()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryMinutes, "(UTC) 0,", start: Utc(2024, 1, 10), end: Utc(2024, 1, 9));

        Assert.Null(recurrence.NextAfter(Utc(2020, 1, 1)));
        Assert.Empty(recurrence.Preview(Utc(2020, 1, 1), 5));
    }

    [Fact]
    public void NextAfter_OneTime_IsTheStartOnly()
    {
        var start = At(2050, 1, 6, 6, 2, 0, 1);
        var recurrence = Pattern(RecurrenceCycle.OneTime, "(Europe/Zurich) ", start: start);

        Assert.True(recurrence.IsOneTime);
        Assert.Equal(Utc(2050, 1, 6, 5, 2), recurrence.NextAfter(Utc(2024, 1, 1)));
        Assert.Null(recurrence.NextAfter(start));
        Assert.Equal([start], recurrence.Preview(Utc(2024, 1, 1), 3));
    }

    [Fact]
    public void NextAfter_OneTime_AfterItsEnd_HasNoOccurrence()
    {
        var recurrence = Pattern(RecurrenceCycle.OneTime, "", start: Utc(2050, 1, 6), end: Utc(2049, 1, 1));

        Assert.Null(recurrence.NextAfter(Utc(2024, 1, 1)));
    }

    [Fact]
    public void LastBefore_FindsTheLatestOccurrence_EvenDecadesAfterTheStart()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryMinutes, "(Europe/Zurich) 30,", start: Utc(1985, 1, 6, 5, 2));

        Assert.Equal(Utc(2026, 3, 1, 11, 59, 30), recurrence.LastBefore(Utc(2026, 3, 1, 12, 0, 0)));
        Assert.Equal(Utc(2026, 3, 1, 11, 59, 30), recurrence.LastBefore(Utc(2026, 3, 1, 12, 0, 30)));
        Assert.Null(recurrence.LastBefore(Utc(1985, 1, 6, 5, 2, 30)));
    }

    [Fact]
    public void Preview_RejectsANegativeCount_AndTakesZero()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryDays, "(UTC) 10:00,");

        Assert.Empty(recurrence.Preview(Utc(2024, 1, 1), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => recurrence.Preview(Utc(2024, 1, 1), -1));
    }

    [Fact]
    public void FromPattern_KeepsThePatternText()
    {
        const string text = "(Europe/Zurich) Monday 02:00:00,Friday 22:00:00,";

        var recurrence = Pattern(RecurrenceCycle.EveryWeeks, text);

        Assert.Equal(RecurrenceKind.Pattern, recurrence.Kind);
        Assert.Equal(text, recurrence.Pattern!.Text);
        Assert.Equal("Europe/Zurich", recurrence.Zone.Id);
        Assert.Null(recurrence.Cron);
    }
}
