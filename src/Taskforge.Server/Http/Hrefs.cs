using Microsoft.Extensions.Options;
using Taskforge.Server.Hosting;

namespace Taskforge.Server.Http;

/// <summary>Absolute URLs for hrefs and Location headers (vRO clients follow them verbatim).</summary>
public sealed class Hrefs(IOptions<HttpOptions> options)
{
    public string Base(HttpContext context)
    {
        if (options.Value.PublicBaseUrl is { Length: > 0 } configured)
        {
            return configured.TrimEnd('/');
        }

        var request = context.Request;
        return $"{request.Scheme}://{request.Host}{request.PathBase}";
    }

    /// <summary>An absolute URL for a server-relative path such as <c>/vco/api/workflows/x/</c>.</summary>
    public string To(HttpContext context, string path) => Base(context) + path;
}
