using System.Globalization;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Schedules.Recurrence;

namespace Taskforge.Tests.Engine.Schedules;

public sealed class RecurrencePatternReaderTests
{
    [Theory]
    [InlineData(RecurrenceCycle.EveryMinutes, "(Europe/Zurich) 30,", "00:00:30")]
    [InlineData(RecurrenceCycle.EveryMinutes, "(Europe/Zurich) 5,45", "00:00:05|00:00:45")]
    [InlineData(RecurrenceCycle.EveryHours, "(Europe/Zurich) 10:00,", "00:10:00")]
    [InlineData(RecurrenceCycle.EveryHours, "(Europe/Zurich) 5:7,59:59,", "00:05:07|00:59:59")]
    [InlineData(RecurrenceCycle.EveryDays, "(Europe/Zurich) 01:00:00,19:30:00,", "01:00:00|19:30:00")]
    [InlineData(RecurrenceCycle.EveryDays, "(Europe/Zurich) 7:05,", "07:05:00")]
    public void Read_TheTimeForms_GiveSortedEntries(RecurrenceCycle cycle, string text, string expected)
    {
        var pattern = RecurrencePatternReader.Read(text, cycle);

        Assert.Equal(expected, string.Join('|', pattern.Entries.Select(e => e.Time.ToString("HH:mm:ss", CultureInfo.InvariantCulture))));
        Assert.Equal("Europe/Zurich", pattern.Zone.Id);
        Assert.True(pattern.NamesZone);
    }

    [Fact]
    public void Read_EveryWeeks_AcceptsFullNamesAbbreviationsAndAnyCase()
    {
        var pattern = RecurrencePatternReader.Read("(Europe/Zurich) Monday 02:00:00,FRIDAY 22:00:00,sun 7:30,Wed 1:2:3,", RecurrenceCycle.EveryWeeks);

        Assert.Equal(
            [(DayOfWeek.Sunday, new TimeOnly(7, 30)), (DayOfWeek.Monday, new TimeOnly(2, 0)), (DayOfWeek.Wednesday, new TimeOnly(1, 2, 3)), (DayOfWeek.Friday, new TimeOnly(22, 0))],
            pattern.Entries.Select(e => (e.Weekday!.Value, e.Time)));
    }

    [Fact]
    public void Read_EveryMonths_ReadsDayAndTime_IncludingDaysShortMonthsLack()
    {
        var pattern = RecurrencePatternReader.Read("(Europe/Zurich) 01 00:00:00,12 00:00:00,31 23:59:59,", RecurrenceCycle.EveryMonths);

        Assert.Equal([(1, new TimeOnly(0, 0)), (12, new TimeOnly(0, 0)), (31, new TimeOnly(23, 59, 59))], pattern.Entries.Select(e => (e.DayOfMonth!.Value, e.Time)));
    }

    [Theory]
    [InlineData("(Europe/Zurich) ")]
    [InlineData("(Europe/Zurich)")]
    [InlineData("")]
    [InlineData("(Europe/Zurich) ,")]
    public void Read_OneTime_TakesOnlyAZone(string text)
    {
        var pattern = RecurrencePatternReader.Read(text, RecurrenceCycle.OneTime);

        Assert.Empty(pattern.Entries);
    }

    [Fact]
    public void Read_WithoutZone_UsesTheConfiguredDefault_OrUtc()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        var configured = RecurrencePatternReader.Read("15:15", RecurrenceCycle.EveryHours, newYork);
        var plain = RecurrencePatternReader.Read("15:15", RecurrenceCycle.EveryHours);

