using Taskforge.Engine.Schedules.Recurrence;
using static Taskforge.Tests.Engine.Schedules.Recurrences;

namespace Taskforge.Tests.Engine.Schedules;

/// <summary>
/// DESIGN.md: a time that does not exist fires at the end of the gap; a fixed time that exists twice fires once, at its
/// first occurrence; every-minutes and every-hours fire at every real instant whose clock reading matches.
/// Transitions used: Zurich 2024-03-31 02:00→03:00 and 2024-10-27 03:00→02:00; New York 2024-03-10 02:00→03:00 and
/// 2024-11-03 02:00→01:00; Lord Howe (30 minutes) 2024-04-07 02:00→01:30 and 2024-10-06 02:00→02:30.
/// </summary>
public sealed class RecurrenceDstTests
{
    [Fact]
    public void EveryDays_InTheSpringGap_FiresAtTheGapEnd_Zurich()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryDays, "(Europe/Zurich) 02:30:00,");

        var fires = recurrence.Preview(Utc(2024, 3, 30), 3);

        Assert.Equal([At(2024, 3, 30, 2, 30, 0, 1), At(2024, 3, 31, 3, 0, 0, 2), At(2024, 4, 1, 2, 30, 0, 2)], fires);
    }

    [Fact]
    public void EveryDays_InTheSpringGap_FiresAtTheGapEnd_NewYork()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryDays, "(America/New_York) 02:30:00,");

        var fires = recurrence.Preview(Utc(2024, 3, 9), 3);

        Assert.Equal([At(2024, 3, 9, 2, 30, 0, -5), At(2024, 3, 10, 3, 0, 0, -4), At(2024, 3, 11, 2, 30, 0, -4)], fires);
    }

    [Fact]
    public void EveryDays_AGapTimeAndTheGapEnd_ShareOneFire()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryDays, "(Europe/Zurich) 02:30:00,03:00:00,");

        var fires = recurrence.Preview(Utc(2024, 3, 31), 3);

        Assert.Equal([At(2024, 3, 31, 3, 0, 0, 2), At(2024, 4, 1, 2, 30, 0, 2), At(2024, 4, 1, 3, 0, 0, 2)], fires);
    }

    [Fact]
    public void EveryDays_InTheRepeatedHour_FiresOnce_AtTheFirstOccurrence()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryDays, "(America/New_York) 01:30:00,");

        var fires = recurrence.Preview(Utc(2024, 11, 2, 12), 2);

        Assert.Equal([At(2024, 11, 3, 1, 30, 0, -4), At(2024, 11, 4, 1, 30, 0, -5)], fires);
        Assert.Equal(At(2024, 11, 4, 1, 30, 0, -5), recurrence.NextAfter(At(2024, 11, 3, 1, 15, 0, -5))); // during the second pass
    }

    [Fact]
    public void EveryDays_InTheRepeatedHour_FiresOnce_Zurich()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryDays, "(Europe/Zurich) 02:30:00,");

        Assert.Equal([At(2024, 10, 27, 2, 30, 0, 2), At(2024, 10, 28, 2, 30, 0, 1)], recurrence.Preview(Utc(2024, 10, 26, 12), 2));
    }

    [Fact]
    public void EveryWeeks_KeepsItsWallTime_AcrossTheChange()
    {
        var morning = Pattern(RecurrenceCycle.EveryWeeks, "(Europe/Zurich) Sunday 10:00:00,");
        var night = Pattern(RecurrenceCycle.EveryWeeks, "(Europe/Zurich) SUN 02:30:00,");

        Assert.Equal([Utc(2024, 3, 24, 9), Utc(2024, 3, 31, 8), Utc(2024, 4, 7, 8)], morning.Preview(Utc(2024, 3, 20), 3));
        Assert.Equal([At(2024, 3, 24, 2, 30, 0, 1), At(2024, 3, 31, 3, 0, 0, 2), At(2024, 4, 7, 2, 30, 0, 2)], night.Preview(Utc(2024, 3, 20), 3));
        Assert.Equal([At(2024, 10, 20, 2, 30, 0, 2), At(2024, 10, 27, 2, 30, 0, 2), At(2024, 11, 3, 2, 30, 0, 1)], night.Preview(Utc(2024, 10, 15), 3));
    }

    [Fact]
    public void EveryMonths_InTheRepeatedHour_FiresOnce()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryMonths, "(Europe/Zurich) 27 02:30:00,");

        Assert.Equal([At(2024, 10, 27, 2, 30, 0, 2), At(2024, 11, 27, 2, 30, 0, 1)], recurrence.Preview(Utc(2024, 10, 1), 2));
    }

    [Fact]
    public void EveryHours_OnTheSpringDay_FiresAtTheGapEndForTheMissingHour()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryHours, "(Europe/Zurich) 30:00,");

        var fires = recurrence.Preview(Utc(2024, 3, 30, 23), 4);

        Assert.Equal([At(2024, 3, 31, 0, 30, 0, 1), At(2024, 3, 31, 1, 30, 0, 1), At(2024, 3, 31, 3, 0, 0, 2), At(2024, 3, 31, 3, 30, 0, 2)], fires);
    }

    [Fact]
    public void EveryHours_OnTheAutumnDay_FiresInBothPassesOfTheRepeatedHour()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryHours, "(Europe/Zurich) 30:00,");

        var fires = recurrence.Preview(Utc(2024, 10, 26, 23), 4);

        Assert.Equal([At(2024, 10, 27, 1, 30, 0, 2), At(2024, 10, 27, 2, 30, 0, 2), At(2024, 10, 27, 2, 30, 0, 1), At(2024, 10, 27, 3, 30, 0, 1)], fires);
    }

    [Fact]
    public void EveryHours_OnTheHour_FiresEveryRealHour_AcrossBothChanges()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryHours, "(America/New_York) 00:00,");

        Assert.Equal([Utc(2024, 3, 10, 6), Utc(2024, 3, 10, 7), Utc(2024, 3, 10, 8)], recurrence.Preview(Utc(2024, 3, 10, 5, 30), 3));
        Assert.Equal([Utc(2024, 11, 3, 4), Utc(2024, 11, 3, 5), Utc(2024, 11, 3, 6), Utc(2024, 11, 3, 7)], recurrence.Preview(Utc(2024, 11, 3, 3, 30), 4));
    }

    [Fact]
    public void EveryMinutes_OnTheSpringDay_FiresOnceAtTheGapEnd()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryMinutes, "(Europe/Zurich) 30,");

        var fires = recurrence.Preview(Utc(2024, 3, 31, 0, 59), 3);

        Assert.Equal([At(2024, 3, 31, 1, 59, 30, 1), At(2024, 3, 31, 3, 0, 0, 2), At(2024, 3, 31, 3, 0, 30, 2)], fires);
    }

    [Fact]
    public void EveryMinutes_OnTheAutumnDay_RepeatsTheRepeatedHour()
    {
        var recurrence = Pattern(RecurrenceCycle.EveryMinutes, "(Europe/Zurich) 30,");

        var fires = recurrence.Preview(Utc(2024, 10, 27, 0, 59), 3);

        Assert.Equal([At(2024, 10, 27, 2, 59, 30, 2), At(2024, 10, 27, 2, 0, 30, 1), At(2024, 10, 27, 2, 1, 30, 1)], fires);
    }

    [Fact]
    public void LordHowe_HalfHourGap_FiresAtTheGapEnd()
    {
        var daily = Pattern(RecurrenceCycle.EveryDays, "(Australia/Lord_Howe) 02:15:00,");
        var hourly = Pattern(RecurrenceCycle.EveryHours, "(Australia/Lord_Howe) 15:00,");

        Assert.Equal(At(2024, 10, 6, 2, 30, 0, 11), daily.NextAfter(Utc(2024, 10, 5)));
        Assert.Equal([At(2024, 10, 6, 1, 15, 0, 10.5), At(2024, 10, 6, 2, 30, 0, 11), At(2024, 10, 6, 3, 15, 0, 11)], hourly.Preview(Utc(2024, 10, 5, 14), 3));
    }

    [Fact]
    public void LordHowe_HalfHourRepeat_HourlyTwice_DailyOnce()
    {
        var daily = Pattern(RecurrenceCycle.EveryDays, "(Australia/Lord_Howe) 01:45:00,");
        var hourly = Pattern(RecurrenceCycle.EveryHours, "(Australia/Lord_Howe) 45:00,");

        Assert.Equal([At(2024, 4, 7, 1, 45, 0, 11), At(2024, 4, 8, 1, 45, 0, 10.5)], daily.Preview(Utc(2024, 4, 6), 2));
        Assert.Equal(
            [At(2024, 4, 7, 0, 45, 0, 11), At(2024, 4, 7, 1, 45, 0, 11), At(2024, 4, 7, 1, 45, 0, 10.5), At(2024, 4, 7, 2, 45, 0, 10.5)],
            hourly.Preview(Utc(2024, 4, 6, 13), 4));
    }

    [Fact]
    public void Chatham_GapAtQuarterToThree_FiresAtTheGapEnd()
    {
        // Pacific/Chatham springs from 02:45 (+12:45) to 03:45 (+13:45) on 2024-09-29.
        var recurrence = Pattern(RecurrenceCycle.EveryDays, "(Pacific/Chatham) 03:00:00,");

        Assert.Equal(At(2024, 9, 29, 3, 45, 0, 13.75), recurrence.NextAfter(Utc(2024, 9, 28)));
    }
}
