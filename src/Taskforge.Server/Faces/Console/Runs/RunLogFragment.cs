using System.Globalization;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Engine.Workflows.Runs.Queries;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console.Runs;

/// <summary>
/// <c>GET /runs/{id}/log?after=N</c>: the log lines after line N as <c>&lt;li&gt;</c> rows for the run page's script to
/// append, with the number to ask after next (<c>X-Log-Next</c>) and the run's state (<c>X-Run-State</c>,
/// <c>X-Run-Final</c>) so the script knows when to stop. The engine decides who may read the log, as for the page.
/// </summary>
public static class RunLogFragment
{
    public const string NextHeader = "X-Log-Next";
    public const string StateHeader = "X-Run-State";
    public const string FinalHeader = "X-Run-Final";

    /// <summary>Lines per answer: a tail that fell behind catches up in a few requests, each small.</summary>
    public const int Limit = 1000;

    public static IEndpointRouteBuilder MapRunLog(this IEndpointRouteBuilder app)
    {
        app.MapGet("/runs/{id}/log", async (HttpContext context, RunQueries queries, string id) =>
        {
            var after = context.Request.Query["after"];
            long from = 0;
            if (after.Count > 1 || (after.Count == 1 && !long.TryParse(after[0], NumberStyles.None, CultureInfo.InvariantCulture, out from)))
            {
                return Results.Text("after must be a line number (0 or more), as the last answer's X-Log-Next gave it.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            }

            var page = await queries.LogsAsync(context.Caller(), id, from, Limit, context.RequestAborted);
            var headers = context.Response.Headers;
            headers[NextHeader] = page.Next.ToString(CultureInfo.InvariantCulture);
            headers[StateHeader] = RunStates.ToWire(page.State);
            headers[FinalHeader] = RunStates.IsFinal(page.State) ? "true" : "false";
            headers.CacheControl = "no-store";
            return Results.Text(RunLogHtml.Rows(page.Lines), "text/html; charset=utf-8");
        });
        return app;
    }
}
