using System.Globalization;

namespace Taskforge.Engine.HumanTasks;

/// <summary>Reads ISO 8601 durations: <c>P[nY][nM][nW][nD][T[nH][nM][n[.f]S]]</c>, designators in that order, each once.</summary>
internal static class IsoDurationScanner
{
    private const string Order = "YMWDHMS";

    /// <summary>Returns null and the parts, or an error naming the 1-based position.</summary>
    public static string? Scan(string text, out DurationParts parts)
    {
        parts = default;
        var inTime = false;
        var last = -1;
        var any = false;
        var i = 1;
        while (i < text.Length)
        {
            if (text[i] is 'T' or 't')
            {
                if (inTime)
                {
                    return $"'T' appears twice (position {i + 1}).";
                }

                inTime = true;
                i++;
                if (i == text.Length)
                {
                    return "'T' must be followed by hours, minutes or seconds (PT4H).";
                }

                continue;
            }

            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is '.' or ','))
            {
                i++;
            }

            if (i == start)
            {
                return $"expected a number at position {i + 1}, found '{text[i]}'.";
            }

            if (i == text.Length)
            {
                return $"the number at position {start + 1} needs a designator (Y, M, W, D; after T: H, M, S).";
            }

            var designator = char.ToUpperInvariant(text[i]);
            var index = inTime ? Order.IndexOf(designator, 4) : Order.IndexOf(designator, StringComparison.Ordinal);
            if (index < 0 || (!inTime && index >= 4))
            {
                return inTime || designator is not ('H' or 'S')
                    ? $"'{text[i]}' at position {i + 1} is not a designator here; use Y, M, W, D before T and H, M, S after it."
                    : $"'{text[i]}' at position {i + 1} belongs after T (PT{text[start..i]}{designator}).";
            }

            if (index <= last)
            {
                return $"'{text[i]}' at position {i + 1} is repeated or out of order; the order is P nY nM nW nD T nH nM nS.";
            }

            var error = Add(ref parts, index, text[start..i].Replace(',', '.'), start);
            if (error is not null)
            {
                return error;
            }

            last = index;
            any = true;
            i++;
        }

        return any ? null : "a duration needs at least one component, e.g. P2D or PT30M.";
    }

    private static string? Add(ref DurationParts parts, int index, string number, int start)
    {
        var isSeconds = index == 6;
        if (!isSeconds && number.Contains('.', StringComparison.Ordinal))
        {
            return $"only seconds may have a fraction (position {start + 1}).";
        }

        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value > long.MaxValue)
        {
            return $"'{number}' at position {start + 1} is not a number a duration can hold.";
        }

        var whole = (long)Math.Min(value, DurationParts.Cap);
        switch (index)
        {
            case 0: parts.Years = whole; break;
            case 1: parts.Months = whole; break;
            case 2: parts.Days += whole * 7; break;
            case 3: parts.Days += whole; break;
            case 4: parts.Seconds += value * 3600; break;
            case 5: parts.Seconds += value * 60; break;
            default: parts.Seconds += value; break;
        }

        return null;
    }
}
