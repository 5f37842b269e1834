using Taskforge.Tests.Support;

namespace Taskforge.Tests.Faults;

/// <summary>
/// A short run of the SQLite kill loop (the long one: <c>bench/Taskforge.Bench -- kill-loop</c>): a server process killed
/// with SIGKILL every few seconds under runs and task flows loses nothing it acknowledged and its file stays sound.
/// </summary>
public sealed class SqliteKillLoopTests
{
    [Fact]
    public async Task KilledAgainAndAgainUnderLoad_LosesNothingAcknowledged_FileStaysSound()
    {
        var work = Directory.CreateTempSubdirectory("taskforge-killloop-").FullName;
        try
        {
            var result = await SqliteKillLoop.RunAsync(
                new SqliteKillLoop.Options(
                    Path.Combine(AppContext.BaseDirectory, "Taskforge.Server.dll"), work, TimeSpan.FromSeconds(20),
                    TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), Clients: 4, TextWriter.Null, MinKills: 3),
                TestContext.Current.CancellationToken);

            Assert.Empty(result.Violations);
            Assert.True(result.Kills >= 3, $"only {result.Kills} kills");
            Assert.True(result.RunsAcknowledged > 0 && result.TasksCompleted > 0, $"no load: {result}; refusals: {string.Join(" | ", result.FirstRefusals)}");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
