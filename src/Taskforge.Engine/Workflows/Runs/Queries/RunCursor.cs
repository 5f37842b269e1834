using System.Globalization;

namespace Taskforge.Engine.Workflows.Runs.Queries;

/// <summary>
/// Where a page of the newest-first runs list ended: the (created, id) of its last run; the next page holds the runs
/// before it in that order. Written <c>{unix ms}.{id}</c>, opaque to clients.
/// </summary>
public readonly record struct RunCursor(DateTimeOffset CreatedAt, string Id)
{
    public override string ToString() => CreatedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "." + Id;

    public static bool TryParse(string? text, out RunCursor cursor)
    {
        cursor = default;
        var dot = text?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (dot <= 0 || dot == text!.Length - 1
            || !long.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return false;
        }

        cursor = new RunCursor(DateTimeOffset.FromUnixTimeMilliseconds(ms), text[(dot + 1)..]);
        return true;
    }
}
