using Microsoft.Net.Http.Headers;

namespace Taskforge.Server.Http;

/// <summary>
/// Checks <c>Accept</c> and <c>Content-Type</c> against the endpoint's <see cref="WireFormat"/> before it runs:
/// nothing acceptable to answer with is a 406, a body in a type the endpoint does not read is a 415.
/// A missing or <c>*/*</c> Accept means JSON (real vRO clients poll with <c>Accept: */*</c>).
/// </summary>
public sealed class ContentNegotiationMiddleware(RequestDelegate next, ErrorWriter errors)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var format = context.GetEndpoint()?.Metadata.GetMetadata<WireFormat>();
        if (format is null)
        {
            await next(context);
            return;
        }

        if (!Acceptable(context.Request.Headers.Accept, format.Produces))
        {
            await errors.WriteAsync(context, new ApiError(406,
                $"None of the requested media types can be produced here; available: {string.Join(", ", format.Produces)}."));
            return;
        }

        if (HasBody(context.Request) && !Readable(context.Request.ContentType, format.Consumes))
        {
            await errors.WriteAsync(context, new ApiError(415,
                $"Content-Type '{context.Request.ContentType}' is not supported here; send one of: {string.Join(", ", format.Consumes)}."));
            return;
        }

        await next(context);
    }

    internal static bool Acceptable(IEnumerable<string?> acceptHeaders, IReadOnlyList<string> produces)
    {
        var values = acceptHeaders.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList();
        if (values.Count == 0)
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParseList(values, out var accepted))
        {
            return false;
        }

        foreach (var range in accepted)
        {
            if (range.Quality is 0)
            {
                continue;
            }

            foreach (var offered in produces)
            {
                if (MediaTypeHeaderValue.Parse(offered).IsSubsetOf(range))
                {
                    return true;
                }
            }
        }

        return false;
    }

    internal static bool Readable(string? contentType, IReadOnlyList<string> consumes)
    {
        if (string.IsNullOrWhiteSpace(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var actual))
        {
            return false;
        }

        return consumes.Any(c => actual.IsSubsetOf(MediaTypeHeaderValue.Parse(c))
            || (c == WireFormat.Json && actual.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)));
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
}
