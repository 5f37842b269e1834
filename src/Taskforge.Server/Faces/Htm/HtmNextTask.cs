using System.Globalization;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Queries;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Htm;

/// <summary>
/// <c>PUT /task?action=claimNext|getNext</c> (ibm-bpm-htm.md §3.4) with <c>queryFilter</c> (a where-clause over the TASK
/// view), <c>sortAttributes</c> (an order-by clause), <c>maxRetryCount</c> (default 3), the work-item kinds
/// (<see cref="HtmWorkItemKinds"/>) and <c>onBehalfUser</c> (a system administrator claims for that user, who becomes the
/// owner, as IBM's claim on behalf does). Stored queries (<c>query</c>) are not supported. IBM's page leaves the answer open: Taskforge answers 200 with the Task JSON of the task claimed,
/// so the client learns its tkiid (the input is then <c>GET /task/{tkiid}/input</c>), and 204 when nothing is claimable.
/// </summary>
public static class HtmNextTask
{
    private const int DefaultRetries = 3;

    public static async Task<IResult> ClaimAsync(HttpContext context, TaskQueryService tasks, TaskPeopleService people, bool getNext)
    {
        if (HtmParameters.Optional(context, "query") is { } stored)
        {
            throw HtmParameters.Unsupported("query", stored, "queryFilter (a where-clause over TASK) instead of a stored query");
        }

        var retries = HtmParameters.Optional(context, "maxRetryCount") is { } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 100 ? n : throw HtmParameters.Unsupported("maxRetryCount", text, "0 to 100")
            : DefaultRetries;
        WhereCondition? filter;
        IReadOnlyList<OrderByItem> order;
        try
        {
            filter = WhereClauseParser.Parse(HtmParameters.Optional(context, "queryFilter"));
            order = WhereClauseParser.ParseOrderBy(HtmParameters.Optional(context, "sortAttributes"));
        }
        catch (QueryException ex)
        {
            throw new HtmRequestException(TaskRuleKind.Invalid, HtmErrors.NumberOf(ex.Reason), ex.Message, ex.Problem);
        }

        var caller = await people.OnBehalfAsync(context.Caller(), HtmParameters.Optional(context, "onBehalfUser"), context.RequestAborted);
        var kinds = HtmWorkItemKinds.Read(name => HtmParameters.Optional(context, name));
        if (HtmWorkItemKinds.Flag(name => HtmParameters.Optional(context, name), "admin") == true)
        {
            // admin=true lifts work-item authorization for a query (every task); claiming needs a potential owner's work item.
            throw HtmParameters.Unsupported("admin", "true", "false (claimNext and getNext claim as a potential owner)");
        }

        var view = await tasks.ClaimNextAsync(caller, filter, order, getNext, retries, context.RequestAborted, kinds);
        return view is null ? Results.NoContent() : Results.Json(HtmTaskJson.Write(view, HtmTasksApi.Locale(context)), WireJson.Options);
    }
}
