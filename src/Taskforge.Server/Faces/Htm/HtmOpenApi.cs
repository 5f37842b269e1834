using Microsoft.OpenApi;
using Taskforge.Server.Http.OpenApi;
using static Taskforge.Server.Http.OpenApi.Schemas;
using E = Taskforge.Server.Faces.Htm.HtmOpenApiExamples;

namespace Taskforge.Server.Faces.Htm;

/// <summary>
/// The IBM BPM HTM dialect's OpenAPI document (<c>/openapi/htm.json</c>): IBM's Task JSON (the seed's schema), the
/// business data a template declares (XML or JSON), the lists and bulk answers of ibm-bpm-htm.md, with answers Taskforge
/// gave on the sample template as examples.
/// </summary>
public static class HtmOpenApi
{
    private const string Root = "/rest/bpm/htm/v1";

    private static readonly (string, string, bool)[] Query =
    [
        ("whereClause", "Condition on the task views, e.g. TASK.STATE=TASK.STATE.STATE_READY (filter) ", false),
        ("orderByClause", "Order, e.g. TASK.PRIORITY DESC (filter).", false),
        ("queryFilter", "Condition added to a stored query.", false),
        ("sortAttributes", "Order of a stored query's result.", false),
        ("interactionFilter", "ASSESS_AVAILABLE, WORK_ON, WORK_ON_ACTIVE, ASSESS_AND_WORK_ON, CHECK_COMPLETED or BROWSE_ALL.", false),
        ("offset", "The first task to return, from 0.", false),
        ("size", "How many tasks at most.", false),
        ("admin", "true: as a task administrator.", false),
        ("onBehalfUser", "Run the query as this user (administrators).", false),
    ];

    public static FaceDocument Document { get; } = new(
        "Taskforge IBM BPM HTM dialect",
        "IBM BPM's Human Task Manager REST interface as Taskforge serves it at /rest/bpm/htm/v1 (also at /rest/bpm/htm without "
        + "the version), for existing IBM task clients. Task metadata is JSON; business data (a task's input, output and faults) is "
        + "XML or JSON, as the Accept and Content-Type headers say. A POST with X-HTTP-Method-Override: PUT or DELETE is served as "
        + "that method. Sign in with HTTP Basic or a bearer token. Errors are {\"errorNumber\",\"errorMessage\",\"errorMessageParameters\"}.",
        "Error",
        BuildSchemas(),
        [.. Operations()])
    {
        XmlSchemas = new HashSet<string>(["BusinessData"], StringComparer.Ordinal),
    };

    private static Dictionary<string, OpenApiSchema> BuildSchemas() => new(StringComparer.Ordinal)
    {
        ["Error"] = Object("IBM's error body.",
            ("errorNumber", String("IBM's message number, e.g. CWTKA0024E.")), ("errorMessage", String()), ("errorMessageParameters", Array(String()))),
        ["Task"] = HtmTaskSchema.Build(),
        ["TaskList"] = Object("Tasks.", ("identifier", String("tkiid")), ("items", Array(Ref("Task"))), ("offset", Integer()), ("size", Integer())),
        ["TaskTemplate"] = Map(description: "A task template: tktid, name, namespace, kind, priority, state, durations, supports* flags, message type names, custom properties."),
        ["TaskTemplates"] = Object("Task templates.", ("identifier", String("tktid")), ("items", Array(Ref("TaskTemplate")))),
        ["BusinessData"] = Map(description: "A message of the template's type: XML in its element and namespace, or JSON with attributes as @name."),
        ["TaskUpdate"] = Map(description: "Task properties to change (action=update), by their Task JSON names: priority, dueTime, customText1…, customProperties."),
        ["BulkRequest"] = Object("The tasks of a bulk action.",
            ("taskIDs", Array(String())), ("updatedTaskIDs", Array(String(), "action=update")), ("updatedPropertyValues", Ref("TaskUpdate"))),
        ["BulkResult"] = Object("The tasks a bulk action failed on.",
            ("failedOperations", Array(Object(null, ("tkiid", String()), ("errorNumber", String()), ("errorMessage", String()))))),
        ["StaffResultSet"] = Object("The people in a role.",
            ("staffResultSet", Object(null, ("resultType", String()), ("userIDs", Array(String())), ("groupIDs", Array(String()))))),
        ["History"] = Object("A task's events, oldest first.",
            ("tkiid", String()), ("items", Array(Map(description: "event, eventTime, principal, and what the event concerns (toID, reason, escalationID, detail…)")))),
        ["Actions"] = Object("What the caller may do now, per task.",
            ("identifier", String()), ("tasks", Array(Object(null, ("tkiid", String()), ("actions", Array(String())))))),
        ["Escalation"] = Map(description: "An escalation: esiid, tkiid, name, action, states, times, increasePriority, customProperties."),
        ["EscalationInfo"] = Object("A task's escalation chains.", ("escalationInfo", Array(Map()))),
        ["Queries"] = Object("The stored queries.",
            ("identifier", String()), ("items", Array(Object(null, ("name", String()), ("description", String()), ("interactionFilters", Array(String())))))),
        ["Count"] = Object("How many tasks a query finds.", ("count", Integer())),
        ["QueryForm"] = Object("The query's parameters as a form (POST instead of a long query string).",
            ("whereClause", String()), ("orderByClause", String()), ("queryFilter", String()), ("sortAttributes", String()),
            ("interactionFilter", String()), ("offset", String()), ("size", String()), ("admin", String()), ("onBehalfUser", String())),
    };

