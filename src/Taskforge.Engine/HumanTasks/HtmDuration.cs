using System.Diagnostics.CodeAnalysis;
using Taskforge.Engine.Errors;

namespace Taskforge.Engine.HumanTasks;

/// <summary>
/// A task-model duration (<c>durationUntilDue</c>, <c>…Expires</c>, <c>…Deleted</c>, escalation durations). IBM accepts
/// calendar strings (the default "simple" calendar: <c>5days</c>, <c>2hours 30minutes</c>) where REST documents ISO 8601
/// (<c>P14D</c>), plus the constants <c>DURATION_INFINITE</c>, <c>DURATION_IMMEDIATE</c>, <c>DURATION_ZERO</c> and
/// <c>DURATION_NOT_USED</c> (ibm-bpm-htm.md §1 "Durations"), so both forms are read. <see cref="Text"/> keeps the
/// string as written, because IBM echoes durations back as the client set them.
/// </summary>
public sealed record HtmDuration
{
    public const string InfiniteText = "DURATION_INFINITE";
    public const string ImmediateText = "DURATION_IMMEDIATE";
    public const string ZeroText = "DURATION_ZERO";
    public const string NotUsedText = "DURATION_NOT_USED";

    private HtmDuration(HtmDurationKind kind, string text, int years = 0, int months = 0, int days = 0, TimeSpan time = default)
    {
        Kind = kind;
        Text = text;
        Years = years;
        Months = months;
        Days = days;
        Time = time;
    }

    public static HtmDuration Infinite { get; } = new(HtmDurationKind.Infinite, InfiniteText);

    public static HtmDuration Immediate { get; } = new(HtmDurationKind.Immediate, ImmediateText);

    public static HtmDuration Zero { get; } = new(HtmDurationKind.Zero, ZeroText);

    public static HtmDuration NotUsed { get; } = new(HtmDurationKind.NotUsed, NotUsedText);

    public HtmDurationKind Kind { get; }

    /// <summary>The duration as written (trimmed).</summary>
    public string Text { get; }

    /// <summary>Calendar years, added first (so Feb 29 + 1 year is Feb 28).</summary>
    public int Years { get; }

    /// <summary>Calendar months, added after years (Jan 31 + 1 month is the end of February).</summary>
    public int Months { get; }

    /// <summary>Days, weeks included (a week is 7 days); instants are UTC, so a day is 24 hours.</summary>
    public int Days { get; }

    /// <summary>Hours, minutes and seconds.</summary>
    public TimeSpan Time { get; }

    /// <summary>True when the duration leads to a point in time (a length, immediate or zero).</summary>
    public bool IsFinite => Kind is HtmDurationKind.Finite or HtmDurationKind.Immediate or HtmDurationKind.Zero;

    /// <summary>Reads a duration; on failure <paramref name="error"/> says what is wrong and where.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out HtmDuration? duration, [NotNullWhen(false)] out string? error)
    {
        duration = null;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            error = "a duration is required, e.g. P2D, PT4H, 5days, 2hours 30minutes or DURATION_INFINITE.";
            return false;
        }

        duration = Constant(trimmed);
        if (duration is not null)
        {
            error = null;
            return true;
        }

        DurationParts parts;
        if (trimmed[0] is 'P' or 'p')
        {
            error = IsoDurationScanner.Scan(trimmed, out parts);
        }
        else if (char.IsAsciiDigit(trimmed[0]))
        {
            error = SimpleCalendarScanner.Scan(trimmed, out parts);
        }
        else
        {
            error = $"'{trimmed}' is not a duration: use ISO 8601 (P2D, PT4H), the simple calendar (5days, 2hours 30minutes) or one of {InfiniteText}, {ImmediateText}, {ZeroText}, {NotUsedText}.";
            return false;
        }

        error ??= parts.Check();
        if (error is not null)
        {
            error = $"'{trimmed}': {error}";
            return false;
        }

        duration = new HtmDuration(HtmDurationKind.Finite, trimmed, (int)parts.Years, (int)parts.Months, (int)parts.Days, parts.Time);
        return true;
    }

    /// <summary>Reads a duration or throws a <see cref="ValidationException"/> naming <paramref name="field"/>.</summary>
    public static HtmDuration Parse(string? text, string field = "duration") =>
        TryParse(text, out var duration, out var error) ? duration : throw new ValidationException(field, error);

    /// <summary>
    /// The instant this duration after <paramref name="instant"/>, or null when it never comes (infinite, not used, or
    /// past the year 9999, which no timer will ever reach either).
    /// </summary>
    public DateTimeOffset? AddTo(DateTimeOffset instant)
    {
        if (!IsFinite)
        {
            return null;
        }

        try
        {
            return instant.AddYears(Years).AddMonths(Months).AddDays(Days).Add(Time);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    public override string ToString() => Text;

    private static HtmDuration? Constant(string text) => text.ToUpperInvariant() switch
    {
        InfiniteText => Infinite,
        ImmediateText => Immediate,
        ZeroText => Zero,
        NotUsedText => NotUsed,
        _ => null,
    };
}
