using Taskforge.Fuzz;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Fuzz;

/// <summary>
/// A short run of the request fuzzer (bench/Taskforge.Fuzz, issue 16 part 1) on each storage, so that a change that
/// makes a face answer 500, hang, log an unhandled exception, leave its error format or damage the database is caught
/// here; the long runs and their figures are in docs/reliability.md.
/// </summary>
public sealed class FaceFuzzSmokeTests(PostgresFixture postgres)
{
    // A number of requests rather than a time, so that a busy machine makes the test slower, not weaker.
    private static readonly FuzzOptions Smoke = new(TimeSpan.FromMinutes(2), Senders: 2, Requests: 400);

    [Fact]
    public async Task Sqlite_ShortFuzzRun_BreaksNoProperty()
    {
        using var file = new SqliteFile();
        var report = await FaceFuzzer.RunAsync(file.Options, Smoke, null, TestContext.Current.CancellationToken);
        AssertSound(report);
    }

    [Fact]
    public async Task Postgres_ShortFuzzRun_BreaksNoProperty()
    {
        var storage = await postgres.CreateDatabaseAsync("fuzz");
        var report = await FaceFuzzer.RunAsync(storage, Smoke, null, TestContext.Current.CancellationToken);
        AssertSound(report);
    }

    private static void AssertSound(FuzzReport report)
    {
        TestContext.Current.SendDiagnosticMessage(report.ToString());
        Assert.True(report.Requests >= 400, $"too few requests to mean anything:\n{report}");
        Assert.True(report.RoutesHit > report.RoutesInTable / 2, $"too few routes reached:\n{report}");
        Assert.True(report.New.Count == 0, report.ToString());
    }
}
