using Taskforge.Engine.Workflows.Runs;

namespace Taskforge.Tests.Support;

/// <summary>The http step client of engine nodes in tests that make no calls: any call fails as a network failure would.</summary>
public sealed class NoHttpStepClient : IHttpStepClient
{
    public Task<HttpStepResponse> SendAsync(string method, Uri url, IReadOnlyDictionary<string, string> headers, string? body, TimeSpan timeout, CancellationToken ct) =>
        throw new HttpRequestException("no network in this test");
}
