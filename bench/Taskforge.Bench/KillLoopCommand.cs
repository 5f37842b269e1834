using System.Globalization;
using Taskforge.Tests.Faults;

namespace Taskforge.Bench;

/// <summary>
/// <c>kill-loop [--seconds N] [--clients N]</c>: the SQLite kill loop (<see cref="SqliteKillLoop"/>) for a bounded time,
/// the server killed with SIGKILL every 3–10 s; prints its counts and every violation (exit 1 if any).
/// </summary>
internal static class KillLoopCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var seconds = 300;
        var clients = 8;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var ok = args[i] switch
            {
                "--seconds" => int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out seconds) && seconds > 0,
                "--clients" => int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out clients) && clients > 0,
                _ => false,
            };
            if (!ok)
            {
                Console.Error.WriteLine("usage: kill-loop [--seconds N] [--clients N]");
                return 2;
            }
        }

        Console.Error.WriteLine("building the server (Release)");
        var serverDll = await ServerBuild.BuildServerAsync(ServerBuild.FindRepositoryRoot(), ct);
        var work = Directory.CreateTempSubdirectory("taskforge-killloop-").FullName;
        try
        {
            var result = await SqliteKillLoop.RunAsync(
                new SqliteKillLoop.Options(serverDll, work, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10), clients, Console.Error),
                ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ran {result.Ran.TotalSeconds:0} s, {clients} clients: {result.Kills} kills, {result.IntegrityChecks} integrity checks, " +
                $"{result.RunsAcknowledged} runs acknowledged, tasks {result.TasksCreated} created / {result.TasksClaimed} claimed / {result.TasksCompleted} completed, " +
                $"{result.Calls} calls ({result.Unanswered} unanswered, {result.Refused} refused), violations {result.Violations.Count}"));
            foreach (var refusal in result.FirstRefusals)
            {
                Console.WriteLine("first refusals: " + refusal);
            }

            foreach (var violation in result.Violations)
            {
                Console.WriteLine("VIOLATION " + violation);
            }

            return result.Violations.Count == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
