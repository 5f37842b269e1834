using System.Text.Json;
using System.Text.RegularExpressions;
using Taskforge.Tests.Engine.HumanTasks;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server.Telemetry;

/// <summary>
/// <c>/metrics</c> scraped over a real socket after real work: every metric docs/metrics.md documents is there, and so is
/// every metric the Grafana dashboard (deploy/grafana/taskforge.json) queries. (Names of labels count as found when a
/// series carries them: a query grouping by a label no series has is as wrong as one naming a missing metric.)
/// </summary>
/// <remarks>
/// Alone, not beside other tests: OpenTelemetry's providers hear every meter of a name in the process, and when another
/// test's server stops, the meters it disposes end the metric streams this server's exporter shares with them (a
/// server has the process to itself in production).
/// </remarks>
[Collection(nameof(MetricsEndpointTests))]
public sealed partial class MetricsEndpointTests : IDisposable
{
    private readonly SqliteFile _file = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AScrapeAfterRealFlows_HasEveryDocumentedMetric_AndEveryMetricTheDashboardQueries()
    {
        await using var server = await ServerInstance.StartAsync(_file.Options);
        await new TelemetryFlows(server).RunAllAsync();
        using var admin = server.Admin();

        // The first scrape asks for the counts of tasks and timers; a later one reads them.
        var names = new HashSet<string>(StringComparer.Ordinal);
        var scrape = "";
        for (var i = 0; i < 100 && !names.Contains("taskforge_task_count"); i++)
        {
            await Task.Delay(i == 0 ? 0 : 100, Ct);
            scrape = await admin.GetStringAsync("metrics", Ct);
            names = SeriesNames(scrape);
        }

        Assert.True(names.Contains("taskforge_task_count"), scrape[..Math.Min(scrape.Length, 2000)]);

        var documented = PrometheusNames().Matches(RepoFiles.Read("docs", "metrics.md")).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("taskforge_run_duration_seconds", documented);
        Assert.Empty(documented.Where(name => !names.Contains(name) && !names.Contains(name + "_bucket")).Order());

        using var dashboard = JsonDocument.Parse(RepoFiles.Read("deploy", "grafana", "taskforge.json"));
        var queried = Expressions(dashboard.RootElement).SelectMany(e => PrometheusNames().Matches(e).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("taskforge_schedule_fires_total", queried);
        Assert.Empty(queried.Where(name => !names.Contains(name)).Order());
    }

    public void Dispose() => _file.Dispose();

    [CollectionDefinition(nameof(MetricsEndpointTests), DisableParallelization = true)]
    public sealed class Alone;

    // The exposition format: "name{label="value",…} value" or "name value"; comments start with #. Series and label names.
    private static HashSet<string> SeriesNames(string scrape)
    {
        var lines = scrape.Split('\n').Where(l => l.Length > 0 && l[0] != '#').ToList();
        var names = lines.Select(l => l[..l.IndexOfAny(['{', ' '])]).ToHashSet(StringComparer.Ordinal);
        names.UnionWith(lines.SelectMany(l => LabelNames().Matches(l).Select(m => m.Groups[1].Value)));
        return names;
    }

    [GeneratedRegex(@"[{,]([a-zA-Z_][a-zA-Z0-9_]*)=""")]
    private static partial Regex LabelNames();

    private static IEnumerable<string> Expressions(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => p.Name == "expr" && p.Value.ValueKind == JsonValueKind.String ? [p.Value.GetString()!] : Expressions(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Expressions),
        _ => [],
    };

    [GeneratedRegex(@"\b(?:taskforge|dotnet|http_server)_[a-z0-9_]+")]
    private static partial Regex PrometheusNames();
}
