namespace Taskforge.Storage;

/// <summary>
/// Instants are stored as Unix milliseconds (BIGINT) in both dialects: one comparison semantics, one index shape,
/// no time-zone conversion in the driver. vRO itself reports milliseconds.
/// </summary>
internal static class Instants
{
    public static long ToMs(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static long? ToMs(DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static DateTimeOffset? FromMs(long? value) => value is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
