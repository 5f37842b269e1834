using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Queries;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Htm;

/// <summary>
/// Task lists as IBM Human Task Manager clients ask for them (ibm-bpm-htm.md §3.6): <c>/tasks/filter</c> with a
/// where-clause, and the stored queries of <see cref="StoredTaskQueries"/> under <c>/tasks/query/{QUERY}</c> (+
/// <c>/count</c>) and <c>/tasks/queries</c>. Each also answers POST with the parameters in an
/// <c>application/x-www-form-urlencoded</c> body, IBM's tunnel for where-clauses too long for a URL (§1).
/// <para>
/// The result schema is a gap in the reference (§3.6, §12). Taskforge answers with the shape IBM's other task lists use
/// (<c>GET /task/{tkiid}/subtasks</c>, §3.5): <c>{"identifier": "tkiid", "items": [Task JSON…]}</c>, so a client parses
/// items with its Task parser, plus <c>offset</c> and <c>size</c> (the number of items on this page). There is no total
/// on a page, which keeps the inbox one indexed query; <c>…/count</c> answers <c>{"count": n}</c>.
/// </para>
/// </summary>
public static class HtmQueriesApi
{
    private const string FormUrlEncoded = "application/x-www-form-urlencoded";

    private static readonly WireFormat FormIn = new([WireFormat.Json], [FormUrlEncoded]);

    public static RouteGroupBuilder MapHtmQueries(this RouteGroupBuilder htm)
    {
        htm.MapMethods("/tasks/filter", [HttpMethods.Get, HttpMethods.Post], async (HttpContext context, TaskQueryService tasks, TaskPeopleService people) =>
        {
            var p = await ParametersAsync(context);
            var options = Options(p, p.GetValueOrDefault("whereClause"), p.GetValueOrDefault("orderByClause"));
            return Page(context, await tasks.QueryAsync(await CallerAsync(context, people, p), options, context.RequestAborted));
        }).WithWireFormat(FormIn);

        htm.MapGet("/tasks/queries", () => Results.Json(new JsonObject
        {
            ["identifier"] = "name",
            ["items"] = new JsonArray([.. StoredTaskQueries.Queries.Select(q => (JsonNode)new JsonObject
            {
                ["name"] = q.Name,
                ["description"] = q.Description,
                ["interactionFilters"] = new JsonArray([.. InteractionFilter.Names.Select(n => (JsonNode)JsonValue.Create(n))]),
            })]),
        }, WireJson.Options));

        htm.MapMethods("/tasks/query/{query}", [HttpMethods.Get, HttpMethods.Post], async (HttpContext context, TaskQueryService tasks, TaskPeopleService people, string query) =>
        {
            var p = await ParametersAsync(context);
            return Page(context, await tasks.QueryStoredAsync(await CallerAsync(context, people, p), query, StoredOptions(p), context.RequestAborted));
        }).WithWireFormat(FormIn);

        htm.MapMethods("/tasks/query/{query}/count", [HttpMethods.Get, HttpMethods.Post], async (HttpContext context, TaskQueryService tasks, TaskPeopleService people, string query) =>
        {
            var p = await ParametersAsync(context);
            var count = await tasks.CountStoredAsync(await CallerAsync(context, people, p), query, StoredOptions(p), context.RequestAborted);
            return Results.Json(new JsonObject { ["count"] = count }, WireJson.Options);
        }).WithWireFormat(FormIn);

        return htm;
    }

    private static TaskQueryOptions StoredOptions(IReadOnlyDictionary<string, StringValues> p) =>
        Options(p, p.GetValueOrDefault("queryFilter"), p.GetValueOrDefault("sortAttributes")) with
        {
            InteractionFilter = p.GetValueOrDefault("interactionFilter") is { Count: > 0 } f ? f.ToString() : null,
        };

    private static TaskQueryOptions Options(IReadOnlyDictionary<string, StringValues> p, StringValues where, StringValues order) => new(
        Where: Text(where),
        OrderBy: Text(order),
        Offset: Number(p, "offset"),
        Size: Number(p, "size"),
        Admin: HtmWorkItemKinds.Flag(name => Text(p.GetValueOrDefault(name)), "admin") ?? false,
        Kinds: HtmWorkItemKinds.Read(name => Text(p.GetValueOrDefault(name))));

    /// <summary>The caller, or with <c>onBehalfUser</c> the user a system administrator asks as (the engine decides who may).</summary>
    private static async Task<Engine.Identity.Caller> CallerAsync(HttpContext context, TaskPeopleService people, IReadOnlyDictionary<string, StringValues> p) =>
        await people.OnBehalfAsync(context.Caller(), Text(p.GetValueOrDefault("onBehalfUser")), context.RequestAborted);

    private static IResult Page(HttpContext context, TaskPage page)
    {
        var locale = HtmTasksApi.Locale(context);
        return Results.Json(new JsonObject
        {
            ["identifier"] = "tkiid",
            ["items"] = new JsonArray([.. page.Tasks.Select(t => (JsonNode)HtmTaskJson.Write(t, locale))]),
            ["offset"] = page.Offset,
            ["size"] = page.Tasks.Count,
        }, WireJson.Options);
    }

    /// <summary>The query string, or for POST the form body (IBM's tunnel); a parameter given in both is taken from the body.</summary>
    private static async Task<IReadOnlyDictionary<string, StringValues>> ParametersAsync(HttpContext context)
    {
        var parameters = context.Request.Query.ToDictionary(q => q.Key, q => q.Value, StringComparer.Ordinal);
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType)
        {
            foreach (var (key, value) in await context.Request.ReadFormAsync(context.RequestAborted))
            {
                parameters[key] = value;
            }
        }

        return parameters;
    }

    private static string? Text(StringValues value) => value.Count == 0 || string.IsNullOrWhiteSpace(value.ToString()) ? null : value.ToString();

    private static int? Number(IReadOnlyDictionary<string, StringValues> p, string name)
    {
        if (Text(p.GetValueOrDefault(name)) is not { } text)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new HtmRequestException(TaskRuleKind.Invalid, HtmErrorNumbers.ValueNotValid,
                $"{name} is a whole number of at least 0, not '{text}'.", name, text);
    }
}
