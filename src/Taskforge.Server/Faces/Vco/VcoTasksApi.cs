using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Schedules.Recurrence;
using Taskforge.Engine.Workflows;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Vco;

/// <summary>
/// Scheduled tasks as vRO clients drive them (vro.md §2.1, §3.1–§3.3, §5): create (202 + task + Location), list,
/// read, update by POST (partial; <c>state</c> suspends and resumes), delete, the runs a task started, and the tasks
/// of a workflow, and its permissions (<see cref="VcoTaskPermissionsApi"/>). Extensions clients ignore: <c>next-fire-time</c>,
/// <c>error</c>, <c>pause-reason</c> on a task; <c>slot</c> and <c>fireReason</c> attributes and a <c>fires</c> list on its executions.
/// </summary>
public static class VcoTasksApi
{
    public static RouteGroupBuilder MapVcoTasks(this RouteGroupBuilder vco, VcoServices services)
    {
        services.Add("/tasks/", "Scheduled tasks");

        vco.MapPost("/tasks", async (HttpContext context, ScheduleService schedules, WorkflowService workflows, VcoBody body, Hrefs hrefs) =>
        {
            var caller = context.Caller();
            var json = await body.ReadAsync(context);
            // The named workflow is read first, so the body's inputs can be decoded by their declared types.
            var definition = VcoTaskRequest.WorkflowIdOf(json) is { } workflowId
                ? (await workflows.GetAsync(caller, workflowId, null, context.RequestAborted)).Definition : null;
            var request = VcoTaskRequest.Read(json, name => name == definition?.Id ? definition : null);
            var schedule = await schedules.CreateAsync(caller, request, context.RequestAborted);
            var task = await TaskAsync(context, hrefs, workflows, schedule);
            context.Response.Headers.Location = task["href"]!.GetValue<string>();
            return Results.Json(task, WireJson.Options, statusCode: StatusCodes.Status202Accepted);
        });

        vco.MapGet("/tasks", (HttpContext context, ScheduleService schedules, Hrefs hrefs) => ListAsync(context, schedules, hrefs, null));

        vco.MapGet("/workflows/{id}/tasks", (HttpContext context, ScheduleService schedules, Hrefs hrefs, string id) => ListAsync(context, schedules, hrefs, id));

        vco.MapGet("/tasks/{id}", async (HttpContext context, ScheduleService schedules, WorkflowService workflows, Hrefs hrefs, string id) =>
            Results.Json(await TaskAsync(context, hrefs, workflows, await schedules.GetAsync(context.Caller(), id, context.RequestAborted)), WireJson.Options));

        vco.MapPost("/tasks/{id}", async (HttpContext context, ScheduleService schedules, WorkflowService workflows, VcoBody body, Hrefs hrefs, string id) =>
        {
            var caller = context.Caller();
            var current = await schedules.GetAsync(caller, id, context.RequestAborted);
            var json = await body.ReadAsync(context);
            // Inputs are decoded by the types the task's workflow declares. A body without inputs (a suspend, say) needs
            // no workflow, so a caller who may edit the task but not see its workflow can still suspend and resume it.
            var definition = VcoTaskRequest.CarriesInputs(json)
                ? (await workflows.GetAsync(caller, current.WorkflowId, null, context.RequestAborted)).Definition : null;
            var request = VcoTaskRequest.Read(json, _ => definition);
            var updated = await schedules.UpdateAsync(caller, id, request, context.RequestAborted);
            return Results.Json(await TaskAsync(context, hrefs, workflows, updated), WireJson.Options);
        });

        vco.MapDelete("/tasks/{id}", async (HttpContext context, ScheduleService schedules, string id) =>
        {
            await schedules.DeleteAsync(context.Caller(), id, context.RequestAborted);
            return Results.NoContent();
        });

        // Beside vRO's shape, which clients read: each execution's slot and fire reason as extra attributes, and every
        // recorded slot (skipped and refused ones too, which started no execution) in "fires", newest first.
        vco.MapGet("/tasks/{id}/executions", async (HttpContext context, ScheduleService schedules, Hrefs hrefs, string id) =>
        {
            var fires = (await schedules.FiresAsync(context.Caller(), id, 10_000, context.RequestAborted)).Items;
            var items = fires.Where(f => f.Run is not null).Select(f => (
                hrefs.To(context, $"{FaceRoots.VcoRoot}/workflows/{Uri.EscapeDataString(f.Run!.WorkflowId)}/executions/{f.Run.Id}/"),
                (IReadOnlyList<VcoNameValue>)
                [
                    new("id", f.Run.Id),
                    new("startDate", ParameterValues.FormatDate(f.Run.CreatedAt)),
                    new("endDate", f.Run.EndedAt is { } end ? ParameterValues.FormatDate(end) : null),
                    new("startedBy", f.Run.StartedBy),
                    new("state", RunStates.ToWire(f.Run.State)),
                    new("slot", ParameterValues.FormatDate(f.Fire.Slot)),
                    new("fireReason", f.Reason),
                ]));
            var query = VcoListQuery.From(context.Request.Query);
            var page = query.Apply(items);
            var recent = fires.Take(query.MaxResult == int.MaxValue ? RecentFires : query.MaxResult).Select(f => new VcoFire(
                ParameterValues.FormatDate(f.Fire.Slot), ParameterValues.FormatDate(f.Fire.FiredAt), FireOutcomes.ToWire(f.Fire.Outcome), f.Reason,
                (long)f.Fire.Lag.TotalMilliseconds, f.Fire.RunId)).ToList();
            return Results.Json(new
            {
                relations = new { total = page.Total, start = page.Start, startIndex = page.StartIndex, count = page.Count, link = page.Link },
                fires = recent,
            }, WireJson.Options);
        });

        return vco.MapVcoTaskPermissions();
    }

