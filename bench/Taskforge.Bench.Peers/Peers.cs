using System.Reflection;

namespace Taskforge.Bench.Peers;

internal static class Peers
{
    public static IPeer Create(Framework framework) => framework switch
    {
        Framework.Quartz => new QuartzPeer(),
        Framework.Hangfire => new HangfirePeer(),
        _ => throw new ArgumentOutOfRangeException(nameof(framework), framework, null),
    };

    /// <summary>The informational version of the assembly that holds <paramref name="type"/>, without a commit suffix.</summary>
    public static string VersionOf(Type type)
    {
        var version = type.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? type.Assembly.GetName().Version?.ToString() ?? "?";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        version = plus < 0 ? version : version[..plus];
        // "1.8.25.0" → "1.8.25": the fourth part is always 0 for these packages.
        return version.Count(c => c == '.') == 3 && version.EndsWith(".0", StringComparison.Ordinal) ? version[..^2] : version;
    }
}
