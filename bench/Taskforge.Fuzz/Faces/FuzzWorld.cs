using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Taskforge.Fuzz;

/// <summary>
/// The objects the fuzzed requests aim at, made through the faces as an administrator would: a user and a group, a
/// workflow and a run of it, a schedule, a vRO task, an IBM task template and a task of it, a token. Made again when
/// fuzzed deletes have taken them (<see cref="EnsureAsync"/>); route parameters are filled from here.
/// </summary>
public sealed class FuzzWorld(Uri baseAddress)
{
    public const string User = "fuzz-user";
    public const string UserPassword = "fuzz-user-password-1";
    public const string Group = "fuzz-group";
    public const string Workflow = "fuzz-flow";

    public const string WorkflowJson = """
        {"name":"Fuzz Flow","category":"Fuzz","version":"1.0.0","description":"a flow the fuzzer calls",
         "input-parameters":[{"name":"a","type":"string","required":true},{"name":"b","type":"number","default":2},
                             {"name":"when","type":"Date"},{"name":"tags","type":"Array/string"},{"name":"props","type":"Properties"},
                             {"name":"secret","type":"SecureString"}],
         "output-parameters":[{"name":"result","type":"string"}],
         "permissions":{"fuzz-user":"rxi","everybody":"r"},
         "steps":[{"id":"say","type":"script","script":"result = a + ' ' + b; System.log(result);"},
                  {"id":"wait","type":"wait","duration":"PT0.1S"}]}
        """;

    public const string TemplateJson = """
        {"name":"FuzzApproval","namespace":"http://example/fuzz","kind":"to-do","priority":4,
         "displayName":{"en":"Approve","de":"Genehmigen"},"supportsSubTasks":true,"supportsDelegation":true,
         "durationUntilDue":"2days","durationUntilExpires":"P7D",
         "customTexts":{"customText1":"finance"},"customProperties":{"costCenter":"4711"},
         "input":{"element":"request","namespace":"http://example/fuzz",
                  "fields":[{"name":"amount","type":"decimal","required":true},{"name":"note","type":"string"},
                            {"name":"lines","type":"complex","repeated":true,"fields":[{"name":"text","type":"string"}]}]},
         "output":{"element":"decision","fields":[{"name":"approved","type":"boolean","required":true},{"name":"comment","type":"string"}]},
         "faults":{"rejected":{"element":"rejection","fields":[{"name":"reason","type":"string","required":true}]}},
         "roles":{"potentialOwners":{"groups":["fuzz-group"]},"potentialInstanceCreators":"everybody","potentialStarters":"everybody",
                  "readers":{"users":["fuzz-user"]},"escalationReceivers":{"users":["admin"]}},
         "escalationChains":[{"escalations":[{"name":"late","activationState":"ready","durationUntilEscalated":"1day",
                  "expectedState":"claimed","action":"workItems","increasePriority":"once"}]}]}
        """;

    public const string TaskInputXml = """<request xmlns="http://example/fuzz"><amount>12.50</amount><note>taxi</note><lines><text>a</text></lines></request>""";

    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);

    /// <summary>Ids of what was made, by kind (run, schedule, vco-task, template, task, token): a copy, read by many senders.</summary>
    public IReadOnlyDictionary<string, string> Ids { get; private set; } = new Dictionary<string, string>();

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public HttpClient Admin() => new() { BaseAddress = baseAddress, DefaultRequestHeaders = { Authorization = Basic(FuzzServer.AdminName, FuzzServer.AdminPassword) } };

    public async Task EnsureAsync(CancellationToken ct)
    {
        using var admin = Admin();
        await SendAsync(admin, HttpMethod.Post, "api/v1/users", $$"""{"name":"{{User}}","password":"{{UserPassword}}"}""", ct);
        await SendAsync(admin, HttpMethod.Post, "api/v1/groups", $$"""{"name":"{{Group}}","members":["{{User}}","admin"]}""", ct);
        await SendAsync(admin, HttpMethod.Put, $"api/v1/workflows/{Workflow}", WorkflowJson, ct);
        await IdAsync("run", () => SendAsync(admin, HttpMethod.Post, $"vco/api/workflows/{Workflow}/executions",
            """{"parameters":[{"name":"a","type":"string","scope":"local","value":{"string":{"value":"x"}}}]}""", ct), "api/v1/runs/", admin, ct,
            fromLocation: true);
        await IdAsync("schedule", () => SendAsync(admin, HttpMethod.Post, "api/v1/schedules",
            $$$"""{"name":"Fuzz nightly","workflow":"{{{Workflow}}}","cron":"30 2 * * *","timeZone":"UTC","start":"2030-01-01T00:00:00Z","inputs":{"a":"x"}}""", ct),
            "api/v1/schedules/", admin, ct);
        await IdAsync("vco-task", () => SendAsync(admin, HttpMethod.Post, "vco/api/tasks",
            $$$$"""{"name":"Fuzz hourly","workflow":{"id":"{{{{Workflow}}}}"},"recurrence-cycle":"every-hours","recurrence-pattern":"(Europe/Zurich) 15:00,","recurrence-start-date":"2050-01-06T05:02:00Z","start-mode":"normal","input-parameters":[{"name":"a","type":"string","value":{"string":{"value":"x"}}}]}""", ct),
            "vco/api/tasks/", admin, ct);
        await IdAsync("template", () => SendAsync(admin, HttpMethod.Post, "api/v1/task-templates", TemplateJson, ct), "api/v1/task-templates/", admin, ct);
        if (_ids.TryGetValue("template", out var template))
        {
            await IdAsync("task", () => SendAsync(admin, HttpMethod.Post, $"rest/bpm/htm/v1/task?taskTemplateID={Uri.EscapeDataString(template)}&mode=async",
                TaskInputXml, ct, "application/xml"), "rest/bpm/htm/v1/task/", admin, ct, idProperty: "tkiid");
        }

        if (!_ids.ContainsKey("token"))
        {
            var (status, body, _) = await SendAsync(admin, HttpMethod.Post, "api/v1/me/tokens", """{"name":"fuzz"}""", ct);
            if (status == HttpStatusCode.Created && JsonNode.Parse(body)?["token"]?["id"]?.GetValue<string>() is { } token)
            {
                _ids["token"] = token;
            }
        }

        Ids = new Dictionary<string, string>(_ids, StringComparer.Ordinal);
    }

    // Keeps an id while what it names still answers; makes a new one otherwise.
    private async Task IdAsync(string kind, Func<Task<(HttpStatusCode Status, string Body, Uri? Location)>> create, string readPath, HttpClient admin,
        CancellationToken ct, bool fromLocation = false, string idProperty = "id")
    {
        if (_ids.TryGetValue(kind, out var known))
        {
            using var check = await admin.GetAsync(new Uri(readPath + Uri.EscapeDataString(known), UriKind.Relative), ct);
            if (check.IsSuccessStatusCode)
            {
                return;
            }
        }

        var (status, body, location) = await create();
        if ((int)status is < 200 or > 299)
        {
            _ids.Remove(kind);
            return;
        }

        var id = fromLocation ? location?.ToString().TrimEnd('/').Split('/')[^1] : JsonNode.Parse(body)?[idProperty]?.GetValue<string>();
        if (id is not null)
        {
            _ids[kind] = id;
        }
    }

    private static async Task<(HttpStatusCode Status, string Body, Uri? Location)> SendAsync(
        HttpClient client, HttpMethod method, string path, string body, CancellationToken ct, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        using var response = await client.SendAsync(request, ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct), response.Headers.Location);
    }
}
