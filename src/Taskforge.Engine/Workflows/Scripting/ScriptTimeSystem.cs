using System.Globalization;
using Jint.Runtime;

namespace Taskforge.Engine.Workflows.Scripting;

/// <summary>Makes a script's <c>new Date()</c> read the injected clock, in UTC, so runs are testable and the same on every server.</summary>
internal sealed class ScriptTimeSystem(TimeProvider time) : ITimeSystem
{
    private readonly DefaultTimeSystem _inner = new(TimeZoneInfo.Utc, CultureInfo.InvariantCulture);

    public TimeZoneInfo DefaultTimeZone => TimeZoneInfo.Utc;

    public DateTimeOffset GetUtcNow() => time.GetUtcNow();

    public bool TryParse(string date, out long epochMilliseconds) => _inner.TryParse(date, out epochMilliseconds);

    public TimeSpan GetUtcOffset(long epochMilliseconds) => _inner.GetUtcOffset(epochMilliseconds);
}
