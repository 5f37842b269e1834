namespace Taskforge.Server.Http;

/// <summary>
/// Checks <c>Accept</c> and <c>Content-Type</c> against the endpoint's <see cref="WireFormat"/> before it runs (the
/// matching rules are <see cref="WireFormat.Negotiate"/> and <see cref="WireFormat.Reads"/>): nothing acceptable to
/// answer with is a 406, a body in a type the endpoint does not read is a 415. A missing or <c>*/*</c> Accept gets the
/// endpoint's first type, JSON on the vRO face (real vRO clients poll with <c>Accept: */*</c>).
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

        if (format.Negotiate(context.Request.Headers.Accept) is null)
        {
            await errors.WriteAsync(context, new ApiError(406,
                $"None of the requested media types can be produced here; available: {string.Join(", ", format.Produces)}."));
            return;
        }

        if (HasBody(context.Request) && !format.Reads(context.Request.ContentType))
        {
            await errors.WriteAsync(context, new ApiError(415,
                $"Content-Type '{context.Request.ContentType}' is not supported here; send one of: {string.Join(", ", format.Consumes)}."));
            return;
        }

        if (HasBody(context.Request) && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            && type.Charset.HasValue && type.Encoding is null)
        {
            // A quoted charset (charset="UTF-8") is as valid as a bare one (RFC 9110 §5.6.6) and vRO clients send it, but
            // the JSON reader does not unquote it: the endpoint sees the same type with the quotes taken off.
            var unquoted = Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(type.Charset);
            if (unquoted.Length != type.Charset.Length && IsKnownEncoding(unquoted.ToString()))
            {
                type.Charset = unquoted;
                context.Request.ContentType = type.ToString();
            }
            else
            {
                // A charset nobody can decode ('bogus') is refused here for every face: the endpoint's reader would
                // throw InvalidOperationException, a 500.
                await errors.WriteAsync(context, new ApiError(415, $"The charset '{type.Charset}' of Content-Type is not supported; send UTF-8."));
                return;
            }
        }

        await next(context);
    }

    private static bool IsKnownEncoding(string charset)
    {
        try
        {
            System.Text.Encoding.GetEncoding(charset);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
}
