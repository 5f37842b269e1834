using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Taskforge.Server.Cli;
using Taskforge.Storage;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Cli;

/// <summary>The operator's commands on SQLite: usage errors, migrations, users, the check and the online backup.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly SqliteFiles _files = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Help_ListsEveryCommand_AndAWrongCommandLineExitsTwoSayingWhatToRead()
    {
        var help = await Cli.RunAsync(null, "--help");
        Assert.Equal(ExitCodes.Ok, help.Code);
        foreach (var command in new[] { "serve", "migrate", "users", "import", "export", "backup", "check" })
        {
            Assert.Contains(command, help.Output, StringComparison.Ordinal);
        }

        var unknown = await Cli.RunAsync(null, "frobnicate");
        Assert.Equal(ExitCodes.Usage, unknown.Code);
        Assert.Contains("taskforge --help", unknown.Error, StringComparison.Ordinal);

        var stray = await Cli.RunAsync(_files.Create(), "users", "list", "--colour");
        Assert.Equal(ExitCodes.Usage, stray.Code);
        Assert.Contains("--colour", stray.Error, StringComparison.Ordinal);
        Assert.Contains("taskforge users --help", stray.Error, StringComparison.Ordinal);

        var missing = await Cli.RunAsync(_files.Create(), "users", "disable");
        Assert.Equal(ExitCodes.Usage, missing.Code);
    }

    [Fact]
    public async Task Migrate_PrintsWhatIsPending_AppliesItWithApply_AndThenHasNothingToDo()
    {
        var storage = _files.Create();
        var latest = Taskforge.Storage.Migrations.MigrationCatalog.LatestVersion(StorageOptions.Sqlite);

        var printed = await Cli.RunAsync(storage, "migrate");
        Assert.Equal(ExitCodes.Ok, printed.Code);
        Assert.Contains($"version 0 applied, {latest} in this build", printed.Output, StringComparison.Ordinal);
        Assert.Contains("pending 0001 identity", printed.Output, StringComparison.Ordinal);

        var users = await Cli.RunAsync(storage, "users", "list");
        Assert.Equal(ExitCodes.NotReady, users.Code);
        Assert.Contains("taskforge migrate --apply", users.Error, StringComparison.Ordinal);

        var applied = await Cli.RunAsync(storage, "migrate", "--apply");
        Assert.Equal(ExitCodes.Ok, applied.Code);
        Assert.Contains($"Applied {latest}", applied.Output, StringComparison.Ordinal);

        var again = await Cli.RunAsync(storage, "migrate", "--apply");
        Assert.Contains("Nothing to apply.", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_MadeAndChangedByTheCommandLine_SignInToTheServer_AsTheEngineSays()
    {
        var storage = _files.Create();
        Assert.Equal(ExitCodes.Ok, (await Cli.RunAsync(storage, "migrate", "--apply")).Code);

        var created = await Cli.RunWithInputAsync(storage, "olga-password-1\n", "users", "create", "olga", "--display-name", "Olga Ops", "--role", "monitor", "--password-stdin");
        Assert.True(created.Code == ExitCodes.Ok, created.ToString());
        var generated = await Cli.RunAsync(storage, "users", "create", "mia");
        var miaPassword = generated.Output.Split('\n').Select(l => l.Trim()).Last(l => l.Length > 0);

        var tooShort = await Cli.RunWithInputAsync(storage, "short\n", "users", "create", "rita", "--password-stdin");
        Assert.Equal(ExitCodes.Failed, tooShort.Code);
        Assert.Contains("password", tooShort.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", tooShort.Error, StringComparison.Ordinal);

        var list = await Cli.RunAsync(storage, "users", "list");
        Assert.Contains("olga", list.Output, StringComparison.Ordinal);
        Assert.Contains("monitor", list.Output, StringComparison.Ordinal);
        Assert.Contains("Olga Ops", list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("rita", list.Output, StringComparison.Ordinal);

        await using (var server = await ServerInstance.StartAsync(storage))
        {
            using var olga = server.As("olga", "olga-password-1");
            Assert.Equal(HttpStatusCode.OK, (await olga.GetAsync("api/v1/me", Ct)).StatusCode);
            using var mia = server.As("mia", miaPassword);
            Assert.Equal(HttpStatusCode.OK, (await mia.GetAsync("api/v1/me", Ct)).StatusCode);
        }

        Assert.Equal(ExitCodes.Ok, (await Cli.RunAsync(storage, "users", "disable", "olga")).Code);
        Assert.Equal(ExitCodes.Ok, (await Cli.RunWithInputAsync(storage, "mia-password-22\n", "users", "reset-password", "mia", "--password-stdin")).Code);
        var nobody = await Cli.RunAsync(storage, "users", "disable", "nobody");
        Assert.Equal(ExitCodes.Failed, nobody.Code);

        await using (var server = await ServerInstance.StartAsync(storage))
        {
            using var olga = server.As("olga", "olga-password-1");
            Assert.Equal(HttpStatusCode.Unauthorized, (await olga.GetAsync("api/v1/me", Ct)).StatusCode);
            using var oldMia = server.As("mia", miaPassword);
            Assert.Equal(HttpStatusCode.Unauthorized, (await oldMia.GetAsync("api/v1/me", Ct)).StatusCode);
            using var mia = server.As("mia", "mia-password-22");
            Assert.Equal(HttpStatusCode.OK, (await mia.GetAsync("api/v1/me", Ct)).StatusCode);
        }
    }

    [Fact]
    public async Task Check_SaysWhatIsWrong_WithExitCodeThree()
    {
        var storage = _files.Create();
        var fresh = await Cli.RunAsync(storage, "check");
        Assert.True(fresh.Code == ExitCodes.Ok, fresh.ToString());
        Assert.Contains("the server applies", fresh.Output, StringComparison.Ordinal);

        var noAutoMigrate = await Cli.RunAsync(storage, "check", "--Taskforge:Storage:AutoMigrate=false");
        Assert.Equal(ExitCodes.NotReady, noAutoMigrate.Code);
        Assert.Contains("FAIL  schema", noAutoMigrate.Output, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Ok, (await Cli.RunAsync(storage, "migrate", "--apply")).Code);
        var migrated = await Cli.RunAsync(storage, "check");
        Assert.Equal(ExitCodes.Ok, migrated.Code);
        Assert.Contains("as this build expects", migrated.Output, StringComparison.Ordinal);

        using var output = new StringWriter();
        var badProvider = await TaskforgeCli.RunAsync(["check", "--Taskforge:Storage:Provider=oracle"], output, TextWriter.Null, TextReader.Null);
        Assert.Equal(ExitCodes.NotReady, badProvider);
        Assert.Contains("FAIL  settings", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_WhileTheServerRuns_IsAWholeDatabaseThatAServerCarriesOnFrom()
    {
        var storage = _files.Create();
        var backupFile = Path.Combine(Path.GetDirectoryName(new SqliteConnectionStringBuilder(storage.ConnectionString).DataSource)!, "backup", "taskforge-backup.db");
        await using (var server = await ServerInstance.StartAsync(storage))
        {
            using var admin = server.Admin();
            using var created = await admin.PostAsJsonAsync("api/v1/users", new { name = "kept", password = "kept-password-1" }, Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

            var backup = await Cli.RunAsync(storage, "backup", backupFile);
            Assert.True(backup.Code == ExitCodes.Ok, backup.ToString());
            var again = await Cli.RunAsync(storage, "backup", backupFile);
            Assert.Equal(ExitCodes.Failed, again.Code);
            Assert.Contains("exists", again.Error, StringComparison.Ordinal);
        }

        await using (var connection = new SqliteConnection($"Data Source={backupFile};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", await command.ExecuteScalarAsync(Ct));
        }

        var restored = new StorageOptions { Provider = StorageOptions.Sqlite, ConnectionString = $"Data Source={backupFile}" };
        await using (var server = await ServerInstance.StartAsync(restored))
        {
            using var kept = server.As("kept", "kept-password-1");
            Assert.Equal(HttpStatusCode.OK, (await kept.GetAsync("api/v1/me", Ct)).StatusCode);
            using var admin = server.Admin();
            using var more = await admin.PostAsJsonAsync("api/v1/users", new { name = "after", password = "after-password-1" }, Ct);
            Assert.Equal(HttpStatusCode.Created, more.StatusCode);
        }
    }

    public void Dispose() => _files.Dispose();
}
