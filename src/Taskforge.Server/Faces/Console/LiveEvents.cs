using System.Text;
using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks.Inbox;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console;

/// <summary>
/// Server-Sent Events that keep console pages live: an inbox list and a task page each get an event when what their
/// person sees there has changed. The stream wakes on the engine's task-change feed (fed across nodes by PostgreSQL
/// notifications), asks the engine again as that person, and sends "changed" only when the answer differs; the page then
/// fetches itself. Nothing but the word "changed" crosses, so a stream reveals no task its person could not read.
/// </summary>
public static class LiveEvents
{
    /// <summary>A stream lives this long, then the browser opens a new one (and its session is checked again).</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(20);

    // Bursts (a bulk claim, a chain of follow-ons) settle before the engine is asked again.
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(250);

    public static IEndpointRouteBuilder MapLiveEvents(this IEndpointRouteBuilder app)
    {
        app.MapGet("/inbox/events", (HttpContext context, InboxService inbox, TaskChangeFeed feed, TimeProvider time) =>
        {
            var caller = context.Caller();
            var request = InboxQuery.From(context.Request.Query, caller);
            return StreamAsync(context, feed, time, async ct => Of(await inbox.ListAsync(caller, request, ct), await inbox.CountAsync(caller, ct)));
        });
        app.MapGet("/tasks/{id}/events", (HttpContext context, string id, TaskLifecycleService tasks, TaskChangeFeed feed, TimeProvider time) =>
        {
            var caller = context.Caller();
            return StreamAsync(context, feed, time, async ct =>
            {
                try
                {
                    return Of(await tasks.GetAsync(caller, id, ct));
                }
                catch (TaskforgeException)
                {
                    return "gone";
                }
            });
        });
        return app;
    }

    /// <summary>
    /// What an inbox list shows, in short: the page renders it into its stream's address (<c>seen=</c>), so that a change
    /// between the page's rendering and the stream's start is not missed.
    /// </summary>
    public static string Of(InboxPage page, IReadOnlyDictionary<InboxTab, long> counts) => Hash(
        string.Join(",", page.Tasks.Select(t => $"{t.Task.Id}:{t.Task.Version}")) + "|" + string.Join(",", counts.Select(c => $"{c.Key}={c.Value}")));

    /// <summary>What a task page shows, in short (its version moves with every change).</summary>
    public static string Of(TaskView view) => view.Task.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Hash(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    private static async Task StreamAsync(HttpContext context, TaskChangeFeed feed, TimeProvider time, Func<CancellationToken, Task<string>> look)
    {
        var ct = context.RequestAborted;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // Proxies such as nginx would otherwise hold the stream back in their buffers.
        response.Headers["X-Accel-Buffering"] = "no";
        var ends = time.GetUtcNow() + Lifetime;
        var seen = context.Request.Query["seen"].ToString();
        // The feed's version is read before each look, so a change made while the engine is being asked wakes the next wait.
        var version = feed.Version;
        var first = await look(ct);
        // The stream's first bytes follow its first look: from then on every change to what the page shows is sent.
        await WriteAsync(response, "retry: 5000\n\n", ct);
        if (seen.Length > 0 && seen != first)
        {
            // It changed between the page's rendering and this stream's start.
            await WriteAsync(response, "event: changed\ndata: \n\n", ct);
        }

        seen = first;
        var quiet = 0;
        try
        {
            while (time.GetUtcNow() < ends)
            {
                // A lost notification (another node's listener reconnecting) costs at most a minute: every third quiet
                // heartbeat looks anyway.
                if (!await feed.WaitAsync(version, Heartbeat, time, ct) && ++quiet % 3 != 0)
                {
                    await WriteAsync(response, ": still here\n\n", ct);
                    continue;
                }

                await Task.Delay(Settle, time, ct);
                version = feed.Version;
                var now = await look(ct);
                if (now != seen)
                {
                    seen = now;
                    await WriteAsync(response, "event: changed\ndata: \n\n", ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The page went away.
        }
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken ct)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        await response.Body.FlushAsync(ct);
    }
}