    private static IEnumerable<(string, VendorOperation)> Operations()
    {
        static (string, VendorOperation) Op(string method, string path, VendorOperation op) => (FaceDocument.Key(method, path), op);
        var task = VendorOperation.Example(E.Task);
        var data = VendorOperation.Example(E.BusinessData);

        yield return Op("POST", Root + "/task", new("Tasks", "createTask", "Create a task from a template (and start it: mode=async; mode=sync answers the output)")
        {
            Status = 201, Request = "BusinessData", RequestRequired = false, Response = "Task", RequestExample = data, ResponseExample = task,
            Query = [("taskTemplateID", "The template.", true), ("mode", "createOnly (default), async or sync.", false), ("relation", "subTask, with parentTaskID.", false), ("parentTaskID", "The parent of a subtask.", false)],
        });
        yield return Op("GET", Root + "/task/{tkiid}", new("Tasks", "getTask", "One task") { Response = "Task", ResponseExample = task });
        yield return Op("PUT", Root + "/task/{tkiid}", new("Tasks", "actOnTask", "Act on a task: claim answers the input message; the other actions the task")
        {
            Request = "BusinessData", RequestRequired = false, Response = "Task", ResponseExample = task,
            Query =
            [
                ("action", HtmTaskActionsApi.Actions, true), ("mode", "sync for a synchronous start.", false), ("faultName", "complete with this fault.", false),
                ("keepTaskData", "cancel: keep the output so far.", false), ("keepResultMessages", "restart: keep output and faults.", false),
                ("relation", "start as subTask.", false), ("parentTaskID", "start as a subtask of this task.", false),
                ("followOnTaskID", "completeWithFollowOnTask: the follow-on task.", false), ("followOnTaskTemplateID", "completeWithFollowOnTask: a template to create it from.", false),
                ("deadline", "suspend until this instant.", false), ("duration", "suspend for this long.", false),
            ],
        });
        yield return Op("DELETE", Root + "/task/{tkiid}", new("Tasks", "deleteTask", "Delete an ended task") { });
        yield return Op("PUT", Root + "/task", new("Tasks", "actOnTasks", "Act on many tasks at once; claimNext and getNext claim or read the next task of a query")
        {
            Request = "BulkRequest", RequestRequired = false, Response = "BulkResult", ResponseExample = VendorOperation.Example(E.BulkResult),
            RequestExample = VendorOperation.Example("""{"taskIDs":["_TKI:01a2529141497fbea887884d7ea1842d","_TKI:0"]}"""),
            Query = [("action", "update, suspend, suspendAndCancelClaim, cancel, claimNext, getNext", true), ("keepTaskData", "cancel, suspendAndCancelClaim", false),
                ("deadline", "suspend until this instant.", false), ("duration", "suspend for this long.", false), ("query", "claimNext/getNext: the stored query.", false),
                ("queryFilter", "claimNext/getNext", false), ("sortAttributes", "claimNext/getNext", false), ("maxRetryCount", "claimNext: retries when another claims first.", false)],
        });

        foreach (var part in new[] { "input", "output", "fault" })
        {
            var title = char.ToUpperInvariant(part[0]) + part[1..];
            yield return Op("GET", $"{Root}/task/{{tkiid}}/{part}", new("Business data", $"getTask{title}", $"A task's {part} message")
            { Response = "BusinessData", ResponseExample = data, Query = part == "fault" ? [("faultName", "Which fault.", false)] : [] });
            yield return Op("PUT", $"{Root}/task/{{tkiid}}/{part}", new("Business data", $"setTask{title}", $"Set a task's {part} message")
            { Request = "BusinessData", Response = "Task", RequestExample = data, ResponseExample = task, Query = part == "fault" ? [("faultName", "Which fault.", true)] : [] });
        }

        yield return Op("GET", Root + "/task/{tkiid}/role/{role}", new("People", "getTaskRole", "Who holds a role on a task (potentialOwner, editor, reader, administrator…)")
        { Response = "StaffResultSet", ResponseExample = VendorOperation.Example(E.Role) });
        yield return Op("PUT", Root + "/task/{tkiid}/role/{role}", new("People", "transferTask", "Transfer a role of a task to another user or group")
        { Response = "Task", ResponseExample = task, Query = [("toUser", "The new holder.", false), ("toGroup", "The new group.", false)] });
        yield return Op("PUT", Root + "/task/role/{role}", new("People", "transferWorkItems", "Transfer work items between users or groups in bulk")
        {
            Response = "BulkResult", Query = [("action", "transfer", true), ("fromUser", "", false), ("toUser", "", false), ("fromGroup", "", false), ("toGroup", "", false)],
            Request = "BulkRequest", RequestRequired = false,
        });
        yield return Op("GET", Root + "/task/{tkiid}/subtasks", new("Tasks", "listSubtasks", "A task's subtasks") { Response = "TaskList" });
        yield return Op("GET", Root + "/task/{tkiid}/history", new("Tasks", "getTaskHistory", "A task's events") { Response = "History", ResponseExample = VendorOperation.Example(E.History) });
        yield return Op("GET", Root + "/task/actions", new("Tasks", "getTaskActions", "What the caller may do now on each task")
        { Response = "Actions", ResponseExample = VendorOperation.Example(E.Actions), Query = [("taskIDs", "Task ids, comma-separated.", true), ("actions", "Only these actions.", false)] });

        yield return Op("GET", Root + "/taskTemplate/{tktid}", new("Templates", "getTaskTemplate", "One task template") { Response = "TaskTemplate", ResponseExample = VendorOperation.Example(E.TaskTemplate) });
        yield return Op("GET", Root + "/taskTemplates", new("Templates", "listTaskTemplates", "Task templates") { Response = "TaskTemplates", ResponseExample = VendorOperation.Example(E.TaskTemplates) });
        yield return Op("GET", Root + "/taskTemplate/{tktid}/input", new("Templates", "getTaskTemplateInput", "An empty input message of the template's type") { Response = "BusinessData" });
        yield return Op("GET", Root + "/taskTemplate/{tktid}/output", new("Templates", "getTaskTemplateOutput", "An empty output message of the template's type") { Response = "BusinessData" });

        yield return Op("GET", Root + "/task/{tkiid}/escalationInfo", new("Escalations", "getTaskEscalations", "A task's escalation chains") { Response = "EscalationInfo", ResponseExample = VendorOperation.Example(E.EscalationInfo) });
        yield return Op("GET", Root + "/escalation/{esiid}", new("Escalations", "getEscalation", "One escalation") { Response = "Escalation", ResponseExample = VendorOperation.Example(E.Escalation) });
        yield return Op("PUT", Root + "/escalation/{esiid}", new("Escalations", "updateEscalation", "Change an escalation (action=update)")
        { Request = "Escalation", Response = "Escalation", Query = [("action", "update", true)] });

        foreach (var method in new[] { "GET", "POST" })
        {
            var form = method == "POST" ? "QueryForm" : null;
            var query = method == "GET" ? Query : [];
            var verb = method == "GET" ? "" : "ByForm";
            yield return Op(method, Root + "/tasks/filter", new("Queries", "filterTasks" + verb, "Tasks matching a where clause")
            { Request = form, RequestRequired = false, Response = "TaskList", Query = query, ResponseExample = VendorOperation.Example(E.TaskList) });
            yield return Op(method, Root + "/tasks/query/{query}", new("Queries", "runTaskQuery" + verb, "The tasks of a stored query (TASKS_CLAIMABLE, TASKS_OWNED, …)")
            { Request = form, RequestRequired = false, Response = "TaskList", Query = query, ResponseExample = VendorOperation.Example(E.TaskList) });
            yield return Op(method, Root + "/tasks/query/{query}/count", new("Queries", "countTaskQuery" + verb, "How many tasks a stored query finds")
            { Request = form, RequestRequired = false, Response = "Count", Query = query, ResponseExample = VendorOperation.Example(E.Count) });
        }

        yield return Op("GET", Root + "/tasks/queries", new("Queries", "listTaskQueries", "The stored queries") { Response = "Queries", ResponseExample = VendorOperation.Example(E.Queries) });
    }
}