        Assert.Equal(newYork, configured.Zone);
        Assert.False(configured.NamesZone);
        Assert.Equal(TimeZoneInfo.Utc, plain.Zone);
    }

    [Theory]
    [InlineData("(Europe/Zurich) 01:00:00,19:30:00,")]
    [InlineData("  (Europe/Zurich)   19:30:00 , 01:00:00")]
    [InlineData("19:30:00,19:30:00,")]
    public void Read_KeepsTheTextByteForByte(string text)
    {
        Assert.Equal(text, RecurrencePatternReader.Read(text, RecurrenceCycle.EveryDays).Text);
    }

    [Fact]
    public void Read_DuplicateEntries_CountOnce()
    {
        Assert.Single(RecurrencePatternReader.Read("10:00,10:00,", RecurrenceCycle.EveryHours).Entries);
    }

    [Theory]
    [InlineData(RecurrenceCycle.EveryMinutes, "(UTC) 30,60,", "entry 2 '60': the second 60 is out of range")]
    [InlineData(RecurrenceCycle.EveryMinutes, "(UTC) 10:30,", "entry 1 '10:30' is not a second of the minute (ss)")]
    [InlineData(RecurrenceCycle.EveryHours, "(UTC) 15:00,1500,", "entry 2 '1500' is not minutes and seconds past the hour (mm:ss)")]
    [InlineData(RecurrenceCycle.EveryHours, "(UTC) 60:00", "entry 1 '60:00': the minute 60 is out of range")]
    [InlineData(RecurrenceCycle.EveryDays, "(UTC) 01:00:00,24:00:00,", "entry 2 '24:00:00': the hour 24 is out of range")]
    [InlineData(RecurrenceCycle.EveryDays, "(UTC) 123:00:00", "entry 1 '123:00:00' is not a time of day (HH:mm:ss)")]
    [InlineData(RecurrenceCycle.EveryDays, "(UTC) 10:00:00,,11:00:00", "entry 2 is empty")]
    [InlineData(RecurrenceCycle.EveryWeeks, "(UTC) Funday 02:00:00,", "entry 1 'Funday 02:00:00': 'Funday' is not a day of the week")]
    [InlineData(RecurrenceCycle.EveryWeeks, "(UTC) Monday,", "entry 1 'Monday' is not a day and a time")]
    [InlineData(RecurrenceCycle.EveryWeeks, "(UTC) Mon 02:00:61", "entry 1 'Mon 02:00:61': the second 61 is out of range")]
    [InlineData(RecurrenceCycle.EveryMonths, "(UTC) 00 10:00:00,", "entry 1 '00 10:00:00': the day of the month 0 is out of range")]
    [InlineData(RecurrenceCycle.EveryMonths, "(UTC) 01 00:00:00,32 00:00:00,", "entry 2 '32 00:00:00': the day of the month 32 is out of range")]
    [InlineData(RecurrenceCycle.EveryMonths, "(UTC) 001 10:00:00,", "entry 1 '001 10:00:00' is not a day of the month and a time")]
    [InlineData(RecurrenceCycle.EveryDays, "(UTC) ", "has no entries; every-days needs at least one")]
    [InlineData(RecurrenceCycle.EveryDays, "(UTC) ,", "has no entries")]
    [InlineData(RecurrenceCycle.OneTime, "(UTC) 10:00:00,", "a one-time schedule fires at its start date")]
    [InlineData(RecurrenceCycle.EveryDays, "(UTC 10:00:00,", "the time zone prefix is not closed")]
    [InlineData(RecurrenceCycle.EveryDays, "() 10:00:00,", "names no zone")]
    [InlineData(RecurrenceCycle.EveryDays, "(Mars/Olympus_Mons) 10:00:00,", "'Mars/Olympus_Mons' is not a known time zone")]
    public void Read_BadPatterns_NameTheEntryAndTheReason(RecurrenceCycle cycle, string text, string expected)
    {
        var error = Assert.Throws<ValidationException>(() => RecurrencePatternReader.Read(text, cycle));

        var problems = error.Errors["recurrence-pattern"];
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_ReportsEveryBadEntryAtOnce()
    {
        var error = Assert.Throws<ValidationException>(() =>
            RecurrencePatternReader.Read("(Nowhere/City) 25:00:00,10:00:00,xx,", RecurrenceCycle.EveryDays));

        var problems = error.Errors["recurrence-pattern"];
        Assert.Equal(3, problems.Length);
        Assert.Contains("Nowhere/City", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("entry 1 '25:00:00'", problems[1], StringComparison.Ordinal);
        Assert.StartsWith("entry 3 'xx'", problems[2], StringComparison.Ordinal);
    }
}
