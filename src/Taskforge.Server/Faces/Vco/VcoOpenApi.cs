using Microsoft.OpenApi;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Server.Http.OpenApi;
using static Taskforge.Server.Http.OpenApi.Schemas;
using E = Taskforge.Server.Faces.Vco.VcoOpenApiExamples;

namespace Taskforge.Server.Faces.Vco;

/// <summary>
/// The vRO dialect's OpenAPI document (<c>/openapi/vco.json</c>): the shapes vro.md and the reference pages give for
/// tasks, executions and workflows, as Taskforge writes them, with the replay tests' bodies as examples.
/// </summary>
public static class VcoOpenApi
{
    private const string Root = "/vco/api";

    private static readonly (string, string, bool)[] ListQuery =
    [
        ("conditions", "Filter as name=value (exact) or name~value (contains), ignoring case; repeat for more (all must hold).", false),
        ("startIndex", "The first item to return, from 0.", false),
        ("maxResult", "How many items at most.", false),
        ("keys", "The attributes to return, comma-separated.", false),
    ];

    public static FaceDocument Document { get; } = new(
        "Taskforge vRO dialect",
        "The vRealize/Aria Orchestrator REST API as Taskforge serves it at /vco/api, for existing vRO clients (PowervRO, Build "
        + "Tools, vRDT, the Terraform provider). Bodies are vRO's JSON; requests may also be XML (vRO 7-era scripts). Sign in with "
        + "HTTP Basic or a bearer token from POST /csp/gateway/am/api/login. Errors are {\"status\",\"message\"}.",
        "Error",
        BuildSchemas(),
        [.. Operations()]);

