namespace Taskforge.Engine.Schedules.Recurrence;

/// <summary>
/// A parsed vRO <c>recurrence-pattern</c>, read by <see cref="RecurrencePatternReader"/>. <see cref="Text"/> is the
/// string exactly as the client sent it: Terraform compares it byte for byte after a read, so it is stored and
/// returned as is and never rebuilt from the entries.
/// </summary>
public sealed class RecurrencePattern
{
    internal RecurrencePattern(string text, RecurrenceCycle cycle, TimeZoneInfo zone, bool namesZone, IReadOnlyList<PatternEntry> entries)
    {
        Text = text;
        Cycle = cycle;
        Zone = zone;
        NamesZone = namesZone;
        Entries = entries;
    }

    public string Text { get; }

    public RecurrenceCycle Cycle { get; }

    /// <summary>The zone of the <c>(Area/City) </c> prefix, or the server's default zone when there is none.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>Whether the text names its zone; older vRO versions sent patterns without one.</summary>
    public bool NamesZone { get; }

    /// <summary>The entries, sorted and without duplicates; empty for <c>one-time</c>.</summary>
    public IReadOnlyList<PatternEntry> Entries { get; }

    public override string ToString() => Text;
}
