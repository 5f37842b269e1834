using Taskforge.Engine.Schedules;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Vco;

/// <summary>
/// A task's permission rules as vRO serves them (vro.md §2.1; SW842 "Task Service"): list, add (200 + the list),
/// remove all, and one rule by id (its principal) to read, replace or remove. Unlike a workflow's, a task's DELETE and
/// PUT answer 202 with no body. Who may do what is the engine's <see cref="ScheduleRights"/>: a caller who may not
/// view the task gets 404, one who may view but not administer it 403.
/// </summary>
public static class VcoTaskPermissionsApi
{
    public static RouteGroupBuilder MapVcoTaskPermissions(this RouteGroupBuilder vco)
    {
        vco.MapGet("/tasks/{id}/permissions", async (HttpContext context, ScheduleService schedules, Hrefs hrefs, string id) =>
            Results.Json(VcoPermissions.List(VcoTasksApi.Href(context, hrefs, id), await schedules.PermissionsAsync(context.Caller(), id, context.RequestAborted)),
                WireJson.Options));

        vco.MapPost("/tasks/{id}/permissions", async (HttpContext context, ScheduleService schedules, VcoBody body, Hrefs hrefs, string id) =>
        {
            var added = VcoPermissions.ReadList(await body.ReadAsync(context));
            var rules = await schedules.AddPermissionsAsync(context.Caller(), id, added, context.RequestAborted);
            return Results.Json(VcoPermissions.List(VcoTasksApi.Href(context, hrefs, id), rules), WireJson.Options);
        });

        vco.MapDelete("/tasks/{id}/permissions", async (HttpContext context, ScheduleService schedules, string id) =>
        {
            await schedules.SetPermissionsAsync(context.Caller(), id, [], context.RequestAborted);
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });

        vco.MapGet("/tasks/{id}/permissions/{ruleId}", async (HttpContext context, ScheduleService schedules, Hrefs hrefs, string id, string ruleId) =>
            Results.Json(VcoPermissions.Rule(VcoTasksApi.Href(context, hrefs, id), await schedules.PermissionAsync(context.Caller(), id, ruleId, context.RequestAborted)),
                WireJson.Options));

        vco.MapPut("/tasks/{id}/permissions/{ruleId}", async (HttpContext context, ScheduleService schedules, VcoBody body, string id, string ruleId) =>
        {
            var rule = VcoPermissions.ReadRule(await body.ReadAsync(context), ruleId);
            await schedules.ReplacePermissionAsync(context.Caller(), id, ruleId, rule, context.RequestAborted);
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });

        vco.MapDelete("/tasks/{id}/permissions/{ruleId}", async (HttpContext context, ScheduleService schedules, string id, string ruleId) =>
        {
            await schedules.RemovePermissionAsync(context.Caller(), id, ruleId, context.RequestAborted);
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });

        return vco;
    }
}