    private static Dictionary<string, OpenApiSchema> BuildSchemas() => new(StringComparer.Ordinal)
    {
        ["Error"] = Object("vRO's error body.",
            ("status", Integer("The HTTP status.")), ("message", String()), ("details", String("Field errors as a JSON object, when there are any."))),
        ["NameValue"] = Object("An attribute of a list item.", ("name", String()), ("value", String())),
        ["Link"] = Object("A link; items of a list carry their attributes.",
            ("href", String()), ("rel", String("down for a list item; up, add, remove, logs, state…")), ("attributes", Array(Ref("NameValue")))),
        ["InventoryList"] = Object("A list of items as links with attributes.",
            ("link", Array(Ref("Link"))), ("total", Integer()), ("start", Integer()), ("startIndex", Integer()), ("count", Integer())),
        ["Relations"] = Object("A list inside relations (executions of a workflow or a task).",
            ("relations", Object(null, ("link", Array(Ref("Link"))), ("total", Integer()), ("start", Integer()), ("startIndex", Integer()), ("count", Integer())))),
        ["ServiceList"] = Object("The services of the API.", ("service", Array(Object(null, ("href", String()), ("description", String()))))),
        ["About"] = Object("Version and build.",
            ("version", String()), ("build-number", String()), ("build-date", String()), ("api-version", String()), ("product-name", String()), ("feature", Array(String()))),
        ["User"] = Object("The authenticated user.",
            ("admin-rights", Boolean()), ("solution-user", String()), ("solution-user-domain", String()),
            ("user-group", Array(Object(null, ("name", String())))), ("roles", Array(String()))),
        ["Permission"] = Object("A permission rule: rights are letters of r (view), x (execute), i (inspect), c (edit), a (admin).",
            ("principal", String()), ("rights", String()), ("href", String())),
        ["PermissionRule"] = Object("One rule, wrapped.", ("permission", Ref("Permission"))),
        ["Permissions"] = Object("Permission rules.", ("permissions", Array(Ref("PermissionRule")))),
        ["TypedValue"] = Map(description: "A value keyed by its vRO type: {\"string\":{\"value\":\"x\"}}, {\"number\":{\"value\":2}}, {\"array\":{\"elements\":[…]}}, {\"secure-string\":{\"value\":\"…\"}}…"),
        ["Parameter"] = Object("A workflow or task parameter with its value.",
            ("name", String()), ("type", String("vRO type: string, number, boolean, Date, Array/string, Properties, SecureString…")),
            ("scope", String("local")), ("description", String()), ("value", Ref("TypedValue"))),
        ["ParameterInfo"] = Object("A declared parameter.", ("name", String()), ("type", String()), ("description", String())),
        ["Workflow"] = Object("A workflow.",
            ("id", String()), ("name", String()), ("version", String()), ("description", String()), ("customized-icon", Boolean()), ("href", String()),
            ("input-parameters", Array(Ref("ParameterInfo"))), ("output-parameters", Array(Ref("ParameterInfo"))),
            ("relations", Object(null, ("link", Array(Ref("Link")))))),
        ["WorkflowContent"] = Object("A workflow's schema: parameters, attributes, items.",
            ("id", String()), ("name", String()), ("version", String()), ("display-name", String()), ("description", String()),
            ("input", Object(null, ("param", Array(Ref("ParameterInfo"))))), ("output", Object(null, ("param", Array(Ref("ParameterInfo"))))),
            ("attrib", Array(Ref("ParameterInfo"))), ("workflow-item", Array(Object(null, ("name", String()), ("display-name", String()), ("type", String()))))),
        ["WorkflowPresentation"] = Object("The input form: one step, one group, a field per input.",
            ("id", String()), ("name", String()), ("steps", Array(Map()))),
        ["Category"] = Map(description: "A workflow category (id, name, type WorkflowCategory, path, relations)."),
        ["ExecutionContext"] = Object("The inputs of a new execution.", ("parameters", Array(Ref("Parameter")))),
        ["Execution"] = Object("An execution (a run) of a workflow.",
            ("id", String()), ("name", String()), ("state", Enum("The execution's state.", [.. System.Enum.GetValues<RunState>().Select(RunStates.ToWire).Distinct()])),
            ("href", String()), ("start-date", DateTime()), ("end-date", DateTime()), ("started-by", String()),
            ("input-parameters", Array(Ref("Parameter"))), ("output-parameters", Array(Ref("Parameter"))),
            ("content-exception", String("Why it failed.")), ("current-item-display-name", String()),
            ("relations", Object(null, ("link", Array(Ref("Link")))))),
        ["ExecutionState"] = Object("An execution's state.", ("value", String())),
        ["LogEntry"] = Object("A line of an execution's log.",
            ("severity", String()), ("time-stamp", DateTime()), ("time-stamp-val", Integer("Epoch milliseconds (syslogs only).")), ("user", String()),
            ("short-description", String()), ("long-description", String()), ("origin", String("server or system"))),
        ["Logs"] = Object("Log lines, oldest first.", ("logs", Array(Object(null, ("entry", Ref("LogEntry")))))),
        ["SyslogQuery"] = Object("Which lines (vRO before 7.6 posts this).", ("severity", String("debug, info, warning or error")), ("older-than", Integer("Epoch milliseconds; 0 for all."))),
        ["WorkflowRef"] = Object("The task's workflow: by id or by href.", ("id", String()), ("name", String()), ("href", String())),
        ["Task"] = Object("A scheduled task. next-fire-time, error and pause-reason are Taskforge's additions.",
            ("id", String()), ("href", String()), ("name", String()), ("description", String()),
            ("recurrence-cycle", String("one-time, every-minutes, every-hours, every-days, every-weeks, every-months (or vRO's EVERY_HOURS spellings); Taskforge adds cron.")),
            ("recurrence-pattern", String("Times in the cycle, after the zone: (Europe/Zurich) 02:30:00,")),
            ("recurrence-start-date", DateTime()), ("recurrence-end-date", DateTime()),
            ("start-mode", String("normal or start-in-the-past")),
            ("state", Enum("The task's state; a POST with suspended or pending suspends or resumes it.", [.. System.Enum.GetValues<ScheduleState>().Select(ScheduleStates.ToWire)])),
            ("user", String()), ("userName", String()), ("workflow", Ref("WorkflowRef")),
            ("input-parameters", Array(Ref("Parameter"))), ("running-instance-id", String()),
            ("next-fire-time", DateTime()), ("error", String()), ("pause-reason", String())),
        ["TaskExecutions"] = Object("The runs a task started (relations) and every recorded slot (fires), newest first.",
            ("relations", Ref("InventoryList")),
            ("fires", Array(Object(null, ("slot", DateTime()), ("fired-at", DateTime()), ("outcome", String()), ("reason", String()), ("lag-ms", Integer()), ("execution-id", String()))))),
        ["CspLoginRequest"] = Object("User name and password (first step), or a refresh token.",
            ("username", String()), ("password", String()), ("domain", String()), ("refreshToken", String())),
        ["CspLogin"] = Object("Tokens.",
            ("refresh_token", String()), ("access_token", String()), ("token_type", String()), ("expires_in", Integer()), ("cspAuthToken", String())),
        ["IaasLoginRequest"] = Object("The refresh token from the CSP login.", ("refreshToken", String())),
        ["IaasLogin"] = Object("A bearer token for the API.", ("tokenType", String()), ("token", String())),
    };

