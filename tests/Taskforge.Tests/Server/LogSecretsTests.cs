using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>
/// No secret in any log line (issue 16, part 5): a real server process logging at Debug, everything included, goes
/// through the flows that carry secrets, and its whole output is searched for each of them.
/// </summary>
public sealed class LogSecretsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EverySecret_StaysOutOfTheLog_AtDebugLevel()
    {
        using var file = new SqliteFile();
        var environment = new Dictionary<string, string>
        {
            ["Taskforge__Storage__Provider"] = file.Options.Provider,
            ["Taskforge__Storage__ConnectionString"] = file.Options.ConnectionString!,
            ["TASKFORGE_ADMIN_PASSWORD"] = ServerInstance.AdminPassword,
            ["Taskforge__Identity__PasswordIterations"] = "1000",
            ["Taskforge__Samples__Load"] = "false",
            ["Logging__LogLevel__Default"] = "Debug",
            ["Logging__LogLevel__Microsoft"] = "Trace",
            ["Logging__LogLevel__System"] = "Trace",
            ["Logging__Console__LogToStandardErrorThreshold"] = "None",
        };
        var secrets = new List<string> { ServerInstance.AdminPassword };
        var server = ServerProcess.Start(Path.Combine(AppContext.BaseDirectory, "Taskforge.Server.dll"), file.Directory, environment, keepAllOutput: true);
        try
        {
            await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), Ct);
            using var admin = ServerNodes.Admin(server);
            secrets.Add(admin.DefaultRequestHeaders.Authorization!.Parameter!);

            // A user created with a password, then a wrong password tried for it.
            const string UserPassword = "pw-Zq8vLk3rTn";
            const string WrongPassword = "pw-Wrong7HxQe";
            secrets.AddRange([UserPassword, WrongPassword]);
            var created = await admin.PostAsJsonAsync("api/v1/users", new { name = "keeper", password = UserPassword }, Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            using (var wrong = new HttpClient { BaseAddress = server.BaseAddress })
            {
                wrong.DefaultRequestHeaders.Authorization = ServerInstance.Basic("keeper", WrongPassword);
                secrets.Add(wrong.DefaultRequestHeaders.Authorization.Parameter!);
                Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("api/v1/me", Ct)).StatusCode);
            }

            // A password change, with the old one as proof.
            const string NewPassword = "pw-Nw4GyPm2Xc";
            secrets.Add(NewPassword);
            using (var keeper = new HttpClient { BaseAddress = server.BaseAddress })
            {
                keeper.DefaultRequestHeaders.Authorization = ServerInstance.Basic("keeper", UserPassword);
                var changed = await keeper.PatchAsJsonAsync("api/v1/me", new { password = NewPassword, currentPassword = UserPassword }, Ct);
                Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync(Ct));
            }

            // The console: sign-in through the form, a failed one, and the session cookie.
            var cookies = new CookieContainer();
            using (var console = await ConsoleHttp.SignInAsync(server.BaseAddress, "keeper", NewPassword, cookies))
            {
                Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("inbox", Ct)).StatusCode);
            }

            secrets.AddRange(cookies.GetAllCookies().Select(c => c.Value).Where(v => v.Length >= 16));
            using (var failed = ConsoleHttp.NewClient(server.BaseAddress))
            {
                await ConsoleHttp.PostFormAsync(failed, "signin", ("userName", "keeper"), ("password", WrongPassword + "-form"));
                secrets.Add(WrongPassword + "-form");
            }

            // A token: its secret comes back once, then is used as a bearer.
            var token = await admin.PostAsJsonAsync("api/v1/me/tokens", new { name = "ci" }, Ct).JsonAsync(HttpStatusCode.Created);
            var tokenSecret = token!["secret"]?.GetValue<string>() ?? token["token"]!.GetValue<string>();
            secrets.Add(tokenSecret);
            using (var bearer = new HttpClient { BaseAddress = server.BaseAddress })
            {
                bearer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokenSecret);
                Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("api/v1/me", Ct)).StatusCode);
                bearer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokenSecret + "x");
                Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("api/v1/me", Ct)).StatusCode);
            }

            // A workflow with a SecureString input and output, whose script logs at debug level.
            const string SecureInput = "ss-Vd9KpR5tWm";
            secrets.Add(SecureInput);
            await admin.PutWorkflowAsync("vault", """
                {"name":"Vault","input-parameters":[{"name":"pw","type":"SecureString"}],"output-parameters":[{"name":"copy","type":"SecureString"}],
                 "steps":[{"type":"script","script":"copy = pw + '-copy'; System.debug('copied ' + copy.length + ' characters');"}]}
                """);
            using var start = new StringContent(
                "{\"parameters\":[{\"name\":\"pw\",\"type\":\"SecureString\",\"value\":{\"string\":{\"value\":\"" + SecureInput + "\"}}}]}", Encoding.UTF8, "application/json");
            var execution = await admin.PostAsync("vco/api/workflows/vault/executions", start, Ct);
            Assert.Equal(HttpStatusCode.Accepted, execution.StatusCode);
            for (var i = 0; i < 200; i++)
            {
                var state = (await admin.GetAsync(execution.Headers.Location, Ct).JsonAsync())!["state"]!.GetValue<string>();
                if (state is "completed" or "failed")
                {
                    Assert.Equal("completed", state);
                    break;
                }

                await Task.Delay(50, Ct);
            }
        }
        finally
        {
            await server.DisposeAsync();
        }

        var log = server.AllOutput();
        Assert.True(log.Length > 1000, "the server logged almost nothing, so the search proves nothing:\n" + log);
        Assert.Contains("dbug", log, StringComparison.Ordinal);
        var leaks = secrets.Where(secret => log.Contains(secret, StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0,
            $"secrets in the log: {string.Join(", ", leaks)}\n" + string.Join('\n', log.Split('\n').Where(line => leaks.Any(l => line.Contains(l, StringComparison.Ordinal)))));
    }
}
