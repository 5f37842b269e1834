namespace Taskforge.Bench;

/// <summary>What the benchmarks share to turn samples into figures.</summary>
internal static class Measure
{
    /// <summary>The nearest-rank percentile of sorted samples; NaN when there are none.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

/// <summary>The measured window on the shared clock; written by the driver, read by the clients.</summary>
internal sealed class Window
{
    private long _start = long.MaxValue;
    private long _end = long.MaxValue;

    public TimeSpan Start
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _start));
        set => Volatile.Write(ref _start, value.Ticks);
    }

    public TimeSpan End
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _end));
        set => Volatile.Write(ref _end, value.Ticks);
    }
}
