using Cronos;

namespace Taskforge.Engine.Schedules.Recurrence;

/// <summary>
/// A cron expression in its zone, evaluated by Cronos, whose DST handling is DESIGN.md's: a time in a spring-forward
/// gap fires at the gap's end; a fixed time the fall-back repeats fires once; repeating fields fire in both passes.
/// </summary>
internal sealed class CronOccurrences(CronExpression expression, TimeZoneInfo zone) : IOccurrences
{
    public DateTimeOffset? NextAfter(DateTimeOffset after) =>
        expression.GetNextOccurrence(after, zone, inclusive: false)?.ToUniversalTime();
}