    private static async Task<IResult> ListAsync(HttpContext context, ScheduleService schedules, Hrefs hrefs, string? workflowId)
    {
        var list = await schedules.ListAsync(context.Caller(), workflowId, context.RequestAborted);
        var items = list.Select(s => (Href(context, hrefs, s.Id), (IReadOnlyList<VcoNameValue>)
        [
            new("id", s.Id),
            new("name", s.Name),
            new("state", ScheduleStates.ToWire(s.State)),
            new("user", s.UserName),
            new("workflowId", s.WorkflowId),
            new("recurrenceCycle", s.Cycle),
            new("nextExecutionDate", s.NextFireAt is { } next ? Date(next) : null),
            new("description", s.Description ?? ""),
        ]));
        return Results.Json(VcoListQuery.From(context.Request.Query).Apply(items), WireJson.Options);
    }

    private static async Task<JsonObject> TaskAsync(HttpContext context, Hrefs hrefs, WorkflowService workflows, Schedule s)
    {
        WorkflowDefinition? definition = null;
        try
        {
            definition = (await workflows.GetAsync(context.Caller(), s.WorkflowId, null, context.RequestAborted)).Definition;
        }
        catch (Engine.Errors.NotFoundException)
        {
            // The workflow is gone (the task is then in error): show the task with what it stored.
        }

        var task = new JsonObject
        {
            ["id"] = s.Id,
            ["href"] = Href(context, hrefs, s.Id),
            ["name"] = s.Name,
            ["description"] = s.Description ?? "",
            ["recurrence-cycle"] = s.Cycle,
            ["recurrence-pattern"] = s.Pattern ?? (s.Cycle == ScheduleTiming.Cron ? null : ""),
            ["recurrence-start-date"] = Date(s.StartAt),
            ["start-mode"] = StartModes.ToWire(s.StartMode),
            ["state"] = ScheduleStates.ToWire(s.State),
            ["user"] = s.UserName,
            ["userName"] = s.UserName,
            ["workflow"] = new JsonObject
            {
                ["id"] = s.WorkflowId, ["name"] = definition?.Name ?? s.WorkflowId,
                ["href"] = hrefs.To(context, $"{FaceRoots.VcoRoot}/workflows/{Uri.EscapeDataString(s.WorkflowId)}/"),
            },
            ["input-parameters"] = VcoTaskParameters.Write(s, definition),
        };
        if (s.EndAt is { } endAt)
        {
            task["recurrence-end-date"] = Date(endAt); // omitted when not set, as vRO does (Terraform checks it is absent)
        }

        if (s.InstanceId is { } instance)
        {
            task["running-instance-id"] = instance;
        }

        if (s.NextFireAt is { } next)
        {
            task["next-fire-time"] = Date(next);
        }

        if (s.Error is { } error)
        {
            task["error"] = error;
        }

        if (s.PauseReason is { } reason)
        {
            task["pause-reason"] = reason;
        }

        return task;
    }

    // How many recorded slots "fires" lists without a maxResult; GET /api/v1/schedules/{id}/fires pages through them all.
    private const int RecentFires = 100;

    /// <summary>The absolute href of a task, ending in <c>/</c>.</summary>
    internal static string Href(HttpContext context, Hrefs hrefs, string id) => hrefs.To(context, $"{FaceRoots.VcoRoot}/tasks/{Uri.EscapeDataString(id)}/");

    /// <summary>One recorded slot in a task's <c>fires</c> extension, in vRO's lowercase-hyphen style.</summary>
    private sealed record VcoFire(
        string Slot,
        [property: JsonPropertyName("fired-at")] string FiredAt,
        string Outcome,
        string Reason,
        [property: JsonPropertyName("lag-ms")] long LagMs,
        [property: JsonPropertyName("execution-id")] string? ExecutionId);

    private static string Date(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFF'Z'", CultureInfo.InvariantCulture);
}
