using System.Text.Json.Nodes;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Htm;

/// <summary>
/// The business data of a task (<c>/input</c>, <c>/output</c>, <c>/fault</c>; ibm-bpm-htm.md §3.5): GET answers the
/// message (XML, or JSON on Accept; <c>new=true</c> the empty message of its type; 204 when none is stored); PUT
/// stores one and answers the Task JSON, as the state actions do.
/// </summary>
public static class HtmTaskDataApi
{
    public static RouteGroupBuilder MapHtmTaskData(this RouteGroupBuilder htm)
    {
        htm.MapGet("/task/{tkiid}/input", async (HttpContext context, TaskDataService tasks, string tkiid) =>
            Answer(context, await tasks.GetInputAsync(context.Caller(), tkiid, context.RequestAborted)))
            .WithWireFormat(HtmBusinessData.Format);

        htm.MapPut("/task/{tkiid}/input", async (HttpContext context, TaskDataService tasks, HtmBusinessData data, string tkiid) =>
            TaskJson(context, await tasks.SetInputAsync(context.Caller(), tkiid, await RequiredAsync(data, context, "input"), context.RequestAborted)))
            .WithWireFormat(HtmBusinessData.Format);

        htm.MapGet("/task/{tkiid}/output", async (HttpContext context, TaskDataService tasks, string tkiid) =>
            Answer(context, await tasks.GetOutputAsync(context.Caller(), tkiid, context.RequestAborted)))
            .WithWireFormat(HtmBusinessData.Format);

        htm.MapPut("/task/{tkiid}/output", async (HttpContext context, TaskDataService tasks, HtmBusinessData data, string tkiid) =>
            TaskJson(context, await tasks.SetOutputAsync(context.Caller(), tkiid, await RequiredAsync(data, context, "output"), context.RequestAborted)))
            .WithWireFormat(HtmBusinessData.Format);

        htm.MapGet("/task/{tkiid}/fault", async (HttpContext context, TaskDataService tasks, string tkiid) =>
            Answer(context, await tasks.GetFaultAsync(context.Caller(), tkiid, HtmParameters.Optional(context, "faultName"), context.RequestAborted)))
            .WithWireFormat(HtmBusinessData.Format);

        htm.MapPut("/task/{tkiid}/fault", async (HttpContext context, TaskDataService tasks, HtmBusinessData data, string tkiid) =>
            TaskJson(context, await tasks.SetFaultAsync(context.Caller(), tkiid, HtmParameters.Required(context, "faultName"),
                await RequiredAsync(data, context, "fault"), context.RequestAborted)))
            .WithWireFormat(HtmBusinessData.Format);

        return htm;
    }

    private static IResult Answer(HttpContext context, TaskMessage message) =>
        HtmParameters.Flag(context, "new", false)
            ? HtmBusinessData.Write(context, message with { Xml = null }, emptyWhenMissing: true)
            : HtmBusinessData.Write(context, message);

    private static IResult TaskJson(HttpContext context, TaskView view) => Results.Json(HtmTaskJson.Write(view, HtmTasksApi.Locale(context)), WireJson.Options);

    private static async Task<Engine.HumanTasks.Messages.BusinessMessage> RequiredAsync(HtmBusinessData data, HttpContext context, string what) =>
        await data.ReadAsync(context) ?? throw new HtmRequestException(TaskRuleKind.Invalid, HtmErrorNumbers.MandatoryBodyPropertyMissing,
            $"The request needs the {what} message as its body.", what);
}
