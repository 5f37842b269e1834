using System.Net;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Console;

/// <summary>The workflow pages over plain HTTP: who reaches what, permission edits, and a refused run that keeps no secret.</summary>
public sealed class WorkflowPagesTests(WorkflowWorldFixture world) : IClassFixture<WorkflowWorldFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithoutTheViewRight_TheWorkflowDoesNotExist()
    {
        using var eve = await world.SignInAsync("eve");

        using var page = await eve.GetAsync("workflows/provision", Ct);
        using var compare = await eve.GetAsync("workflows/provision/compare?from=1&to=2", Ct);
        using var run = await eve.GetAsync("workflows/provision/run", Ct);
        var list = await eve.GetStringAsync("workflows", Ct);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain("Provision a server", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, compare.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, run.StatusCode);
        Assert.DoesNotContain("/workflows/provision\"", list, StringComparison.Ordinal);
        Assert.Contains("/workflows/hello\"", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutTheExecuteRight_ThereIsNoRunForm_AndNoRun()
    {
        using var rita = await world.SignInAsync("rita");

        var page = await rita.GetStringAsync("workflows/provision", Ct);
        using var form = await rita.GetAsync("workflows/provision/run", Ct);
        using var post = await ConsoleHttp.PostFormAsync(rita, "workflows/provision", "workflows/provision/run",
            ("in.hostname", "sneaky"), ("in.rootPassword", "x"));

        Assert.Contains("Provision a server", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Start a run", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, form.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Null(post.Headers.Location);
    }

    [Fact]
    public async Task PermissionEdits_AreTheAdministersAlone()
    {
        using var olga = await world.SignInAsync("olga");
        using var mia = await world.SignInAsync("mia");

        using var refused = await ConsoleHttp.PostFormAsync(olga, "workflows/provision", "workflows/provision?handler=AddPermission",
            ("principal", "eve"), ("rights", "r"));
        using var refusedRemoval = await ConsoleHttp.PostFormAsync(olga, "workflows/provision", "workflows/provision?handler=RemovePermission", ("principal", "rita"));
        var forOlga = await olga.GetStringAsync("workflows/provision", Ct);
        using var added = await ConsoleHttp.PostFormAsync(mia, "workflows/provision", "workflows/provision?handler=AddPermission",
            ("principal", "max"), ("rights", "r"), ("rights", "x"));
        var afterAdding = await mia.GetStringAsync("workflows/provision", Ct);
        using var removed = await ConsoleHttp.PostFormAsync(mia, "workflows/provision", "workflows/provision?handler=RemovePermission", ("principal", "max"));
        var afterRemoving = await mia.GetStringAsync("workflows/provision", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("You are not allowed to change the permissions", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refusedRemoval.StatusCode);
        Assert.DoesNotContain("Add a rule", forOlga, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=RemovePermission", forOlga, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains("may view and run", afterAdding, StringComparison.Ordinal);
        Assert.Contains(">max</span>", afterAdding, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.DoesNotContain(">max</span>", afterRemoving, StringComparison.Ordinal);
        Assert.Contains(">rita</span>", afterRemoving, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptyRule_IsRefusedAtItsFields()
    {
        using var mia = await world.SignInAsync("mia");

        using var response = await ConsoleHttp.PostFormAsync(mia, "workflows/provision", "workflows/provision?handler=AddPermission", ("principal", " "));
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Name a user or a group (or everybody).", html, StringComparison.Ordinal);
        Assert.Contains("Tick at least one right.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusedRun_ShowsTheEnginesProblems_AndNeverSendsTheSecretBack()
    {
        const string secret = "correct-horse-battery-staple";
        using var olga = await world.SignInAsync("olga");

        using var response = await ConsoleHttp.PostFormAsync(olga, "workflows/provision/run", "workflows/provision/run",
            ("in.hostname", ""), ("in.cpus", "many"), ("in.rootPassword", secret), ("in.tags[0]", "kept-tag"), ("in.extra", "{oops"));
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
        Assert.Contains("This is a required input of type string.", html, StringComparison.Ordinal);
        Assert.Contains("Expected a number, got &quot;many&quot;", html, StringComparison.Ordinal);
        Assert.Contains("This is not valid JSON", html, StringComparison.Ordinal);
        Assert.Contains("value=\"kept-tag\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"many\"", html, StringComparison.Ordinal);
        Assert.Contains("type them again", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSecureStringsDefault_IsNeverShown()
    {
        await world.SaveAsync("with-secret", """
            {"name": "With a secret", "input-parameters": [{"name": "token", "type": "SecureString", "default": "default-token-value"}],
             "permissions": {"olga": "rx"}, "steps": [{"type": "end"}]}
            """);
        using var olga = await world.SignInAsync("olga");

        var page = await olga.GetStringAsync("workflows/with-secret", Ct);
        var form = await olga.GetStringAsync("workflows/with-secret/run", Ct);
        var compare = await olga.GetStringAsync("workflows/with-secret/compare", Ct);

        Assert.DoesNotContain("default-token-value", page, StringComparison.Ordinal);
        Assert.Contains("(set, not shown)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("default-token-value", form, StringComparison.Ordinal);
        Assert.DoesNotContain("default-token-value", compare, StringComparison.Ordinal);
    }
}
