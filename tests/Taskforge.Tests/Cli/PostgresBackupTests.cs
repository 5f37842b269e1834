using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Taskforge.Server.Cli;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Cli;

/// <summary>
/// A PostgreSQL backup made with the command <c>taskforge backup</c> prints, taken while a node writes, and restored with
/// <c>pg_restore</c> into an empty database that a node then carries on from (issue 16, part 5).
/// </summary>
public sealed class PostgresBackupTests(PostgresFixture postgres) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "taskforge-tests", "pg-backup-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheBackupCommandItPrints_RestoresIntoADatabaseANodeCarriesOnFrom()
    {
        var source = await postgres.CreateDatabaseAsync("backup_source");
        var target = await postgres.CreateDatabaseAsync("backup_target");
        var dump = Path.Combine(_folder, "taskforge.dump");
        Directory.CreateDirectory(_folder);

        await using (var server = await ServerInstance.StartAsync(source))
        {
            using var admin = server.Admin();
            using var kept = await admin.PostAsJsonAsync("api/v1/users", new { name = "kept", password = "kept-password-1" }, Ct);
            Assert.Equal(HttpStatusCode.Created, kept.StatusCode);

            var printed = await Cli.RunAsync(source, "backup", dump);
            Assert.True(printed.Code == ExitCodes.Ok, printed.ToString());
            var password = new NpgsqlConnectionStringBuilder(source.ConnectionString).Password;
            Assert.False(!string.IsNullOrEmpty(password) && printed.Output.Contains(password, StringComparison.Ordinal), "the password was printed");
            var command = printed.Output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("pg_dump ", StringComparison.Ordinal));

            // Taken while the node runs its loops and serves.
            await RunAsync("pg_dump", command.Split(' ').Skip(1), source.ConnectionString!);
        }

        var restore = new NpgsqlConnectionStringBuilder(target.ConnectionString);
        await RunAsync("pg_restore", ["--no-owner", $"--host={restore.Host}", $"--port={restore.Port}", $"--username={restore.Username}", $"--dbname={restore.Database}", dump],
            target.ConnectionString!);

        await using (var server = await ServerInstance.StartAsync(target))
        {
            using var kept = server.As("kept", "kept-password-1");
            Assert.Equal(HttpStatusCode.OK, (await kept.GetAsync("api/v1/me", Ct)).StatusCode);
            using var admin = server.Admin();
            using var after = await admin.PostAsJsonAsync("api/v1/users", new { name = "after", password = "after-password-1" }, Ct);
            Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        }
    }

    private static async Task RunAsync(string tool, IEnumerable<string> arguments, string connectionString)
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", tool)).Where(File.Exists).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null)
        {
            Assert.Skip($"{tool} is not installed here.");
        }

        var info = new ProcessStartInfo(bin) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The password goes by the environment, as the command's note says, never on the command line.
        info.Environment["PGPASSWORD"] = new NpgsqlConnectionStringBuilder(connectionString).Password ?? "";
        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync(Ct);
        await process.StandardOutput.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, $"{tool} exited with {process.ExitCode}: {await errors}");
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
