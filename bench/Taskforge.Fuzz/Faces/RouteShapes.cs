namespace Taskforge.Fuzz;

/// <summary>A valid request for a route, as the tests send it: the query string and the body with its media type.</summary>
public sealed record RequestShape(string Query = "", string? Body = null, string ContentType = "application/json");

/// <summary>
/// Valid requests per route, taken from the tests of each face, and the value of each route parameter. A route the
/// table has and this list does not still gets fuzzed, from an empty or <c>{}</c> body: new routes are covered without
/// anyone adding them here, only less deeply.
/// </summary>
public static class RouteShapes
{
    private const string Htm = "/rest/bpm/htm/v1";
    private const string Where = "TASK.STATE = TASK.STATE.STATE_READY AND TASK.PRIORITY > 3";

    private static readonly Dictionary<string, RequestShape[]> Shapes = new(StringComparer.Ordinal)
    {
        // The native API.
        ["POST /api/v1/users/"] = [new(Body: """{"name":"fuzzed","password":"fuzzed-password-1","displayName":"F","systemRole":"monitor"}""")],
        ["PATCH /api/v1/users/{name}"] = [new(Body: """{"displayName":"Fuzz User","email":"f@example.org","disabled":false}""")],
        ["POST /api/v1/users/{name}/tokens"] = [new(Body: """{"name":"fuzz","expires":"2030-01-01T00:00:00Z"}""")],
        ["PATCH /api/v1/me/"] = [new(Body: """{"displayName":"Admin","locale":"de-CH","timeZone":"Europe/Zurich"}""")],
        ["POST /api/v1/me/tokens"] = [new(Body: """{"name":"fuzz"}""")],
        ["POST /api/v1/groups/"] = [new(Body: """{"name":"fuzzed-group","members":["fuzz-user"]}""")],
        ["PATCH /api/v1/groups/{name}"] = [new(Body: """{"displayName":"Fuzzers","description":"the fuzz group"}""")],
        ["PUT /api/v1/groups/{name}/members"] = [new(Body: """["fuzz-user","admin"]""")],
        ["PUT /api/v1/workflows/{id}"] = [new(Body: FuzzWorld.WorkflowJson), new(Body: "name: Fuzz Yaml\nsteps:\n  - type: script\n    script: System.log('y');\n", ContentType: "application/yaml")],
        ["GET /api/v1/runs/"] = [new("?state=completed&workflow=fuzz-flow&limit=5"), new("?after=2026-01-01T00:00:00Z&before=2030-01-01T00:00:00Z")],
        ["POST /api/v1/schedules/"] = [new(Body: """{"name":"Fuzz","workflow":"fuzz-flow","cron":"*/5 * * * *","timeZone":"Europe/Zurich","start":"2030-01-01T00:00:00Z","inputs":{"a":"x","b":3}}"""),
            new(Body: """{"name":"Fuzz vRO","workflow":"fuzz-flow","recurrenceCycle":"every-days","recurrencePattern":"(Europe/Zurich) 08:00,","start":"2030-01-01T00:00:00Z"}""")],
        ["PATCH /api/v1/schedules/{id}"] = [new(Body: """{"enabled":false,"cron":"0 3 * * *","timeZone":"UTC"}""")],
        ["GET /api/v1/schedules/{id}/fires"] = [new("?limit=10&outcome=fired")],
        ["GET /api/v1/schedules/{id}/preview"] = [new("?count=5&after=2030-01-01T00:00:00Z")],
        ["POST /api/v1/schedules/preview"] = [new(Body: """{"cron":"0 9 * * 1-5","timeZone":"Europe/Zurich","start":"2030-01-01T00:00:00Z","count":5}""")],
        ["POST /api/v1/task-templates/"] = [new(Body: FuzzWorld.TemplateJson)],

        // vRO.
        ["POST /vco/api/workflows/{id}/executions"] = [
            new(Body: """{"parameters":[{"value":{"string":{"value":"Apple"}},"type":"string","name":"a","scope":"local"},{"value":{"number":{"value":3}},"type":"number","name":"b","scope":"local"},{"value":{"date":{"value":"2050-01-06T05:02:00Z"}},"type":"Date","name":"when","scope":"local"},{"value":{"array":{"elements":[{"string":{"value":"t"}}]}},"type":"Array/string","name":"tags","scope":"local"},{"value":{"properties":{"property":[{"key":"k","value":{"string":{"value":"v"}}}]}},"type":"Properties","name":"props","scope":"local"},{"value":{"secure-string":{"value":"s3cret","isPlainText":true}},"type":"SecureString","name":"secret","scope":"local"}]}"""),
            new(Body: """<execution-context xmlns="http://www.vmware.com/vco"><parameters><parameter name="a" type="string" scope="local"><string>Apple</string></parameter><parameter name="b" type="number"><number>3</number></parameter></parameters></execution-context>""", ContentType: "application/xml")],
        ["POST /vco/api/workflows/{id}/permissions"] = [new(Body: """{"permissions":[{"principal":"fuzz-user","rights":"rxi"}]}""")],
        ["GET /vco/api/workflows/{id}/executions"] = [new("?maxResult=5&startIndex=0&status=completed&conditions=state=completed")],
        ["GET /vco/api/workflows/"] = [new("?conditions=name~Fuzz&maxResult=10&startIndex=0&keys=name,id&sortOrder=+name")],
        ["GET /vco/api/catalog/System/Workflow"] = [new("?conditions=categoryName=Fuzz&conditions=name~flow")],
        ["POST /vco/api/workflows/{id}/executions/{executionId}/syslogs"] = [new(Body: """{"severity":"info","maxResult":10}""")],
        ["GET /vco/api/workflows/{id}/executions/{executionId}/logs"] = [new("?maxResult=5&severity=error")],
        ["POST /vco/api/tasks"] = [new(Body: """{"name":"Fuzz task","workflow":{"id":"fuzz-flow"},"recurrence-cycle":"every-days","recurrence-pattern":"(Europe/Zurich) 08:00:00, 17:30,","recurrence-start-date":"2050-01-06T05:02:00Z","recurrence-end-date":"2055-01-06T05:02:00+00:00","start-mode":"start-in-the-past","state":"pending","input-parameters":[{"name":"a","type":"string","value":{"string":{"value":"x"}}},{"name":"b","type":"number","value":{"number":{"value":2}}}]}""")],
        ["POST /vco/api/tasks/{id}"] = [new(Body: """{"name":"Fuzz task renamed","recurrence-cycle":"every-weeks","recurrence-pattern":"Monday 08:00, friday 17:00,","state":"suspended"}""")],
        ["POST /vco/api/tasks/{id}/permissions"] = [new(Body: """{"permissions":[{"principal":"fuzz-user","rights":"rx"}]}""")],
        ["PUT /vco/api/tasks/{id}/permissions/{ruleId}"] = [new(Body: """{"principal":"fuzz-user","rights":"r"}""")],
        ["POST /csp/gateway/am/api/login"] = [new(Body: """{"username":"admin","password":"admin-password-1"}""")],
        ["POST /iaas/api/login"] = [new(Body: """{"refreshToken":"not-a-token"}""")],

        // IBM BPM HTM.
        ["POST " + Htm + "/task"] = [
            new("?taskTemplateID={template}&mode=async", FuzzWorld.TaskInputXml, "application/xml"),
            new("?taskTemplateID={template}&mode=createOnly", """{"amount":99.95,"note":"hotel","lines":[{"text":"x"}]}"""),
            new("?taskTemplateID={template}&mode=async&relation=subTask&parentTaskID={task}")],
        ["PUT " + Htm + "/task/{tkiid}"] = [new("?action=claim"), new("?action=cancelClaim"), new("?action=complete", """{"approved":true,"comment":"ok"}"""),
            new("?action=update&priority=2&dueTime=2030-01-01T00:00:00Z&name=x"), new("?action=setFault&faultName=rejected", """{"reason":"no"}"""),
            new("?action=transfer&user=fuzz-user"), new("?action=suspend&duration=1day"), new("?action=resume")],
        ["PUT " + Htm + "/task"] = [new("?action=claimNext&queryFilter=" + Where + "&everybody=false&group=true"), new("?action=cancelClaim&taskIDs={task}")],
        ["PUT " + Htm + "/task/{tkiid}/input"] = [new(Body: FuzzWorld.TaskInputXml, ContentType: "application/xml")],
        ["PUT " + Htm + "/task/{tkiid}/output"] = [new(Body: """<decision><approved>true</approved><comment>fine</comment></decision>""", ContentType: "application/xml"),
            new(Body: """{"approved":false,"comment":"no"}""")],
        ["PUT " + Htm + "/task/{tkiid}/fault"] = [new("?faultName=rejected", """{"reason":"late"}""")],
        ["PUT " + Htm + "/task/{tkiid}/role/{role}"] = [new("?user=fuzz-user"), new("?group=fuzz-group&everybody=false")],
        ["PUT " + Htm + "/task/role/{role}"] = [new("?taskIDs={task}&user=fuzz-user")],
        ["PUT " + Htm + "/escalation/{esiid}"] = [new("?action=update", """{"name":"x","durationUntilEscalated":"2days"}""")],
        ["GET " + Htm + "/task/actions"] = [new("?taskIDs={task}")],
        ["GET " + Htm + "/tasks/filter"] = [new("?whereClause=" + Where + "&orderByClause=TASK.NAME DESC&size=10&offset=0&admin=true")],
        ["POST " + Htm + "/tasks/filter"] = [new(Body: "whereClause=" + Where + "&orderByClause=TASK.PRIORITY", ContentType: "application/x-www-form-urlencoded")],
        ["GET " + Htm + "/tasks/query/{query}"] = [new("?queryFilter=" + Where + "&sortAttributes=TASK.NAME&interactionFilter=WORK_ON&size=5")],
        ["GET " + Htm + "/tasks/query/{query}/count"] = [new("?queryFilter=" + Where)],
        ["GET " + Htm + "/taskTemplates"] = [new("?name=FuzzApproval&namespace=http://example/fuzz")],
        ["GET " + Htm + "/task/{tkiid}/input"] = [new("?new=true")],
    };

