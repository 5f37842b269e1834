namespace Taskforge.Engine.Workflows.Runs;

/// <summary>A response to an <c>http</c> step.</summary>
public sealed record HttpStepResponse(int StatusCode, string Body, string? ContentType);

/// <summary>The port through which <c>http</c> steps reach the network; the host supplies it.</summary>
public interface IHttpStepClient
{
    /// <exception cref="HttpRequestException">When the call fails below HTTP (refused, DNS, TLS).</exception>
    /// <exception cref="TimeoutException">When no answer came within <paramref name="timeout"/>.</exception>
    Task<HttpStepResponse> SendAsync(string method, Uri url, IReadOnlyDictionary<string, string> headers, string? body, TimeSpan timeout, CancellationToken ct);
}
