using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Taskforge.Fuzz;

/// <summary>
/// Sends a <see cref="FuzzRequest"/> over loopback: through <see cref="HttpClient"/>, or written to a socket byte for
/// byte when it is <see cref="FuzzRequest.Raw"/> or holds what <see cref="Uri"/> would refuse. Credentials come from
/// the caller: Basic for the API faces, the signed-in session cookie for the console.
/// </summary>
public sealed class RequestSender(Uri baseAddress, TimeSpan timeout) : IDisposable
{
    private const int BodyKept = 1 << 20;

    /// <summary>The server's <c>Taskforge:Http:MaxRequestBodyBytes</c> (its default): a longer body may be refused unread.</summary>
    public const int MaxBodyBytes = 1 << 20;

    private static readonly string[] BrokenCredentials =
    [
        "Basic !!!", // Never the administrator's name: failed sign-ins throttle a name (429), and the fuzzer works as the administrator.
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ghost:wrong")), "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ghost")),
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("\0:\0")), "Bearer x", "Bearer " + new string('a', 5000), "Negotiate abc", "Basic",
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(new string('a', 2000) + ":" + new string('b', 2000))),
    ];

    private readonly string _origin = baseAddress.GetLeftPart(UriPartial.Authority);

    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        BaseAddress = baseAddress,
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>The console session's cookie header (session and antiforgery cookies), set after signing in.</summary>
    public string? ConsoleCookies { get; set; }

    public async Task<FuzzResponse> SendAsync(FuzzRequest request, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            // Absolute, so that a target starting with // is a path and not another host.
            if (request.Raw || !Uri.TryCreate(_origin + request.Target, UriKind.Absolute, out var target) || target.Authority != baseAddress.Authority)
            {
                return await SendRawAsync(request, deadline.Token);
            }

            try
            {
                return await SendWithClientAsync(request, target, closeConnection: false, deadline.Token);
            }
            catch (HttpRequestException)
            {
                // A pooled connection the server had closed after an earlier request (it closes one whose body it refused
                // unread): only a failure on a connection of its own counts.
                return await SendWithClientAsync(request, target, closeConnection: true, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new FuzzResponse(0, null, "", false);
        }
        catch (HttpRequestException ex)
        {
            // The server closed the connection without an answer.
            return new FuzzResponse(-1, null, ex.Message, false);
        }
    }

    private static string? Credentials(FuzzRequest request, int pick) => request.Caller switch
    {
        Caller.Admin when ConsoleFace(request) => null,
        Caller.Admin => FuzzWorld.Basic(FuzzServer.AdminName, FuzzServer.AdminPassword).ToString(),
        Caller.User => FuzzWorld.Basic(FuzzWorld.User, FuzzWorld.UserPassword).ToString(),
        Caller.Broken => BrokenCredentials[pick % BrokenCredentials.Length],
        _ => null,
    };

    private static bool ConsoleFace(FuzzRequest request) => ResponseJudge.Faces(request.Target)[0] == Server.Http.Face.Console;

    private string? Cookies(FuzzRequest request) => request.Caller == Caller.Admin && ConsoleFace(request) ? ConsoleCookies : null;

    private async Task<FuzzResponse> SendWithClientAsync(FuzzRequest request, Uri target, bool closeConnection, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), target);
        message.Headers.ConnectionClose = closeConnection || request.Body?.Length > MaxBodyBytes;
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (!string.IsNullOrEmpty(request.ContentType))
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        if (Credentials(request, request.Target.Length) is { } credentials)
        {
            message.Headers.TryAddWithoutValidation("Authorization", credentials);
        }

        if (Cookies(request) is { } cookies)
        {
            message.Headers.TryAddWithoutValidation("Cookie", cookies);
        }

        foreach (var (name, value) in request.Headers)
        {
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
        var contentType = response.Content.Headers.ContentType?.ToString();
        if (contentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true)
        {
            return new FuzzResponse((int)response.StatusCode, contentType, "", Streaming: true);
        }

        await using var body = await response.Content.ReadAsStreamAsync(ct);
        return new FuzzResponse((int)response.StatusCode, contentType, await ReadCappedAsync(body, ct), false);
    }

    private async Task<FuzzResponse> SendRawAsync(FuzzRequest request, CancellationToken ct)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"{request.Method} {request.Target} HTTP/1.1\r\n");
        var framing = request.Headers.FirstOrDefault(h => h.Key == "X-Framing").Value;
        var host = request.Headers.FirstOrDefault(h => h.Key == "Host").Value ?? baseAddress.Authority;
        head.Append(CultureInfo.InvariantCulture, $"Host: {host}\r\nConnection: close\r\n");
        if (Credentials(request, request.Target.Length) is { } credentials)
        {
            head.Append(CultureInfo.InvariantCulture, $"Authorization: {credentials}\r\n");
        }

        if (Cookies(request) is { } cookies)
        {
            head.Append(CultureInfo.InvariantCulture, $"Cookie: {cookies}\r\n");
        }

        foreach (var (name, value) in request.Headers.Where(h => h.Key is not ("X-Framing" or "Host")))
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        if (!string.IsNullOrEmpty(request.ContentType))
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Type: {request.ContentType}\r\n");
        }

        if (framing is not null)
        {
            head.Append(framing).Append("\r\n");
        }
        else if (request.Body is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {request.Body.Length}\r\n");
        }

        head.Append("\r\n");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, baseAddress.Port), ct);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(head.ToString()), ct);
            if (request.Body is not null)
            {
                await stream.WriteAsync(request.Body, ct);
            }

            // Contradictory framing is followed by the end of input, so the server sees a body cut short rather than waiting
            // for more. Other requests keep the connection open until the answer (a client that hangs up early is another case).
            if (framing is not null)
            {
                socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (IOException)
        {
            // The server may answer and close before it has read everything (a refused head, a body over the limit).
        }

        string text;
        try
        {
            text = await ReadCappedAsync(stream, ct, stopAtEventStream: true);
        }
        catch (IOException)
        {
            text = "";
        }

        if (text.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) && text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal))
        {
            return new FuzzResponse(int.Parse(text.AsSpan(9, 3), CultureInfo.InvariantCulture), "text/event-stream", "", Streaming: true);
        }

        // A connection closed without an answer is Kestrel giving up on a malformed request: -1, not a hang.
        if (!text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) || !int.TryParse(text.AsSpan(9, 3), CultureInfo.InvariantCulture, out var status))
        {
            return new FuzzResponse(-1, null, text, false);
        }

        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = split < 0 ? text : text[..split];
        var contentType = headers.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))?["Content-Type:".Length..].Trim();
        var chunked = headers.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase);
        var body = split < 0 ? "" : text[(split + 4)..];
        // A chunked body is judged only by its status; its format is checked on the requests that go through HttpClient.
        return new FuzzResponse(status, contentType, chunked ? "" : body, false);
    }

    private static async Task<string> ReadCappedAsync(Stream stream, CancellationToken ct, bool stopAtEventStream = false)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(BodyKept);
        try
        {
            var length = 0;
            int read;
            while (length < BodyKept && (read = await stream.ReadAsync(buffer.AsMemory(length, Math.Min(BodyKept - length, 65536)), ct)) > 0)
            {
                length += read;
                // An event stream stays open: its head is the answer.
                if (stopAtEventStream && buffer.AsSpan(0, length).IndexOf("text/event-stream"u8) >= 0 && buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
                {
                    break;
                }
            }

            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _client.Dispose();
}
