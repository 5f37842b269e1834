namespace Taskforge.Server.Hosting;

/// <summary>Settings under <c>Taskforge:Http</c>.</summary>
public sealed class HttpOptions
{
    /// <summary>Largest accepted request body; larger ones get 413 in the face's error format.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The base URL used in absolute <c>href</c>s when the server sits behind a proxy that rewrites the host;
    /// by default hrefs use the scheme and host of the request.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Honour X-Forwarded-For/Proto/Host (only behind a proxy you trust).</summary>
    public bool TrustForwardedHeaders { get; set; }
}
