using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Npgsql;

namespace Taskforge.Tests.Support;

/// <summary>A throw-away PostgreSQL server started from the installed binaries, or a handle on an external one.</summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    public const string ExternalServerVariable = "TASKFORGE_TEST_POSTGRES";

    private const string BinariesRoot = "/usr/lib/postgresql";
    private const string FallbackUser = "taskforge-pg";
    private const int SigQuit = 3;

    private readonly Process? _server;
    private readonly TextWriter? _log;
    private readonly string? _root;
    private readonly ConcurrentQueue<string> _pooledStrings = new();
    private readonly PosixSignalRegistration? _sigterm;
    private int _disposed;

    private ThrowawayPostgres(string adminConnectionString, int port, Process? server = null, TextWriter? log = null, string? root = null)
    {
        AdminConnectionString = adminConnectionString;
        Port = port;
        (_server, _log, _root) = (server, log, root);
        _pooledStrings.Enqueue(adminConnectionString);
        if (server is null)
            return;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        // The runtime does not raise ProcessExit on SIGTERM (e.g. a cancelled CI job); without this the server outlives us.
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => OnProcessExit(null, EventArgs.Empty));
    }

    /// <summary>Superuser connection to the 'postgres' database, or the external connection string as given.</summary>
    public string AdminConnectionString { get; }

    public int Port { get; }

    public bool IsExternal => _server is null;

    public static bool BinariesAvailable() => FindBinaries() is not null;

    public static async Task<ThrowawayPostgres> StartAsync(bool durable = false, CancellationToken ct = default)
    {
        var external = Environment.GetEnvironmentVariable(ExternalServerVariable);
        if (!string.IsNullOrWhiteSpace(external))
            return new ThrowawayPostgres(external, new NpgsqlConnectionStringBuilder(external).Port);

        var bin = FindBinaries() ?? throw new PostgresUnavailableException(
            $"No PostgreSQL binaries under {BinariesRoot}/*/bin (install e.g. postgresql-15) and {ExternalServerVariable} is not set.");
        // initdb and postgres refuse to run as root.
        var user = Environment.IsPrivilegedProcess ? await EnsureUnprivilegedUserAsync(ct) : null;
        // Not $TMPDIR when root: the unprivileged user must be able to traverse every parent directory.
        var root = Path.Combine(user is null ? Path.GetTempPath() : "/tmp", "taskforge-pg-" + RandomNumberGenerator.GetHexString(12, lowercase: true));
        var data = Path.Combine(root, "data");
        var logPath = Path.Combine(root, "server.log");
        Directory.CreateDirectory(root);
        TextWriter? log = null;
        Process? server = null;
        try
        {
            if (user is not null)
                await RunCheckedAsync("chown", ["-R", user, root], root, null, ct);
            // An explicit locale keeps initdb independent of the caller's LANG, which may name a locale that is not installed.
            await RunCheckedAsync(Path.Combine(bin, "initdb"),
                ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"], root, user, ct);
            log = TextWriter.Synchronized(new StreamWriter(logPath, append: true) { AutoFlush = true });
            for (var attempt = 1; ; attempt++)
            {
                var port = FreePort();
                string[] args = ["-D", data, "-p", port.ToString(CultureInfo.InvariantCulture), "-k", root,
                    "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"];
                if (!durable)
                    args = [.. args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"];
                server = new Process { StartInfo = StartInfo(Path.Combine(bin, "postgres"), args, root, user) };
                server.OutputDataReceived += (_, e) => { if (e.Data is not null) log.WriteLine(e.Data); };
                server.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.WriteLine(e.Data); };
                server.Start();
                server.BeginOutputReadLine();
                server.BeginErrorReadLine();

                var admin = ConnectionString(port, "postgres");
                if (await WaitUntilReadyAsync(server, admin, data, ct))
                    return new ThrowawayPostgres(admin, port, server, log, root);

                var exited = server.HasExited;
                await StopAsync(server, data);
                server.Dispose();
                server = null;
                var tail = string.Join('\n', (await File.ReadAllLinesAsync(logPath, ct)).TakeLast(30));
                if (exited && attempt < 3 && tail.Contains("could not bind", StringComparison.Ordinal))
                    continue;
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"PostgreSQL on port {port} {(exited ? "exited during startup" : "did not accept connections within 30 s")}. Server log tail:\n{tail}"));
            }
        }
        catch
        {
            if (server is not null)
                await StopAsync(server, data);
            server?.Dispose();
            if (log is not null)
                await log.DisposeAsync();
            TryDelete(root);
            throw;
        }
    }

    public async Task<string> CreateDatabaseAsync(string namePrefix, CancellationToken ct = default)
    {
        var sanitised = new string(namePrefix.Take(40).Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_').ToArray());
        if (sanitised.Length == 0 || !char.IsAsciiLetter(sanitised[0]))
            sanitised = "db_" + sanitised;
        var name = sanitised + "_" + RandomNumberGenerator.GetHexString(10, lowercase: true);

        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(ct);
        }

        var result = IsExternal
            ? new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString
            : ConnectionString(Port, name);
        _pooledStrings.Enqueue(result);
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is null || Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        _sigterm?.Dispose();
        // Only our own pools: a later server may get the same port, and this admin string would then hand out dead sockets.
        foreach (var connectionString in _pooledStrings)
        {
            using var connection = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(connection);
        }

        await StopAsync(_server, Path.Combine(_root!, "data"));
        _server.Dispose();
        await _log!.DisposeAsync();
        TryDelete(_root!);
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        // VSTHRD002 (synchronous wait): a ProcessExit handler is synchronous and the process ends when it returns, so the
        // server must be stopped within it.
#pragma warning disable VSTHRD002
        StopAsync(_server!, Path.Combine(_root!, "data")).GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
        TryDelete(_root!);
    }

    private static async Task StopAsync(Process server, string dataDir)
    {
        // SIGQUIT is PostgreSQL's immediate shutdown; unlike SIGKILL it still removes the server's SysV shared memory
        // segment. It must go to the postmaster itself: runuser would turn it into SIGTERM, a shutdown that waits for clients.
        var signalled = false;
        try
        {
            var pid = int.Parse((await File.ReadAllLinesAsync(Path.Combine(dataDir, "postmaster.pid"))).First(), CultureInfo.InvariantCulture);
            signalled = !server.HasExited && Kill(pid, SigQuit) == 0;
        }
        catch (Exception ex) when (ex is IOException or FormatException or InvalidOperationException)
        {
            // No (complete) pid file yet: the server is too young to own shared memory worth saving.
        }

        var exited = server.WaitForExitAsync();
        if (!signalled || await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(10))) != exited)
            server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync();
    }

    private static string? FindBinaries() => !Directory.Exists(BinariesRoot) ? null : Directory.EnumerateDirectories(BinariesRoot)
        .Select(dir => (Bin: Path.Combine(dir, "bin"), Version: Version.TryParse(Path.GetFileName(dir) + ".0", out var v) ? v : null))
        .Where(x => x.Version is not null && File.Exists(Path.Combine(x.Bin, "postgres")) && File.Exists(Path.Combine(x.Bin, "initdb")))
        .OrderByDescending(x => x.Version)
        .Select(x => x.Bin)
        .FirstOrDefault();

    private static async Task<string> EnsureUnprivilegedUserAsync(CancellationToken ct)
    {
        if ((await RunAsync("getent", ["passwd", "postgres"], "/", null, ct)).Code == 0)
            return "postgres";
        if ((await RunAsync("getent", ["passwd", FallbackUser], "/", null, ct)).Code == 0)
            return FallbackUser;
        var (code, output) = await RunAsync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", FallbackUser], "/", null, ct);
        // A concurrent start may have created the user between getent and useradd (useradd then exits with 9).
        if (code != 0 && (await RunAsync("getent", ["passwd", FallbackUser], "/", null, ct)).Code != 0)
            throw new InvalidOperationException($"useradd {FallbackUser} failed ({code.ToString(CultureInfo.InvariantCulture)}): {output}");
        return FallbackUser;
    }

    private static ProcessStartInfo StartInfo(string file, IEnumerable<string> args, string workDir, string? user)
    {
        var psi = new ProcessStartInfo(user is null ? file : "runuser")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in user is null ? args : ["-u", user, "--", file, .. args])
            psi.ArgumentList.Add(arg);
        return psi;
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> args, string workDir, string? user, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        using var process = Process.Start(StartInfo(file, args, workDir, user))!;
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        // Not cancelled midway: killing initdb's bootstrap backend would leak its shared memory, and these tools take about a second.
        await process.WaitForExitAsync(CancellationToken.None);
        ct.ThrowIfCancellationRequested();
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task RunCheckedAsync(string file, IEnumerable<string> args, string workDir, string? user, CancellationToken ct)
    {
        var (code, output) = await RunAsync(file, args, workDir, user, ct);
        if (code != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} exited with {code.ToString(CultureInfo.InvariantCulture)}:\n{output}");
    }

    private static async Task<bool> WaitUntilReadyAsync(Process server, string admin, string dataDir, CancellationToken ct)
    {
        var probe = new NpgsqlConnectionStringBuilder(admin) { Pooling = false, Timeout = 2 }.ConnectionString;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30) && !server.HasExited)
        {
            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync(ct);
                // If our bind failed, another throw-away server may own the port; only our own data directory counts.
                await using var command = new NpgsqlCommand("SELECT current_setting('data_directory')", connection);
                if (Equals(await command.ExecuteScalarAsync(ct), dataDir))
                    return true;
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
            {
                // Not accepting connections yet.
            }

            await Task.Delay(100, ct);
        }

        return false;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string ConnectionString(int port, string database) => string.Create(CultureInfo.InvariantCulture,
        $"Host=127.0.0.1;Port={port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=50;Timeout=15");

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover directory in /tmp must not fail a test run.
        }
    }

    [DllImport("libc", EntryPoint = "kill")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}

/// <summary>No PostgreSQL server can be started or attached to; tests may turn this into a skip.</summary>
public sealed class PostgresUnavailableException : Exception
{
    public PostgresUnavailableException() { }

    public PostgresUnavailableException(string message) : base(message) { }

    public PostgresUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}