    private static IEnumerable<(string, VendorOperation)> Operations()
    {
        static (string, VendorOperation) Op(string method, string path, VendorOperation op) => (FaceDocument.Key(method, path), op);

        yield return Op("POST", "/csp/gateway/am/api/login", new("Login", "cspLogin", "Exchange a user name and password for tokens (vRO 8)")
        { Request = "CspLoginRequest", Response = "CspLogin", RequestExample = VendorOperation.Example("""{"username":"admin","password":"choose-a-password","domain":"System Domain"}"""), ResponseExample = VendorOperation.Example(E.CspLogin) });
        yield return Op("POST", "/iaas/api/login", new("Login", "iaasLogin", "Exchange a refresh token for a bearer token (vRO 8)")
        { Request = "IaasLoginRequest", Response = "IaasLogin", RequestExample = VendorOperation.Example("""{"refreshToken":"tf_UNq612PInvlC7g8vqsLp4IHkfEaB3zFe7dQTMePbDH8"}"""), ResponseExample = VendorOperation.Example(E.IaasLogin) });

        yield return Op("GET", Root + "/", new("Service", "listServices", "The services of the API (anonymous)") { Response = "ServiceList", ResponseExample = VendorOperation.Example(E.ServiceList) });
        yield return Op("GET", Root + "/about", new("Service", "getAbout", "Version and build") { Response = "About", ResponseExample = VendorOperation.Example(E.About) });
        yield return Op("GET", Root + "/users", new("Service", "getUser", "The authenticated user and their groups") { Response = "User", ResponseExample = VendorOperation.Example(E.User) });
        yield return Op("GET", Root + "/server/permissions", new("Service", "getServerPermissions", "The caller's server-level rights") { Response = "Permissions", ResponseExample = VendorOperation.Example(E.ServerPermissions) });

        yield return Op("GET", Root + "/workflows", new("Workflows", "listWorkflows", "Workflows the caller may see") { Response = "InventoryList", Query = ListQuery, ResponseExample = VendorOperation.Example(E.Workflows) });
        yield return Op("GET", Root + "/catalog/System/Workflow", new("Workflows", "listCatalogWorkflows", "Workflows, as the catalog lists them") { Response = "InventoryList", Query = ListQuery, ResponseExample = VendorOperation.Example(E.Workflows) });
        yield return Op("GET", Root + "/workflows/{id}", new("Workflows", "getWorkflow", "One workflow") { Response = "Workflow", ResponseExample = VendorOperation.Example(E.Workflow) });
        yield return Op("GET", Root + "/workflows/{id}/content", new("Workflows", "getWorkflowContent", "A workflow's parameters, attributes and items") { Response = "WorkflowContent", ResponseExample = VendorOperation.Example(E.WorkflowContent) });
        yield return Op("GET", Root + "/workflows/{id}/presentation", new("Workflows", "getWorkflowPresentation", "A workflow's input form") { Response = "WorkflowPresentation", ResponseExample = VendorOperation.Example(E.WorkflowPresentation) });
        yield return Op("GET", Root + "/workflows/{id}/permissions", new("Workflows", "getWorkflowPermissions", "A workflow's permission rules") { Response = "Permissions", ResponseExample = VendorOperation.Example(E.WorkflowPermissions) });
        yield return Op("POST", Root + "/workflows/{id}/permissions", new("Workflows", "addWorkflowPermissions", "Add permission rules to a workflow")
        { Request = "Permissions", Response = "Permissions", RequestExample = VendorOperation.Example(PermissionsRequest), ResponseExample = VendorOperation.Example(E.WorkflowPermissions) });
        yield return Op("DELETE", Root + "/workflows/{id}/permissions", new("Workflows", "deleteWorkflowPermissions", "Remove every permission rule of a workflow") { Status = 204 });
        yield return Op("DELETE", Root + "/workflows/{id}/permissions/{principal}", new("Workflows", "deleteWorkflowPermission", "Remove one principal's rule") { Status = 204 });

        yield return Op("GET", Root + "/categories", new("Categories", "listCategories", "Workflow categories") { Response = "InventoryList", Query = ListQuery, ResponseExample = VendorOperation.Example(E.Categories) });
        yield return Op("GET", Root + "/categories/{id}", new("Categories", "getCategory", "One category") { Response = "Category" });
        yield return Op("GET", Root + "/catalog/System/WorkflowCategory/{id}/workflows", new("Categories", "listCategoryWorkflows", "The workflows of a category") { Response = "InventoryList", Query = ListQuery });

        yield return Op("POST", Root + "/workflows/{id}/executions", new("Executions", "startExecution", "Start a workflow; poll the Location until the state is final")
        {
            Status = 202, Request = "ExecutionContext", RequestRequired = false, Response = "Execution", Headers = [("Location", "The new execution.")],
            RequestExample = VendorOperation.Example(ExecutionRequest), ResponseExample = VendorOperation.Example(E.ExecutionStarted),
        });
        yield return Op("GET", Root + "/workflows/{id}/executions", new("Executions", "listExecutions", "A workflow's executions, newest first") { Response = "Relations", Query = ListQuery, ResponseExample = VendorOperation.Example(E.Executions) });
        yield return Op("GET", Root + "/workflows/{id}/executions/{executionId}", new("Executions", "getExecution", "One execution, with its inputs and outputs") { Response = "Execution", ResponseExample = VendorOperation.Example(E.Execution) });
        yield return Op("DELETE", Root + "/workflows/{id}/executions/{executionId}", new("Executions", "deleteExecution", "Delete a finished execution") { Status = 204 });
        yield return Op("GET", Root + "/workflows/{id}/executions/{executionId}/state", new("Executions", "getExecutionState", "An execution's state") { Response = "ExecutionState", ResponseExample = VendorOperation.Example(E.ExecutionState) });
        yield return Op("DELETE", Root + "/workflows/{id}/executions/{executionId}/state", new("Executions", "cancelExecution", "Cancel a running execution") { Status = 204 });
        yield return Op("GET", Root + "/workflows/{id}/executions/{executionId}/logs", new("Executions", "getExecutionLogs", "An execution's log") { Response = "Logs", ResponseExample = VendorOperation.Example(E.ExecutionLogs) });
        yield return Op("GET", Root + "/workflows/{id}/executions/{executionId}/syslogs", new("Executions", "getExecutionSyslogs", "An execution's log, vRO 7.6+ style")
        { Response = "Logs", Query = [("conditions", "severity=…, origin=…, timestamp>epoch-ms", false), ("maxResult", "How many lines at most.", false)], ResponseExample = VendorOperation.Example(E.ExecutionSyslogs) });
        yield return Op("POST", Root + "/workflows/{id}/executions/{executionId}/syslogs", new("Executions", "queryExecutionSyslogs", "An execution's log, before vRO 7.6")
        { Request = "SyslogQuery", RequestRequired = false, Response = "Logs", RequestExample = VendorOperation.Example("""{"severity":"info","older-than":0}"""), ResponseExample = VendorOperation.Example(E.ExecutionSyslogs) });

        yield return Op("POST", Root + "/tasks", new("Tasks", "createTask", "Schedule a workflow")
        {
            Status = 202, Request = "Task", Response = "Task", Headers = [("Location", "The new task.")],
            RequestExample = VendorOperation.Example(TaskRequest), ResponseExample = VendorOperation.Example(E.Task),
        });
        yield return Op("GET", Root + "/tasks", new("Tasks", "listTasks", "Scheduled tasks the caller may see") { Response = "InventoryList", Query = ListQuery, ResponseExample = VendorOperation.Example(E.Tasks) });
        yield return Op("GET", Root + "/workflows/{id}/tasks", new("Tasks", "listWorkflowTasks", "The tasks of a workflow") { Response = "InventoryList", Query = ListQuery, ResponseExample = VendorOperation.Example(E.Tasks) });
        yield return Op("GET", Root + "/tasks/{id}", new("Tasks", "getTask", "One task") { Response = "Task", ResponseExample = VendorOperation.Example(E.Task) });
        yield return Op("POST", Root + "/tasks/{id}", new("Tasks", "updateTask", "Change a task: only the properties sent; state suspends or resumes it")
        { Request = "Task", Response = "Task", RequestExample = VendorOperation.Example("""{"state":"suspended"}"""), ResponseExample = VendorOperation.Example(E.TaskSuspended) });
        yield return Op("DELETE", Root + "/tasks/{id}", new("Tasks", "deleteTask", "Delete a task") { Status = 204 });
        yield return Op("GET", Root + "/tasks/{id}/executions", new("Tasks", "listTaskExecutions", "The runs a task started and every slot it recorded")
        { Response = "TaskExecutions", Query = ListQuery, ResponseExample = VendorOperation.Example(E.TaskExecutions) });
        yield return Op("GET", Root + "/tasks/{id}/permissions", new("Tasks", "getTaskPermissions", "A task's permission rules") { Response = "Permissions" });
        yield return Op("POST", Root + "/tasks/{id}/permissions", new("Tasks", "addTaskPermissions", "Add permission rules to a task")
        { Request = "Permissions", Response = "Permissions", RequestExample = VendorOperation.Example(PermissionsRequest) });
        yield return Op("DELETE", Root + "/tasks/{id}/permissions", new("Tasks", "deleteTaskPermissions", "Remove every permission rule of a task") { Status = 202 });
        yield return Op("GET", Root + "/tasks/{id}/permissions/{ruleId}", new("Tasks", "getTaskPermission", "One rule (its id is its principal)") { Response = "Permission" });
        yield return Op("PUT", Root + "/tasks/{id}/permissions/{ruleId}", new("Tasks", "replaceTaskPermission", "Replace one rule")
        { Status = 202, Request = "PermissionRule", RequestExample = VendorOperation.Example("""{"permission":{"principal":"perm-alice","rights":"rc"}}""") });
        yield return Op("DELETE", Root + "/tasks/{id}/permissions/{ruleId}", new("Tasks", "deleteTaskPermission", "Remove one rule") { Status = 202 });
    }

