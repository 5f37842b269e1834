using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;

namespace Taskforge.Bench;

/// <summary>What the list benchmarks share: their server's settings, timing one page request over and over, and printing a query's plan.</summary>
internal static class PageTiming
{
    /// <summary>The environment of a list benchmark's server: its database, no samples, warnings only.</summary>
    public static Dictionary<string, string> ServerEnvironment(string provider, string connection, string adminPassword) => new()
    {
        ["TASKFORGE_ADMIN_PASSWORD"] = adminPassword,
        ["Taskforge__Storage__Provider"] = provider,
        ["Taskforge__Storage__ConnectionString"] = connection,
        ["Taskforge__Samples__Load"] = "false",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private const int Requests = 200;
    private const int WarmupRequests = 20;

    /// <summary>
    /// p50/p99 of 200 GETs of <paramref name="path"/> after 20 warm-up ones, and how many items the page held: its JSON
    /// <c>items</c>, or what <paramref name="itemsOf"/> counts (the console's pages are HTML).
    /// </summary>
    public static async Task<(double P50, double P99, int Items)> TimeAsync(HttpClient client, string path, CancellationToken ct, Func<byte[], int>? itemsOf = null)
    {
        var uri = new Uri(path, UriKind.Relative);
        var times = new List<double>();
        var items = 0;
        for (var i = 0; i < WarmupRequests + Requests; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync(uri, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
            }

            items = (itemsOf ?? JsonItems)(body);
            if (i >= WarmupRequests)
            {
                times.Add(elapsed);
            }
        }

        var sorted = times.Order().ToArray();
        return (Measure.Percentile(sorted, 0.50), Measure.Percentile(sorted, 0.99), items);
    }

    private static int JsonItems(byte[] body)
    {
        using var page = JsonDocument.Parse(body);
        return page.RootElement.GetProperty("items").GetArrayLength();
    }

    /// <summary>The plan of a query as the database runs it: SQLite's <c>EXPLAIN QUERY PLAN</c>, PostgreSQL's <c>EXPLAIN (ANALYZE, BUFFERS)</c>.</summary>
    public static async Task<List<string>> PlanAsync(DbConnection db, string provider, string sql, object parameters, CancellationToken ct)
    {
        var explain = (provider == "sqlite" ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, BUFFERS) ") + sql;
        await using var reader = await db.ExecuteReaderAsync(new CommandDefinition(explain, parameters, cancellationToken: ct));
        var lines = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            lines.Add(provider == "sqlite" ? reader.GetString(3) : reader.GetString(0));
        }

        return lines;
    }
}
