using System.Globalization;

namespace Taskforge.Engine.HumanTasks;

/// <summary>
/// Reads IBM "simple calendar" durations: whole numbers each followed by a unit, in any order, units once each,
/// singular or plural, any case, spaces optional (<c>5days</c>, <c>2 hours 30 minutes</c>, <c>1week</c>). IBM documents
/// single units; how combinations are written is a gap in the sources (ibm-bpm-htm.md §1), so blanks are the separator.
/// </summary>
internal static class SimpleCalendarScanner
{
    private const string Units = "seconds, minutes, hours, days, weeks, months, years";

    public static string? Scan(string text, out DurationParts parts)
    {
        parts = default;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start)
            {
                return $"expected a number at position {i + 1}, found '{text[i]}'.";
            }

            if (!long.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return $"the number at position {start + 1} is too large.";
            }

            i = SkipBlanks(text, i);
            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            if (i == unitStart)
            {
                return i < text.Length && text[i] is '.' or ','
                    ? $"only whole numbers are allowed (position {i + 1}); write 90minutes instead of 1.5hours."
                    : $"the number at position {start + 1} needs a unit ({Units}).";
            }

            var unit = Unit(text[unitStart..i]);
            if (unit is null)
            {
                return $"'{text[unitStart..i]}' at position {unitStart + 1} is not a unit; use {Units}.";
            }

            if (!seen.Add(unit))
            {
                return $"'{unit}' appears twice (position {unitStart + 1}).";
            }

            Add(ref parts, unit, value);
            i = SkipBlanks(text, i);
        }

        return null;
    }

    private static int SkipBlanks(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static string? Unit(string word) => word.ToUpperInvariant() switch
    {
        "SECOND" or "SECONDS" => "seconds",
        "MINUTE" or "MINUTES" => "minutes",
        "HOUR" or "HOURS" => "hours",
        "DAY" or "DAYS" => "days",
        "WEEK" or "WEEKS" => "weeks",
        "MONTH" or "MONTHS" => "months",
        "YEAR" or "YEARS" => "years",
        _ => null,
    };

    private static void Add(ref DurationParts parts, string unit, long value)
    {
        var big = Math.Min(value, DurationParts.Cap);
        switch (unit)
        {
            case "seconds": parts.Seconds += big; break;
            case "minutes": parts.Seconds += big * 60m; break;
            case "hours": parts.Seconds += big * 3600m; break;
            case "days": parts.Days += big; break;
            case "weeks": parts.Days += big * 7; break;
            case "months": parts.Months = big; break;
            default: parts.Years = big; break;
        }
    }
}