    // Request bodies of the replay tests (VcoExecutionsTests, VcoTasksTests, VcoTaskPermissionsTests).
    private const string ExecutionRequest = """
        {"parameters":[{"value":{"string":{"value":"Apple"}},"type":"string","name":"a","scope":"local","description":"None"},
                       {"value":{"number":{"value":"20"}},"type":"number","name":"b","scope":"local"},
                       {"value":{"array":{"elements":[{"string":{"value":"x"}},{"string":{"value":"y"}}]}},"type":"Array/string","name":"tags","scope":"local"},
                       {"value":{"secure-string":{"value":"hunter2","isPlainText":true}},"type":"SecureString","name":"secret","scope":"local"}]}
        """;

    private const string TaskRequest = """
        {"name":"Send Hello Task","description":"runs once","workflow":{"id":"send-hello","name":"Send Hello"},
         "recurrence-cycle":"one-time","recurrence-pattern":"(Europe/Zurich) ","recurrence-start-date":"2050-01-06T05:02:00Z",
         "start-mode":"normal","state":"pending",
         "input-parameters":[{"name":"name","type":"string","scope":"local","value":{"string":{"value":"John Smith"}}},
                             {"name":"token","type":"SecureString","scope":"local","value":{"secure-string":{"value":"s3cret"}}}]}
        """;

    private const string PermissionsRequest = """
        {"permissions":[{"permission":{"principal":"perm-alice","rights":"r"}},{"permission":{"principal":"perm-ops","rights":"c"}}]}
        """;
}
