using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Taskforge.Tests.Support;

/// <summary>The built server as a child process on a free loopback port, killed (SIGKILL, no clean shutdown) on dispose.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int OutputLinesKept = 40;

    private readonly Process _process;
    private readonly Queue<string> _outputTail = new();
    private readonly List<string> _allOutput = [];

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    private int _disposed;

    public Uri BaseAddress { get; }

    /// <summary>The process id, for a profiler to attach to.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Started just before the process, so that ready times include the runtime's own start.</summary>
    public Stopwatch SinceStart { get; } = new();

    /// <param name="arguments">Given before <c>--urls</c> (the benchmark's raw floor takes <c>--db</c> and <c>--conn</c>).</param>
    /// <param name="serverDll">The server's dll, run by <c>dotnet</c>; or a self-contained server's executable, run as it is.</param>
    /// <param name="keepAllOutput">Keep every line the process writes, not only the last ones (the log-secrets test reads them all).</param>
    /// <param name="unset">Variables of the test's own environment the server must not inherit.</param>
    public static ServerProcess Start(
        string serverDll, string workingDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string>? arguments = null, bool keepAllOutput = false,
        IReadOnlyCollection<string>? unset = null)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var executable = !serverDll.EndsWith(".dll", StringComparison.Ordinal);
        var info = new ProcessStartInfo(executable ? serverDll : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (!executable)
        {
            info.ArgumentList.Add(serverDll);
        }

        foreach (var name in unset ?? [])
        {
            info.Environment.Remove(name);
        }

        foreach (var argument in arguments ?? [])
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var server = new ServerProcess(new Process { StartInfo = info }, baseAddress) { KeepsAllOutput = keepAllOutput };
        server._process.OutputDataReceived += (_, e) => server.KeepOutput(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.KeepOutput(e.Data);
        server.SinceStart.Start();
        server._process.Start();
        // Drain both pipes: a server blocked on a full pipe would look slow.
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Polls <paramref name="readyPath"/> every 10 ms and returns the time since start of its first 200.</summary>
    public async Task<TimeSpan> WaitUntilReadyAsync(TimeSpan timeout, CancellationToken ct, string readyPath = "/health/ready")
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMilliseconds(500) };
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode} before it was ready:\n{OutputTail()}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(readyPath, UriKind.Relative), ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return SinceStart.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // The short client timeout; try again.
            }

            if (SinceStart.Elapsed > timeout)
            {
                throw new TimeoutException($"The server was not ready after {timeout.TotalSeconds} s:\n{OutputTail()}");
            }

            await Task.Delay(10, ct);
        }
    }

    /// <summary>VmRSS of the server process, in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"No VmRSS in /proc/{_process.Id}/status.");
    }

    public async ValueTask DisposeAsync()
    {
        // Idempotent: a test may kill a server mid-way and still dispose it on the way out.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void KeepOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputTail)
        {
            _outputTail.Enqueue(line);
            if (KeepsAllOutput)
            {
                _allOutput.Add(line);
            }
            if (_outputTail.Count > OutputLinesKept)
            {
                _outputTail.Dequeue();
            }
        }
    }

    /// <summary>Set before the process writes, to keep every line (for a test that searches the whole log).</summary>
    public bool KeepsAllOutput { get; init; }

    /// <summary>Every line the process wrote, when <see cref="KeepsAllOutput"/>.</summary>
    public string AllOutput()
    {
        lock (_outputTail)
        {
            return string.Join('\n', _allOutput);
        }
    }

    private string OutputTail()
    {
        lock (_outputTail)
        {
            return string.Join('\n', _outputTail);
        }
    }
}
