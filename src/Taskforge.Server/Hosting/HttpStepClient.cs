using System.Text;
using Taskforge.Engine.Workflows.Runs;

namespace Taskforge.Server.Hosting;

/// <summary>
/// The network side of <c>http</c> steps. Redirects are not followed (a redirect could leave the allow-list the engine
/// checked), and responses are capped at 4 MiB.
/// </summary>
public sealed class HttpStepClient : IHttpStepClient, IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        MaxResponseContentBufferSize = 4 * 1024 * 1024,
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<HttpStepResponse> SendAsync(string method, Uri url, IReadOnlyDictionary<string, string> headers, string? body, TimeSpan timeout, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        var contentType = headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value ?? "application/json";
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }

        foreach (var (name, value) in headers.Where(h => !h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await _client.SendAsync(request, deadline.Token);
            var text = await response.Content.ReadAsStringAsync(deadline.Token);
            return new HttpStepResponse((int)response.StatusCode, text, response.Content.Headers.ContentType?.ToString());
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer within {timeout.TotalSeconds:0.#} s");
        }
    }

    public void Dispose() => _client.Dispose();
}
