using System.Net;
using System.Net.Http.Json;
using Taskforge.Server.Cli;
using Taskforge.Storage;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Cli;

/// <summary>
/// Export and import: what one database holds, written to files and read into an empty one (SQLite and PostgreSQL),
/// exports again to the same files; importing twice adds nothing; a bad file is named and the rest go on.
/// </summary>
public sealed class TransferTests(PostgresFixture postgres) : IDisposable
{
    private readonly SqliteFiles _files = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "taskforge-tests", "export-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnExport_ImportedIntoAnEmptyDatabase_GivesTheSameDefinitions_OnSqliteAndPostgres()
    {
        var source = _files.Create();
        await using (var server = await ServerInstance.StartAsync(source))
        {
            using var admin = server.Admin();
            // The samples are there; add a schedule with a permission rule, a stopped template version and a person to run as.
            using var user = await admin.PostAsJsonAsync("api/v1/users", new { name = "olga", password = "olga-password-1" }, Ct);
            Assert.Equal(HttpStatusCode.Created, user.StatusCode);
            using var schedule = await admin.PostAsJsonAsync("api/v1/schedules", new
            {
                name = "nightly hello", workflow = "hello", cron = "30 2 * * *", timeZone = "America/New_York", start = "2027-01-01T00:00:00Z",
                overlap = "skip", misfire = "fire-once", inputs = new { name = "world" },
            }, Ct);
            Assert.Equal(HttpStatusCode.Created, schedule.StatusCode);
            var id = (await schedule.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(Ct))!["id"]!.ToString();
            using var paused = await admin.PatchAsJsonAsync($"api/v1/schedules/{id}", new { state = "suspended", pauseReason = "until the freeze ends" }, Ct);
            Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        }

        var exported = await Cli.RunAsync(source, "export", Path.Combine(_folder, "first"));
        Assert.True(exported.Code == ExitCodes.Ok, exported.ToString());
        Assert.Contains("1 schedule(s)", exported.Output, StringComparison.Ordinal);

        var notEmpty = await Cli.RunAsync(source, "export", Path.Combine(_folder, "first"));
        Assert.Equal(ExitCodes.Failed, notEmpty.Code);

        foreach (var (name, target) in new[] { ("sqlite", _files.Create()), ("postgres", await postgres.CreateDatabaseAsync("cli_import")) })
        {
            var migrated = await Cli.RunAsync(target, "migrate", "--apply");
            Assert.True(migrated.Code == ExitCodes.Ok, migrated.ToString());
            // The schedule runs as admin: without them the import names the problem and goes on with the rest.
            var withoutUser = await Cli.RunAsync(target, "import", Path.Combine(_folder, "first"));
            Assert.Equal(ExitCodes.Failed, withoutUser.Code);
            Assert.Contains("'admin' (who the schedule runs as) is not a user here", withoutUser.Output, StringComparison.Ordinal);
            Assert.Contains("workflows/hello.json: created", withoutUser.Output, StringComparison.Ordinal);

            Assert.Equal(ExitCodes.Ok, (await Cli.RunAsync(target, "users", "create", "admin", "--role", "administrator")).Code);
            var imported = await Cli.RunAsync(target, "import", Path.Combine(_folder, "first"));
            Assert.True(imported.Code == ExitCodes.Ok, imported.ToString());
            Assert.Contains("schedules/hello.nightly_hello.json: created", imported.Output, StringComparison.Ordinal);

            var twice = await Cli.RunAsync(target, "import", Path.Combine(_folder, "first"));
            Assert.Contains(" 0 created, 0 saved again", twice.Output, StringComparison.Ordinal);

            var second = Path.Combine(_folder, name);
            Assert.Equal(ExitCodes.Ok, (await Cli.RunAsync(target, "export", second)).Code);
            AssertSameFiles(Path.Combine(_folder, "first"), second);
        }
    }

    [Fact]
    public async Task AnInvalidFile_IsNamedWithTheEnginesReason_AndTheOthersAreImported()
    {
        var target = _files.Create();
        Assert.Equal(ExitCodes.Ok, (await Cli.RunAsync(target, "migrate", "--apply")).Code);
        Directory.CreateDirectory(Path.Combine(_folder, "hand", "workflows"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "hand", "workflows", "broken.yaml"), "name: Broken\nsteps: [{id: a, type: teleport}]\n", Ct);
        await File.WriteAllTextAsync(Path.Combine(_folder, "hand", "workflows", "greet.yaml"),
            "name: Greet\nsteps:\n  - {id: say, type: script, script: \"System.log('hi');\"}\n  - {id: done, type: end}\n", Ct);

        var result = await Cli.RunAsync(target, "import", Path.Combine(_folder, "hand"));

        Assert.Equal(ExitCodes.Failed, result.Code);
        Assert.Contains("[1/2] workflows/broken.yaml: FAILED: ", result.Output, StringComparison.Ordinal);
        Assert.Contains("[2/2] workflows/greet.yaml: created", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 created, 0 saved again, 0 left alone, 1 failed", result.Output, StringComparison.Ordinal);
    }

    private static void AssertSameFiles(string expected, string actual)
    {
        static string[] Files(string folder) =>
            [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal)];

        Assert.Equal(Files(expected), Files(actual));
        foreach (var file in Files(expected).Where(f => f != DefinitionFilesName))
        {
            Assert.Equal(File.ReadAllText(Path.Combine(expected, file)), File.ReadAllText(Path.Combine(actual, file)));
        }

        // The manifest differs only in when it was written.
        static string WithoutTime(string text) => string.Join("\n", text.Split('\n').Where(l => !l.Contains("\"exportedAt\"", StringComparison.Ordinal)));
        Assert.Equal(WithoutTime(File.ReadAllText(Path.Combine(expected, DefinitionFilesName))), WithoutTime(File.ReadAllText(Path.Combine(actual, DefinitionFilesName))));
    }

    private const string DefinitionFilesName = "taskforge-export.json";

    public void Dispose()
    {
        _files.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
