using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using Taskforge.Engine.Workflows.Runs;

namespace Taskforge.Server.Hosting;

/// <summary>
/// The network side of <c>http</c> steps. Redirects are not followed (a redirect could leave the allow-list the engine
/// checked), a host name reaches no loopback or link-local address (<see cref="OutboundAddresses"/>), and an answer
/// longer than <see cref="HttpStepOptions.MaxResponseBytes"/> fails the step instead of filling memory.
/// </summary>
public sealed class HttpStepClient(IOptions<HttpStepOptions> options) : IHttpStepClient, IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = ConnectAsync,
    })
    {
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
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var text = await ReadBoundedAsync(response.Content, options.Value.MaxResponseBytes, deadline.Token);
            return new HttpStepResponse((int)response.StatusCode, text, response.Content.Headers.ContentType?.ToString());
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer within {timeout.TotalSeconds:0.#} s");
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>Reads the body up to the limit; one byte more fails, so an endless answer costs at most the limit.</summary>
    private static async Task<string> ReadBoundedAsync(HttpContent content, long limit, CancellationToken ct)
    {
        if (content.Headers.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(limit);
            }

            await buffer.WriteAsync(chunk.AsMemory(0, read), ct);
        }

        var charset = content.Headers.ContentType?.CharSet;
        var encoding = charset is null ? Encoding.UTF8 : EncodingOf(charset);
        return encoding.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static Encoding EncodingOf(string charset)
    {
        try
        {
            return Encoding.GetEncoding(charset.Trim('"'));
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }

    private static HttpRequestException TooLarge(long limit) =>
        new($"the answer is longer than {limit} bytes (Taskforge:HttpSteps:MaxResponseBytes)");

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await OutboundAddresses.ResolveAsync(context.DnsEndPoint.Host, ct);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
