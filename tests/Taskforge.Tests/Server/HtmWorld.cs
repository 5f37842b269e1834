using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>
/// The people and templates the HTM tests work with, made through the native API the way an administrator would:
/// olga creates and starts tasks, mia and max are managers (the potential owners), rita reads, eve has no role.
/// Setting up twice on one server is harmless (409s for what exists are ignored).
/// </summary>
public sealed class HtmWorld(ServerInstance server)
{
    public const string Root = "rest/bpm/htm/v1/";

    public const string ApprovalInput = """<request xmlns="http://example/approvals"><amount>12.50</amount><note>taxi</note></request>""";

    /// <summary>A to-do template: managers claim, olga creates and starts, rita reads.</summary>
    public static string Approval(string name) => """
        {"name": "NAME", "namespace": "http://example/approvals", "kind": "to-do", "priority": 4,
         "displayName": {"en": "Approve", "de": "Genehmigen"},
         "supportsSubTasks": true,
         "customTexts": {"customText1": "finance"},
         "input": {"element": "request", "namespace": "http://example/approvals",
                   "fields": [{"name": "amount", "type": "decimal", "required": true}, {"name": "note", "type": "string"}]},
         "output": {"element": "decision", "fields": [{"name": "approved", "type": "boolean", "required": true}, {"name": "comment", "type": "string"}]},
         "faults": {"rejected": {"element": "rejection", "fields": [{"name": "reason", "type": "string", "required": true}]}},
         "roles": {"potentialOwners": {"groups": ["managers"]}, "potentialInstanceCreators": {"users": ["olga"]},
                   "potentialStarters": {"users": ["olga"]}, "readers": {"users": ["rita"]}}}
        """.Replace("NAME", name, StringComparison.Ordinal);

    /// <summary>A collaboration template anybody may create (subtasks are collaboration or invocation tasks).</summary>
    public static string Help(string name) => """
        {"name": "NAME", "kind": "collaboration", "roles": {"potentialOwners": {"users": ["max"]}, "potentialInstanceCreators": "everybody", "potentialStarters": "everybody"}}
        """.Replace("NAME", name, StringComparison.Ordinal);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string Password(string user) => user + "-password-1";

    public HttpClient As(string user) => server.As(user, Password(user));

    public async Task SetUpAsync()
    {
        using var admin = server.Admin();
        foreach (var user in new[] { "olga", "mia", "max", "rita", "eve" })
        {
            await Ignore409Async(admin.PostAsJsonAsync("api/v1/users", new { name = user, password = Password(user) }, Ct));
        }

        await Ignore409Async(admin.PostAsJsonAsync("api/v1/groups", new { name = "managers", members = new[] { "mia", "max" } }, Ct));
    }

    /// <summary>Saves a template through the native API and returns its tktid.</summary>
    public async Task<string> TemplateAsync(string json)
    {
        using var admin = server.Admin();
        var created = await admin.PostAsync("api/v1/task-templates", new StringContent(json, Encoding.UTF8, "application/json"), Ct).JsonAsync(HttpStatusCode.Created);
        return created!["id"]!.GetValue<string>();
    }

    /// <summary>Creates a task as olga with the XML input; mode as given.</summary>
    public async Task<string> TaskAsync(string tktid, string mode = "async")
    {
        using var olga = As("olga");
        var created = await olga.PostAsync($"{Root}task?taskTemplateID={tktid}&mode={mode}", Xml(ApprovalInput), Ct).JsonAsync(HttpStatusCode.Created);
        return created!["tkiid"]!.GetValue<string>();
    }

    public static StringContent Xml(string xml) => new(xml, Encoding.UTF8, "application/xml");

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Json(JsonNode json) => Json(json.ToJsonString());

    private static async Task Ignore409Async(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            response.EnsureSuccessStatusCode();
        }
    }
}
