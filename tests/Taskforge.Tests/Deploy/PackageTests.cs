using System.Net;
using System.Text.RegularExpressions;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Deploy;

/// <summary>
/// docs/deploy.md's single node, step by step, on the package <c>deploy/publish.sh</c> makes: unpacked, started the way
/// the systemd unit starts it (its ExecStart, the sample settings file, a data directory) on a machine without .NET (no
/// dotnet on PATH, no DOTNET_ROOT), it answers the health checks, its first administrator signs in with the password it
/// printed, the Dockerfile's health probe says healthy, and the command line in the package checks and backs up the
/// database. One publish serves every test here (<see cref="PublishedPackage"/>).
/// </summary>
[Trait("Category", "Package")]
public sealed partial class PackageTests(PublishedPackage package, PostgresFixture postgres) : IClassFixture<PublishedPackage>, IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"taskforge-package-data-{Guid.NewGuid():N}");
    private readonly string _emptyPath = Path.Combine(Path.GetTempPath(), $"taskforge-no-dotnet-{Guid.NewGuid():N}");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // What an operator's shell or systemd gives the service: no dotnet anywhere on PATH, and none of the SDK's variables.
    private static readonly string[] SdkVariables =
        ["DOTNET_ROOT", "DOTNET_HOST_PATH", "DOTNET_ROOT_X64", "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "DOTNET_GCHeapHardLimit"];

    [GeneratedRegex(@"with the password\s+(\S+)")]
    private static partial Regex GeneratedPassword();

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_data);
        Directory.CreateDirectory(_emptyPath);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_data, recursive: true);
        Directory.Delete(_emptyPath, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Package_StartsLikeTheUnitWithoutDotnet_IsHealthy_AndItsFirstAdministratorSignsIn()
    {
        var unit = await File.ReadAllLinesAsync(Path.Combine(package.Directory, "taskforge.service"), Ct);
        var execStart = unit.Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal))["ExecStart=".Length..].Split(' ');
        Assert.Equal("/opt/taskforge/bin/Taskforge.Server", execStart[0]); // the tarball's taskforge/ unpacked at /opt/taskforge
        Assert.True(File.Exists(package.Server), "the package has no bin/Taskforge.Server");

        await using var server = ServerProcess.Start(package.Server, _data, Settings(), [.. execStart.Skip(1)], keepAllOutput: true, unset: SdkVariables);
        var ready = await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), Ct);

        var password = GeneratedPassword().Match(server.AllOutput()).Groups[1].Value;
        Assert.NotEmpty(password);
        using var admin = new HttpClient { BaseAddress = server.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = ServerInstance.Basic("admin", password);
        var about = await admin.GetAsync("vco/api/about", Ct);
        Assert.Equal(HttpStatusCode.OK, about.StatusCode);
        using var console = await ConsoleHttp.SignInAsync(server.BaseAddress, "admin", password);
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("inbox", Ct)).StatusCode);
        Assert.True(File.Exists(Path.Combine(_data, "taskforge.db")), "the database is not where the sample settings put it");

        // The runtime the server runs on is the package's own, not an installed one.
        var maps = await File.ReadAllTextAsync($"/proc/{server.ProcessId}/maps", Ct);
        Assert.Contains(Path.Combine(package.Directory, "bin", "libcoreclr.so"), maps, StringComparison.Ordinal);
        Assert.DoesNotContain("/usr/share/dotnet", maps, StringComparison.Ordinal);

        // The container's HEALTHCHECK command, pointed at this server's port.
        var probe = DockerHealthCheck().Replace("/8080", "/" + server.BaseAddress.Port, StringComparison.Ordinal);
        var (healthy, output) = await PublishedPackage.RunAsync("bash", ["-c", probe], _data, Ct);
        Assert.True(healthy == 0, $"the Dockerfile's health check failed ({healthy}): {output}");
        TestContext.Current.SendDiagnosticMessage($"publish {package.PublishTime.TotalSeconds:F0} s, ready after {ready.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task PackagedCommandLine_MigratesImportsChecksAndBacksUp_WithoutDotnet()
    {
        var backup = Path.Combine(_data, "backup.db");

        var migrate = await CliAsync("migrate", "--apply");
        var import = await CliAsync("import", Path.Combine(package.Directory, "bin", "samples"));
        var check = await CliAsync("check");
        var saved = await CliAsync("backup", backup);

        Assert.True(migrate.ExitCode == 0, migrate.Output);
        Assert.True(import.ExitCode == 0, import.Output);
        Assert.Contains("hello", import.Output, StringComparison.Ordinal);
        Assert.True(check.ExitCode == 0, check.Output);
        Assert.True(saved.ExitCode == 0, saved.Output);
        Assert.True(new FileInfo(backup).Length > 0);
    }

    /// <summary>
    /// The newcomer's path of docs/deploy.md end to end, on the package: pointed at PostgreSQL, migrated and given the
    /// samples with its command line, started like the unit, signed in to with a directory account (a throw-away
    /// OpenLDAP over LDAPS), and the engine's own metrics on /metrics once that person has run a sample workflow.
    /// </summary>
    [Fact]
    public async Task Newcomer_OnPostgres_ImportsTheSamples_SignsInFromTheDirectory_AndSeesTheEngineInTheMetrics()
    {
        var storage = await postgres.CreateDatabaseAsync("package");
        await using var slapd = await ThrowawaySlapd.StartAsync(new Dictionary<string, string[]> { ["operators"] = ["dora"] }, Ct);
        var settings = Settings();
        settings["Taskforge__Storage__Provider"] = storage.Provider;
        settings["Taskforge__Storage__ConnectionString"] = storage.ConnectionString!;
        settings["Taskforge__Identity__Ldap__Servers__0"] = slapd.LdapsUrl;
        settings["Taskforge__Identity__Ldap__CaFile"] = slapd.CaFile;
        settings["Taskforge__Identity__Ldap__UserDnTemplate"] = "uid={0}," + ThrowawaySlapd.People;

        var migrate = await PublishedPackage.RunAsync(package.Server, ["migrate", "--apply"], _data, Ct, settings, SdkVariables);
        var import = await PublishedPackage.RunAsync(package.Server, ["import", Path.Combine(package.Directory, "bin", "samples")], _data, Ct, settings, SdkVariables);
        Assert.True(migrate.ExitCode == 0, migrate.Output);
        Assert.True(import.ExitCode == 0, import.Output);

        var unit = await File.ReadAllLinesAsync(Path.Combine(package.Directory, "taskforge.service"), Ct);
        var execStart = unit.Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal))["ExecStart=".Length..].Split(' ');
        await using var server = ServerProcess.Start(package.Server, _data, settings, [.. execStart.Skip(1)], keepAllOutput: true, unset: SdkVariables);
        await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), Ct);
        var password = GeneratedPassword().Match(server.AllOutput()).Groups[1].Value;

        using var dora = new HttpClient { BaseAddress = server.BaseAddress };
        dora.DefaultRequestHeaders.Authorization = ServerInstance.Basic("dora", ThrowawaySlapd.Password("dora"));
        var me = await dora.GetAsync("api/v1/me", Ct).JsonAsync();
        using var start = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        var run = await dora.PostAsync("vco/api/workflows/hello/executions", start, Ct).JsonAsync(HttpStatusCode.Accepted);
        var state = "";
        for (var i = 0; i < 300 && state is not ("completed" or "failed"); i++)
        {
            await Task.Delay(100, Ct);
            state = (await dora.GetAsync($"vco/api/workflows/hello/executions/{run!["id"]!.GetValue<string>()}/state", Ct).JsonAsync())!["value"]!.GetValue<string>();
        }

        using var admin = new HttpClient { BaseAddress = server.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = ServerInstance.Basic("admin", password);
        var metrics = await (await admin.GetAsync("metrics", Ct)).Content.ReadAsStringAsync(Ct);

        Assert.Equal(["operators"], me!["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Equal("completed", state);
        Assert.Matches(@"taskforge_run_started_total\{[^}]*taskforge_run_trigger=""request""[^}]*\} [1-9]", metrics);
        Assert.Matches(@"taskforge_run_ended_total\{[^}]*taskforge_run_state=""completed""[^}]*\} [1-9]", metrics);
        Assert.Contains("taskforge_store_transaction_duration_seconds_bucket", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SystemdUnit_Verifies_AndKeepsTheServiceConfined()
    {
        var unit = await File.ReadAllTextAsync(Path.Combine(package.Directory, "taskforge.service"), Ct);
        foreach (var setting in new[] { "User=taskforge", "NoNewPrivileges=true", "ProtectSystem=strict", "ReadWritePaths=/var/lib/taskforge",
            "EnvironmentFile=/etc/taskforge/taskforge.env", "WorkingDirectory=/var/lib/taskforge", "PrivateTmp=true", "ProtectHome=true" })
        {
            Assert.Contains(setting + "\n", unit, StringComparison.Ordinal);
        }

        // Like PostgreSQL and Chromium: skipped on a developer machine without it, a failure under CI (.ci/run installs it).
        if (!File.Exists("/usr/bin/systemd-analyze") && !PostgresFixture.UnderCi)
        {
            Assert.Skip("systemd-analyze is not installed (apt-get install systemd)");
        }

        // systemd-analyze wants the program and the settings file to exist: point them at the unpacked package.
        var copy = Path.Combine(_data, "taskforge.service");
        await File.WriteAllTextAsync(copy, unit
            .Replace("/opt/taskforge", package.Directory, StringComparison.Ordinal)
            .Replace("/etc/taskforge/taskforge.env", Path.Combine(package.Directory, "taskforge.env"), StringComparison.Ordinal), Ct);
        var (exit, output) = await PublishedPackage.RunAsync("systemd-analyze", ["verify", "--man=no", copy], _data, Ct);
        Assert.True(exit == 0 && !output.Contains("taskforge.service:", StringComparison.Ordinal), $"systemd-analyze verify: {output}");
    }

    private Task<(int ExitCode, string Output)> CliAsync(params string[] arguments) =>
        PublishedPackage.RunAsync(package.Server, arguments, _data, Ct, Settings(), SdkVariables);

    // The package's sample settings file as systemd reads it (KEY="value", # comments), with the data directory moved
    // from /var/lib/taskforge to this test's own, and no dotnet on PATH.
    private Dictionary<string, string> Settings()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = _emptyPath,
        };
        foreach (var line in File.ReadLines(Path.Combine(package.Directory, "taskforge.env")))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var (name, value) = (line[..line.IndexOf('=', StringComparison.Ordinal)], line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim('"'));
            settings[name] = value.Replace("/var/lib/taskforge", _data, StringComparison.Ordinal);
        }

        settings.Remove("Urls"); // ServerProcess picks a free port
        settings["Taskforge__Identity__PasswordIterations"] = "1000";
        return settings;
    }

    private static string DockerHealthCheck()
    {
        var dockerfile = File.ReadAllText(Path.Combine(PublishedPackage.RepositoryRoot, "deploy", "Dockerfile"));
        var match = Regex.Match(dockerfile, @"CMD \[""bash"", ""-c"", ""(.*)""\]");
        Assert.True(match.Success, "no bash health check in deploy/Dockerfile");
        return match.Groups[1].Value.Replace("\\\\", "\\", StringComparison.Ordinal);
    }
}
