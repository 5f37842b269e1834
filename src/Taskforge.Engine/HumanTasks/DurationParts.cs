namespace Taskforge.Engine.HumanTasks;

/// <summary>The components a duration scanner found, before the range checks.</summary>
internal struct DurationParts
{
    // Years past this cannot be added to any instant DateTimeOffset can hold.
    private const long MaxYears = 9999;

    /// <summary>Scanners clamp each number to this before multiplying, so nothing overflows before <see cref="Check"/>.</summary>
    public const long Cap = 1_000_000_000_000;

    public long Years;
    public long Months;
    public long Days;
    public decimal Seconds;

    public readonly TimeSpan Time => TimeSpan.FromTicks((long)(Seconds * TimeSpan.TicksPerSecond));

    public readonly string? Check()
    {
        if (Years > MaxYears || Months > MaxYears * 12 || Days > MaxYears * 366 || Seconds > MaxYears * 366m * 86400m)
        {
            return "is longer than any calendar can hold (more than 9999 years).";
        }

        return null;
    }
}
