using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Taskforge.Server.Hosting;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Server;

/// <summary>
/// http steps against a hostile service on loopback (issue 16, part 4): a redirect out of the allow-list, names and
/// address forms that lead to this machine or the link-local network, an endless answer and one that dribbles.
/// </summary>
public sealed class HttpStepGuardTests : IAsyncLifetime
{
    private readonly SqliteFile _file = new();
    private WebApplication _remote = null!;
    private ServerInstance _server = null!;
    private Uri _remoteBase = null!;
    private int _privateHits;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _remote = builder.Build();
        _remote.MapGet("/v1/ok", () => "fine");
        _remote.MapGet("/v1/out", () => Results.Redirect("/private"));
        _remote.MapGet("/v1/endless", async (HttpResponse response, CancellationToken ct) =>
        {
            // A gigabyte answer, sent until the caller hangs up.
            var chunk = new byte[64 * 1024];
            for (long sent = 0; sent < 4L * 1024 * 1024 * 1024 && !ct.IsCancellationRequested; sent += chunk.Length)
            {
                await response.Body.WriteAsync(chunk, ct);
            }
        });
        _remote.MapGet("/v1/declared", (HttpResponse response) =>
        {
            response.ContentLength = 10L * 1024 * 1024 * 1024;
            return response.Body.FlushAsync(Ct);
        });
        _remote.MapGet("/v1/dribble", async (HttpResponse response, CancellationToken ct) =>
        {
            for (var i = 0; i < 600 && !ct.IsCancellationRequested; i++)
            {
                await response.Body.WriteAsync("x"u8.ToArray(), ct);
                await response.Body.FlushAsync(ct);
                await Task.Delay(100, ct);
            }
        });
        _remote.MapGet("/private", () =>
        {
            Interlocked.Increment(ref _privateHits);
            return "not for workflows";
        });
        await _remote.StartAsync(Ct);
        _remoteBase = new Uri(_remote.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        _server = await ServerInstance.StartAsync(_file.Options,
            $"--Taskforge:HttpSteps:AllowedUrls:0={_remoteBase}v1/",
            $"--Taskforge:HttpSteps:AllowedUrls:1=http://localhost:{_remoteBase.Port}/v1/",
            "--Taskforge:HttpSteps:MaxResponseBytes=1048576");
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _remote.DisposeAsync();
        _file.Dispose();
    }

    [Fact]
    public async Task ALiteralAllowedAddress_IsCalled()
    {
        var execution = await CallAsync("ok", $"{_remoteBase}v1/ok");

        Assert.Equal("completed", execution["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task ARedirectOutOfTheAllowList_IsNotFollowed()
    {
        var execution = await CallAsync("out", $"{_remoteBase}v1/out");

        Assert.Equal("failed", execution["state"]!.GetValue<string>());
        Assert.Contains("answered 302; redirects are not followed", Error(execution), StringComparison.Ordinal);
        Assert.Equal(0, _privateHits);
    }

    // localhost is on the list by name, but a name never leads to loopback: DNS could say anything, later.
    [Fact]
    public async Task AnAllowedNameThatResolvesToLoopback_IsRefused()
    {
        var execution = await CallAsync("by-name", $"http://localhost:{_remoteBase.Port}/v1/ok");

        Assert.Equal("failed", execution["state"]!.GetValue<string>());
        Assert.Contains("'localhost' resolves to", Error(execution), StringComparison.Ordinal);
        Assert.Contains("a loopback or link-local address", Error(execution), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://[::1]:{port}/v1/ok")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/v1/ok")]
    [InlineData("http://2130706434:{port}/v1/ok")]
    [InlineData("http://0x7f000002:{port}/v1/ok")]
    [InlineData("http://0177.0.0.2:{port}/v1/ok")]
    [InlineData("http://0.0.0.0:{port}/v1/ok")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://0251.0376.0251.0376/latest/meta-data/")]
    [InlineData("http://2852039166/latest/meta-data/")]
    [InlineData("http://[fe80::1]/latest/meta-data/")]
    [InlineData("http://127.0.0.1:{port}@metadata.test/v1/ok")]
    [InlineData("http://127.0.0.1:{port}/v1/%2e%2e/private")]
    [InlineData("http://127.0.0.1:{port}/v1/%2E%2E%2Fprivate")]
    [InlineData("http://127.0.0.1:{port}/v1/..%5Cprivate")]
    public async Task AnotherFormOfAnAddressOrPath_IsNotOnTheList(string url)
    {
        var execution = await CallAsync("form-" + Math.Abs(url.GetHashCode(StringComparison.Ordinal)), url.Replace("{port}", _remoteBase.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        Assert.Equal("failed", execution["state"]!.GetValue<string>());
        Assert.Contains("not on this server's list of allowed URLs", Error(execution), StringComparison.Ordinal);
        Assert.Equal(0, _privateHits);
    }

    [Theory]
    [InlineData("v1/endless")]
    [InlineData("v1/declared")]
    public async Task AnAnswerOfGigabytes_FailsAtTheLimit(string path)
    {
        var execution = await CallAsync("big-" + path.Replace('/', '-'), $"{_remoteBase}{path}", "PT30S");

        Assert.Equal("failed", execution["state"]!.GetValue<string>());
        Assert.Contains("the answer is longer than 1048576 bytes (Taskforge:HttpSteps:MaxResponseBytes)", Error(execution), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnswerThatDribbles_FailsAtTheTimeout()
    {
        var execution = await CallAsync("dribble", $"{_remoteBase}v1/dribble", "PT1S");

        Assert.Equal("failed", execution["state"]!.GetValue<string>());
        Assert.Contains("no answer within 1 s", Error(execution), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.9.9.9", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("::1", true)]
    [InlineData("::", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("::ffff:169.254.1.1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("10.0.0.1", false)]
    [InlineData("192.168.1.10", false)]
    [InlineData("93.184.215.14", false)]
    [InlineData("2001:db8::1", false)]
    public void ThisMachineAndLinkLocal_AreTold(string address, bool internalAddress) =>
        Assert.Equal(internalAddress, OutboundAddresses.IsThisMachineOrLinkLocal(IPAddress.Parse(address)));

    private static string Error(JsonNode execution) => execution["content-exception"]!.GetValue<string>();

    private async Task<JsonNode> CallAsync(string id, string url, string timeout = "PT10S")
    {
        using var admin = _server.Admin();
        var definition = new JsonObject
        {
            ["name"] = id,
            ["steps"] = new JsonArray(new JsonObject { ["type"] = "http", ["url"] = url, ["timeout"] = timeout }),
        };
        using (var content = new StringContent(definition.ToJsonString(), Encoding.UTF8, "application/json"))
        {
            var put = await admin.PutAsync($"api/v1/workflows/{id}", content, Ct);
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync(Ct));
        }

        using var start = new StringContent("{}", Encoding.UTF8, "application/json");
        var response = await admin.PostAsync($"vco/api/workflows/{id}/executions", start, Ct);
        await HttpAssert.StatusAsync(response, HttpStatusCode.Accepted);
        for (var i = 0; i < 600; i++)
        {
            var execution = (await admin.GetAsync(response.Headers.Location, Ct).JsonAsync())!;
            if (execution["state"]!.GetValue<string>() is "completed" or "failed" or "canceled")
            {
                return execution;
            }

            await Task.Delay(50, Ct);
        }

        throw new TimeoutException($"The run of {id} did not end.");
    }
}