    public static IReadOnlyList<RequestShape> For(FuzzRoute route) =>
        Shapes.TryGetValue(route.Key, out var shapes) ? shapes
        // A console form posts its antiforgery token; the fuzzer signs in and fetches one, so posts reach the handlers.
        : route.Method == "POST" && Server.Http.FaceRoots.Of(route.Pattern) == Server.Http.Face.Console
            ? [new(Body: "__RequestVerificationToken={antiforgery}&name=x&id=x", ContentType: "application/x-www-form-urlencoded")]
        : route.Method is "POST" or "PUT" or "PATCH" ? [new(Body: "{}")]
        : [new()];

    /// <summary>The value of a route parameter (<c>{id}</c>, <c>{tkiid}</c>, <c>{name?}</c>) in <paramref name="pattern"/>.</summary>
    public static string Value(string pattern, string parameter, IReadOnlyDictionary<string, string> ids)
    {
        string Id(string kind, string fallback) => ids.TryGetValue(kind, out var id) ? id : fallback;
        return parameter switch
        {
            "tkiid" => Id("task", "_TKI:00000000000000000000000000000000"),
            "tktid" or "templateId" => Id("template", "_TKT:00000000000000000000000000000000"),
            "esiid" => "_ESI:00000000000000000000000000000000",
            "role" => "potentialOwner",
            "query" => "TASKS_ALL",
            "executionId" => Id("run", "x"),
            "principal" or "user" => FuzzWorld.User,
            "ruleId" => "fuzz-user",
            "tokenId" => Id("token", "x"),
            "documentName" => "v1",
            "name" when pattern.StartsWith("/assets", StringComparison.Ordinal) => "console.css",
            "name" when pattern.Contains("/groups", StringComparison.Ordinal) => FuzzWorld.Group,
            "name" => FuzzWorld.User,
            "id" when pattern.Contains("/workflows/", StringComparison.Ordinal) => FuzzWorld.Workflow,
            "id" when pattern.Contains("/runs/", StringComparison.Ordinal) => Id("run", "x"),
            "id" when pattern.Contains("/schedules/", StringComparison.Ordinal) => Id("schedule", "x"),
            "id" when pattern.Contains("/task-templates/", StringComparison.Ordinal) => Id("template", "x"),
            "id" when pattern.StartsWith("/vco/api/tasks", StringComparison.Ordinal) => Id("vco-task", "x"),
            "id" when pattern.Contains("categor", StringComparison.OrdinalIgnoreCase) => "Fuzz",
            "id" when pattern.StartsWith("/tasks/", StringComparison.Ordinal) => Id("task", "x"),
            _ => "x",
        };
    }
}
