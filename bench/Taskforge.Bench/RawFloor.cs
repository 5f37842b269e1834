using System.Diagnostics;

namespace Taskforge.Bench;

/// <summary>
/// The raw floor of issue 15, exactly as <c>shared/anchors/floor/server</c> defines it (three single-statement
/// transactions per lifecycle, a seven-column table with a primary key only, no rules): its source is copied from there
/// unchanged and built in Release, so the ratio compares with the anchors' own figures. <see cref="FloorServer"/> is the
/// other floor, the schema floor, which writes Taskforge's rows.
/// </summary>
internal static class RawFloor
{
    /// <summary>Where the floor lives beside the repositories (<c>../shared/anchors/floor/server</c> from the repository root).</summary>
    public static string FindSource(string repositoryRoot)
    {
        foreach (var candidate in new[] { Path.Combine(repositoryRoot, "..", "shared"), "/work/shared" })
        {
            var server = Path.GetFullPath(Path.Combine(candidate, "anchors", "floor", "server"));
            if (File.Exists(Path.Combine(server, "Program.cs")))
            {
                return server;
            }
        }

        throw new InvalidOperationException($"No shared/anchors/floor/server beside {repositoryRoot}; the raw floor cannot be built.");
    }

    /// <summary>
    /// Copies the floor's source to a scratch folder (shared/ may be read-only, and a build inside the repository would
    /// take its central package versions) and builds it; returns the DLL.
    /// </summary>
    public static async Task<string> BuildAsync(string repositoryRoot, CancellationToken ct)
    {
        var source = FindSource(repositoryRoot);
        var scratch = Path.Combine(Path.GetTempPath(), "taskforge-raw-floor");
        Directory.CreateDirectory(scratch);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(scratch, Path.GetFileName(file)), overwrite: true);
        }

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = scratch };
        foreach (var arg in new[] { "build", "-c", "Release", "-v", "q", "-nologo" })
        {
            info.ArgumentList.Add(arg);
        }

        using var build = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet build.");
        var stdout = build.StandardOutput.ReadToEndAsync(ct);
        var stderr = build.StandardError.ReadToEndAsync(ct);
        await build.WaitForExitAsync(ct);
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet build of the raw floor failed ({build.ExitCode}):\n{await stdout}{await stderr}");
        }

        var dll = Path.Combine(scratch, "bin", "Release", "net10.0", "Floor.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"The build did not produce {dll}.");
    }

    /// <summary>The floor's command line: <c>--db</c> and <c>--conn</c> (a pool of 64 on PostgreSQL, as its own default).</summary>
    public static string[] Arguments(string provider, string connection) =>
        ["--db", provider, "--conn", provider == "postgres" ? connection + ";Maximum Pool Size=64" : connection];

    /// <summary>The load generator's ~300-byte input (shared/anchors/floor/load).</summary>
    public static string Input(int worker, long n) =>
        $$"""{"template":"approve-expense","priority":{{n % 5}},"requester":"user-{{worker:D4}}","amount":{{1000 + n % 9000}}.50,"currency":"EUR","costCenter":"CC-{{n % 97:D3}}","description":"Taxi from airport to customer site, receipts attached, project Taskforge anchor run {{n:D10}}, cost split 60/40 between sales and delivery","tags":["travel","q4"]}""";

    /// <summary>The load generator's complete body: the user and a ~120-byte output.</summary>
    public static string Complete(int worker, long n) =>
        $$$"""{"user":"u{{{worker}}}","output":{"decision":"approved","comment":"ok {{{n:D10}}}","approvedAmount":{{{1000 + n % 9000}}}.50}}""";

    public static string Claim(int worker) => $$"""{"user":"u{{worker}}"}""";
}
