using System.Globalization;

namespace Taskforge.Engine.HumanTasks.Queries;

/// <summary>
/// Reads <c>TS('…')</c>: <c>yyyy[-MM[-dd[Thh[:mm[:ss]]]]]</c> or a time alone, <c>hh:mm[:ss]</c> (D:c6bpel_qrywhr). The text
/// carries no zone; it is taken as UTC, the zone every instant is stored in.
/// </summary>
internal static class Timestamps
{
    private static readonly string[] DateForms = ["yyyy", "yyyy-MM", "yyyy-MM-dd", "yyyy-MM-dd'T'HH", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];
    private static readonly string[] TimeForms = ["HH:mm", "HH:mm:ss"];

    public static TimestampOperand Parse(Token argument)
    {
        var text = argument.Text.Trim();
        var c = CultureInfo.InvariantCulture;
        if (DateTime.TryParseExact(text, DateForms, c, DateTimeStyles.None, out var at))
        {
            return new TimestampOperand(DateOnly.FromDateTime(at), TimeOnly.FromDateTime(at));
        }

        if (TimeOnly.TryParseExact(text, TimeForms, c, DateTimeStyles.None, out var time))
        {
            return new TimestampOperand(null, time);
        }

        throw new QueryException(QueryReason.BadTimestamp, argument.Position,
            $"'{text}' is not a timestamp; write TS('2026-01-31T10:00:00'), a prefix of it such as TS('2026-01'), or a time TS('16:04').");
    }
}
