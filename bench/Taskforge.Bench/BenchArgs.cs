using System.Globalization;

namespace Taskforge.Bench;

/// <summary>Option values the benchmarks share.</summary>
internal static class BenchArgs
{
    /// <summary><c>--clients 1,8,32</c>: positive whole numbers, at least one.</summary>
    public static bool TryClientCounts(string text, out int[] clients)
    {
        clients = [.. text.Split(',').Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)];
        return clients.Length > 0 && clients.All(n => n >= 1);
    }
}
