using Taskforge.Engine.Errors;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Engine.Workflows.Runs.Queries;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Native;

/// <summary>A run on the runs list; <c>durationMs</c> once it ended.</summary>
public sealed record RunSummaryDto(
    string Id, string Workflow, string? WorkflowName, int Revision, string State, string StartedBy, DateTimeOffset CreatedAt, DateTimeOffset? EndedAt,
    long? DurationMs, string? CurrentStep, string? Error, string? ParentRunId, string? TaskId)
{
    public static RunSummaryDto From(RunListItem item)
    {
        var run = item.Run;
        return new RunSummaryDto(run.Id, run.WorkflowId, item.WorkflowName, run.WorkflowRevision, RunStates.ToWire(run.State), run.StartedBy, run.CreatedAt,
            run.EndedAt, run.EndedAt is { } end ? (long)(end - run.CreatedAt).TotalMilliseconds : null, run.CurrentStep, run.Error, run.ParentRunId, run.TaskId);
    }
}

/// <summary><c>/api/v1/runs</c>: every run the caller may see, whatever started it, newest first.</summary>
public static class RunsApi
{
    public static RouteGroupBuilder MapRuns(this RouteGroupBuilder api)
    {
        var runs = api.MapGroup("/runs").WithTags("Runs");

        runs.MapGet("/", async (HttpContext context, RunQueries queries, string? workflow, string? state, string? startedBy, DateTimeOffset? from,
            DateTimeOffset? to, string? cursor, int? limit) =>
        {
            var errors = new ValidationErrors();
            RunState? wanted = null;
            if (state is not null)
            {
                if (RunStates.TryFromWire(state, out var parsed))
                {
                    wanted = parsed;
                }
                else
                {
                    errors.Add("state", $"'{state}' is not a run state; use running, waiting, waiting-signal, completed, failed or canceled.");
                }
            }

            RunCursor? after = null;
            if (cursor is not null)
            {
                if (RunCursor.TryParse(cursor, out var parsed))
                {
                    after = parsed;
                }
                else
                {
                    errors.Add("cursor", "is not a cursor this list gave; pass the next of the previous page as it was.");
                }
            }

            errors.ThrowIfAny();
            var page = await queries.ListAsync(context.Caller(), new RunFilter(workflow, wanted, startedBy, from, to, after, limit ?? 50), context.RequestAborted);
            return TypedResults.Ok(new KeysetPage<RunSummaryDto>([.. page.Items.Select(RunSummaryDto.From)], page.Next?.ToString()));
        })
        .WithName("ListRuns")
        .WithSummary("Runs the caller may see, newest first, filtered by workflow, state, startedBy and creation time [from, to); limit 1–200 (default 50), cursor from the previous page's next.");

        runs.MapGet("/{id}", async (HttpContext context, RunQueries queries, string id) =>
            TypedResults.Ok(RunDetailDto.From(await queries.GetAsync(context.Caller(), id, context.RequestAborted))))
            .WithName("GetRun")
            .WithSummary("A run: state, inputs and outputs (secure strings masked), its steps with their durations, the runs it started and the human tasks tied to it.");

        runs.MapGet("/{id}/logs", async (HttpContext context, RunQueries queries, string id, long? after, int? limit) =>
            TypedResults.Ok(RunLogPageDto.From(await queries.LogsAsync(context.Caller(), id, after ?? 0, limit ?? 1000, context.RequestAborted))))
            .WithName("GetRunLogs")
            .WithSummary("The run's log lines after line number after (default 0: from the first), oldest first, at most limit (1–10000, default 1000); tail it by asking again after next until state is final.");

        runs.MapPost("/{id}/cancel", async (HttpContext context, RunService service, RunQueries queries, string id) =>
        {
            await service.CancelAsync(context.Caller(), id, context.RequestAborted);
            return TypedResults.Accepted($"{FaceRoots.NativeRoot}/runs/{id}", RunDetailDto.From(await queries.GetAsync(context.Caller(), id, context.RequestAborted)));
        })
        .WithName("CancelRun")
        .WithSummary("Asks the run to stop: a script running on this node is interrupted at once, elsewhere the run stops at its next step boundary. 202 with the run; a run that has ended is left as it is.");

        return api;
    }
}
