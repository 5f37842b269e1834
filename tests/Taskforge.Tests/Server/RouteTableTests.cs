using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Taskforge.Server.Http;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>
/// Walks the server's whole route table, so that routes added later are covered without anyone remembering to:
/// every route answers 401 without credentials except the few that are anonymous by design, and every console page sends
/// a browser without a session to sign in.
/// </summary>
public sealed partial class RouteTableTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    // Anonymous by design: the vRO service list, health, the OpenAPI document, the console's sign-in page and its assets.
    private static readonly HashSet<string> Anonymous = new(StringComparer.Ordinal)
    {
        "GET /vco/api/",
        "GET /health/live",
        "GET /health/ready",
        "GET /openapi/{documentName}.json",
        "GET /signin",
        "GET /assets/{name}",
    };

    // Anonymous endpoints that take credentials in their body (the vRO 8 login); without them they answer 401 too.
    private static readonly HashSet<string> CredentialExchanges = new(StringComparer.Ordinal)
    {
        "POST /csp/gateway/am/api/login",
        "POST /iaas/api/login",
    };

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();

    [Fact]
    public async Task EveryRoute_Answers401WithoutCredentials_ExceptTheAnonymousOnes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = ConsoleHttp.NewClient(fixture.Server.BaseAddress);
        var routes = Routes().ToList();
        Assert.True(routes.Count >= 25, $"the route table looks too small to be the real one: {routes.Count} routes");

        var failures = new List<string>();
        foreach (var (method, pattern, allowsAnonymous) in routes)
        {
            var key = $"{method} {pattern}";
            if (allowsAnonymous && !Anonymous.Contains(key) && !CredentialExchanges.Contains(key))
            {
                failures.Add($"{key} allows anonymous callers but is not on the list of anonymous routes");
            }

            var path = RouteParameter().Replace(
                pattern.Replace("{documentName}", "v1", StringComparison.Ordinal).Replace("/assets/{name}", "/assets/console.css", StringComparison.Ordinal), "x");
            using var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            var response = await client.SendAsync(request, ct);
            var console = FaceRoots.Of(path) == Face.Console;
            var expected = Anonymous.Contains(key) ? HttpStatusCode.OK : console ? HttpStatusCode.Redirect : HttpStatusCode.Unauthorized;
            if (response.StatusCode != expected)
            {
                failures.Add($"{key}: expected {(int)expected}, got {(int)response.StatusCode}");
            }
            else if (expected == HttpStatusCode.Unauthorized && response.Headers.WwwAuthenticate.Count == 0)
            {
                failures.Add($"{key}: 401 without WWW-Authenticate");
            }
            else if (expected == HttpStatusCode.Redirect && response.Headers.Location?.AbsolutePath != "/signin")
            {
                failures.Add($"{key}: redirected to {response.Headers.Location} instead of the sign-in page");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private IEnumerable<(string Method, string Pattern, bool AllowsAnonymous)> Routes()
    {
        var builder = (IEndpointRouteBuilder)fixture.Server.App;
        foreach (var endpoint in builder.DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            foreach (var method in methods)
            {
                yield return (method, pattern, anonymous);
            }
        }
    }
}
