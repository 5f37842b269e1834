using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Htm;

/// <summary>
/// The answer to <c>mode=sync</c> (<c>POST /task</c>, <c>PUT /task/{tkiid}?action=start</c>; ibm-bpm-htm.md §3.1, §5.2):
/// the ended invocation task's output message, or its modelled fault wrapped in IBM's <c>taskFault</c> element. Both are
/// 200, since IBM lists "successful completion (if mode is set to sync)" as the one status for either: the call worked,
/// the service answered with a fault. A failure without a modelled fault is 500 CWTKA0040E; a task that was terminated
/// or expired while the caller waited is 409 CWTKA0050E / CWTKA0051E, IBM's numbers for exactly those states.
/// </summary>
public static class HtmCallAnswer
{
    public const string TaskFaultNamespace = "http://www.ibm.com/xmlns/prod/websphere/bpm/rest/htm/v1/taskFault";

    public static IResult Write(HttpContext context, TaskView ended)
    {
        var task = ended.Task;
        var model = ended.Template.Template;
        return task.State switch
        {
            TaskState.Finished => HtmBusinessData.Write(context, new TaskMessage(task.Output, model.Output), emptyWhenMissing: true),
            TaskState.Failed when task.FaultName is { } name && model.Faults.TryGetValue(name, out var type) => Fault(context, name, task.Fault, type),
            TaskState.Failed => throw new TaskInvocationException(
                $"Task {task.Id} failed without a modelled fault: {task.EndReason ?? "no reason given"}.", task.Id),
            TaskState.Terminated => throw new HtmRequestException(TaskRuleKind.Conflict, HtmErrorNumbers.TaskTerminated, $"Task {task.Id} was terminated: {task.EndReason}", task.Id),
            TaskState.Expired => throw new HtmRequestException(TaskRuleKind.Conflict, HtmErrorNumbers.TaskExpired, $"Task {task.Id} expired before its service answered.", task.Id),
            _ => throw new HtmRequestException(TaskRuleKind.Conflict, HtmErrorNumbers.StateDoesNotAllowAction,
                $"Task {task.Id} ended {TaskStates.ToIbm(task.State)}, which has no output to answer with.", task.Id),
        };
    }

    private static IResult Fault(HttpContext context, string name, string? xml, MessageType type)
    {
        var data = xml ?? BusinessData.EmptyXml(type);
        if (HtmBusinessData.WantsJson(context.Request))
        {
            return Results.Json(new JsonObject { ["faultName"] = name, ["faultData"] = BusinessData.XmlToJson(data, type) }, WireJson.Options);
        }

        // The fault element keeps its own namespace: XLinq writes xmlns="" on it when it has none, rather than letting it
        // fall into the wrapper's default namespace.
        XNamespace ns = TaskFaultNamespace;
        var wrapper = new XElement(ns + "taskFault", new XElement(ns + "faultName", name), new XElement(ns + "faultData", XElement.Parse(data)));
        return Results.Text("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + wrapper.ToString(SaveOptions.DisableFormatting), WireFormat.Xml, Encoding.UTF8);
    }
}
