using System.Globalization;
using System.Text.RegularExpressions;
using Taskforge.Engine.Errors;

namespace Taskforge.Engine.Schedules.Recurrence;

/// <summary>
/// Reads vRO's <c>recurrence-pattern</c>: <c>["(" zone ") "] entry ("," entry)* [","]</c>, the entry form set by the
/// cycle (reference/vro.md §5.2, DESIGN.md "Pattern grammar"). Every problem is reported at once, each naming its entry.
/// </summary>
public static partial class RecurrencePatternReader
{
    private const string Field = "recurrence-pattern";

    private static readonly string[] DayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    [GeneratedRegex(@"^([0-9]{1,2})$", RegexOptions.CultureInvariant)]
    private static partial Regex SecondForm();

    [GeneratedRegex(@"^([0-9]{1,2}):([0-9]{1,2})$", RegexOptions.CultureInvariant)]
    private static partial Regex MinuteSecondForm();

    [GeneratedRegex(@"^([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimeForm();

    [GeneratedRegex(@"^([A-Za-z]+)\s+([0-9:]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex WeekdayForm();

    [GeneratedRegex(@"^([0-9]{1,2})\s+([0-9:]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex MonthDayForm();

    /// <summary>
    /// Parses <paramref name="text"/> for <paramref name="cycle"/>. Without a zone prefix the pattern is in
    /// <paramref name="defaultZone"/> (the server's configured zone; UTC when null).
    /// </summary>
    /// <exception cref="ValidationException">On <c>recurrence-pattern</c>, one message per problem.</exception>
    public static RecurrencePattern Read(string? text, RecurrenceCycle cycle, TimeZoneInfo? defaultZone = null)
    {
        text ??= "";
        var errors = new ValidationErrors();
        var (zone, namesZone, rest) = ZonePrefix(text, defaultZone ?? TimeZoneInfo.Utc, errors);
        var pieces = rest.Split(',').Select(p => p.Trim()).ToList();
        if (pieces.Count > 1 && pieces[^1].Length == 0)
        {
            pieces.RemoveAt(pieces.Count - 1); // vRO writes a trailing comma after the last entry.
        }

        var entries = new SortedSet<PatternEntry>(Comparer<PatternEntry>.Create(Compare));
        if (cycle == RecurrenceCycle.OneTime)
        {
            if (pieces.Any(p => p.Length > 0))
            {
                errors.Add(Field, $"a one-time schedule fires at its start date, so its pattern names only a time zone, e.g. '(Europe/Zurich) '; remove '{rest.Trim()}'.");
            }
        }
        else if (pieces.Count == 1 && pieces[0].Length == 0)
        {
            errors.Add(Field, $"has no entries; {RecurrenceCycles.ToWire(cycle)} needs at least one, e.g. '{Example(cycle)}'.");
        }
        else
        {
            for (var i = 0; i < pieces.Count; i++)
            {
                if (Entry(cycle, i + 1, pieces[i], errors) is { } entry)
                {
                    entries.Add(entry);
                }
            }
        }

        errors.ThrowIfAny();
        return new RecurrencePattern(text, cycle, zone, namesZone, [.. entries]);
    }

    private static (TimeZoneInfo Zone, bool NamesZone, string Remainder) ZonePrefix(string text, TimeZoneInfo defaultZone, ValidationErrors errors)
    {
        var trimmed = text.TrimStart();
        if (!trimmed.StartsWith('('))
        {
            return (defaultZone, false, text);
        }

        var close = trimmed.IndexOf(')', StringComparison.Ordinal);
        if (close < 0)
        {
            errors.Add(Field, "the time zone prefix is not closed; write it as '(Europe/Zurich) ' before the entries.");
            return (defaultZone, false, "");
        }

        var id = trimmed[1..close].Trim();
        var rest = trimmed[(close + 1)..];
        if (id.Length == 0)
        {
            errors.Add(Field, "the time zone prefix '()' names no zone; write an IANA name such as '(Europe/Zurich) ', or leave the prefix out.");
        }
        else if (!TimeZones.TryFind(id, out var zone))
        {
            errors.Add(Field, $"'{id}' is not a known time zone; use an IANA name such as Europe/Zurich or America/New_York.");
        }
        else
        {
            return (zone, true, rest);
        }

        return (defaultZone, false, rest);
    }

    private static PatternEntry? Entry(RecurrenceCycle cycle, int number, string piece, ValidationErrors errors)
    {
        var where = $"entry {number}";
        if (piece.Length == 0)
        {
            errors.Add(Field, $"{where} is empty; only the last entry may be followed by a comma.");
            return null;
        }

        where = $"entry {number} '{piece}'";
        switch (cycle)
        {
            case RecurrenceCycle.EveryMinutes when SecondForm().Match(piece) is { Success: true } m:
                return Number(m.Groups[1].Value, "second", 0, 59, where, errors) is { } second ? new PatternEntry(new TimeOnly(0, 0, second)) : null;
            case RecurrenceCycle.EveryHours when MinuteSecondForm().Match(piece) is { Success: true } m:
                var minute = Number(m.Groups[1].Value, "minute", 0, 59, where, errors);
                var seconds = Number(m.Groups[2].Value, "second", 0, 59, where, errors);
                return minute is { } mm && seconds is { } ss ? new PatternEntry(new TimeOnly(0, mm, ss)) : null;
            case RecurrenceCycle.EveryDays when TimeForm().IsMatch(piece):
                return TimeOfDay(piece, where, errors) is { } time ? new PatternEntry(time) : null;
            case RecurrenceCycle.EveryWeeks when WeekdayForm().Match(piece) is { Success: true } m:
                var day = Weekday(m.Groups[1].Value, where, errors);
                var at = TimeOfDay(m.Groups[2].Value, where, errors);
                return day is { } d && at is { } t ? new PatternEntry(t, Weekday: d) : null;
            case RecurrenceCycle.EveryMonths when MonthDayForm().Match(piece) is { Success: true } m:
                // 29, 30 and 31 are accepted; a month without that day is skipped (DESIGN.md "Pattern grammar").
                var dayOfMonth = Number(m.Groups[1].Value, "day of the month", 1, 31, where, errors);
                var clock = TimeOfDay(m.Groups[2].Value, where, errors);
                return dayOfMonth is { } dd && clock is { } c ? new PatternEntry(c, DayOfMonth: dd) : null;
            default:
                errors.Add(Field, $"{where} is not {Form(cycle)}, e.g. '{Example(cycle)}'.");
                return null;
        }
    }

    private static TimeOnly? TimeOfDay(string text, string where, ValidationErrors errors)
    {
        var m = TimeForm().Match(text);
        if (!m.Success)
        {
            errors.Add(Field, $"{where}: '{text}' is not a time of day HH:mm:ss (or HH:mm).");
            return null;
        }

        var hour = Number(m.Groups[1].Value, "hour", 0, 23, where, errors);
        var minute = Number(m.Groups[2].Value, "minute", 0, 59, where, errors);
        var second = m.Groups[3].Success ? Number(m.Groups[3].Value, "second", 0, 59, where, errors) : 0;
        return hour is { } h && minute is { } mm && second is { } s ? new TimeOnly(h, mm, s) : null;
    }

    private static DayOfWeek? Weekday(string name, string where, ValidationErrors errors)
    {
        for (var i = 0; i < DayNames.Length; i++)
        {
            if (string.Equals(name, DayNames[i], StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, DayNames[i][..3], StringComparison.OrdinalIgnoreCase))
            {
                return (DayOfWeek)i;
            }
        }

        errors.Add(Field, $"{where}: '{name}' is not a day of the week; use English names (Monday to Sunday) or their first three letters (Mon to Sun).");
        return null;
    }

    private static int? Number(string digits, string what, int min, int max, string where, ValidationErrors errors)
    {
        var value = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        if (value >= min && value <= max)
        {
            return value;
        }

        errors.Add(Field, $"{where}: the {what} {value} is out of range; it must be {min} to {max}.");
        return null;
    }

    private static string Form(RecurrenceCycle cycle) => cycle switch
    {
        RecurrenceCycle.EveryMinutes => "a second of the minute (ss) as every-minutes needs",
        RecurrenceCycle.EveryHours => "minutes and seconds past the hour (mm:ss) as every-hours needs",
        RecurrenceCycle.EveryDays => "a time of day (HH:mm:ss) as every-days needs",
        RecurrenceCycle.EveryWeeks => "a day and a time (Monday 02:00:00) as every-weeks needs",
        _ => "a day of the month and a time (dd HH:mm:ss) as every-months needs",
    };

    private static string Example(RecurrenceCycle cycle) => cycle switch
    {
        RecurrenceCycle.EveryMinutes => "30",
        RecurrenceCycle.EveryHours => "15:00",
        RecurrenceCycle.EveryDays => "19:30:00",
        RecurrenceCycle.EveryWeeks => "Monday 02:00:00",
        _ => "01 00:00:00",
    };

    private static int Compare(PatternEntry a, PatternEntry b)
    {
        var byDay = (a.DayOfMonth ?? 0).CompareTo(b.DayOfMonth ?? 0);
        var byWeekday = ((int?)a.Weekday ?? 0).CompareTo((int?)b.Weekday ?? 0);
        return byDay != 0 ? byDay : byWeekday != 0 ? byWeekday : a.Time.CompareTo(b.Time);
    }
}
