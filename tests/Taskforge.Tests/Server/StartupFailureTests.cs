using System.Diagnostics;

namespace Taskforge.Tests.Server;

/// <summary>
/// A server that cannot start (here: TASKFORGE_ADMIN_PASSWORD too short for a new database) says why and nothing else:
/// no background loop runs against a database that startup has not migrated, and none logs the services being torn
/// down under it (an ObjectDisposedException) as if it were a failure of its own.
/// </summary>
public sealed class StartupFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AServerThatFailsToStart_LogsOnlyWhy_AndNoWorkerRoundOrObjectDisposedException()
    {
        var workDir = Directory.CreateTempSubdirectory("taskforge-startup-").FullName;
        try
        {
            var info = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workDir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Taskforge.Server.dll"));
            info.ArgumentList.Add("--urls=http://127.0.0.1:0");
            info.Environment["TASKFORGE_ADMIN_PASSWORD"] = "short";
            info.Environment["Taskforge__Samples__Load"] = "false";
            info.Environment["Taskforge__Timers__PollInterval"] = "00:00:00.010";
            info.Environment["Taskforge__Runs__PollInterval"] = "00:00:00.010";

            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync(Ct);
            var error = process.StandardError.ReadToEndAsync(Ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            var log = await output + await error;

            Assert.NotEqual(0, process.ExitCode);
            Assert.Contains("at least 8 characters", log, StringComparison.Ordinal);
            Assert.DoesNotContain("round failed", log, StringComparison.Ordinal);
            Assert.DoesNotContain("ObjectDisposedException", log, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(workDir, recursive: true);
        }
    }
}
