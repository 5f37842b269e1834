using System.Diagnostics;
using System.Globalization;

namespace Taskforge.Bench;

/// <summary>
/// With <c>TASKFORGE_BENCH_TRACE=DIR</c>, samples the CPU of a measured server through its window with dotnet-trace
/// (installed by <c>bench/install-profilers.sh</c>) into <c>DIR/NAME.nettrace</c> and prints its top frames to
/// <c>DIR/NAME.top.txt</c>. Off by default: the sampling costs the server a few per cent.
/// </summary>
internal static class Profiler
{
    public const string Variable = "TASKFORGE_BENCH_TRACE";

    public static IDisposable? Attach(int processId, string name, TimeSpan duration)
    {
        var dir = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(dir))
        {
            return null;
        }

        Directory.CreateDirectory(dir);
        var tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-trace");
        var output = Path.Combine(Path.GetFullPath(dir), name + ".nettrace");
        var info = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in new[] { "collect", "-p", processId.ToString(CultureInfo.InvariantCulture), "--profile", "dotnet-sampled-thread-time", "-o", output,
            "--duration", duration.ToString(@"dd\:hh\:mm\:ss", CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet-trace.");
        return new Session(process, tool, output);
    }

    private sealed class Session(Process process, string tool, string output) : IDisposable
    {
        public void Dispose()
        {
            process.WaitForExit(60_000);
            process.Dispose();
            var info = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "report", output, "topN", "-n", "40" })
            {
                info.ArgumentList.Add(arg);
            }

            using var report = Process.Start(info);
            if (report is not null)
            {
                var text = report.StandardOutput.ReadToEnd();
                report.WaitForExit();
                File.WriteAllText(Path.ChangeExtension(output, ".top.txt"), text);
            }
        }
    }
}
