using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Htm;

/// <summary>
/// Two wire rules of IBM's REST interface that act before routing, for <c>/rest/bpm/htm</c> only (ibm-bpm-htm.md §1):
/// <list type="bullet">
/// <item>method tunnelling: a POST with <c>X-HTTP-Method-Override</c> or <c>X-Method-Override</c> set to PUT or DELETE is
/// routed as that method (clients behind proxies that pass only GET and POST use it);</item>
/// <item>the mount without the version, <c>/rest/bpm/htm/task/…</c>, is served as <c>/rest/bpm/htm/v1/task/…</c>, so clients
/// configured with the bare base path work too (v1 is the only version there is).</item>
/// </list>
/// </summary>
public sealed class HtmRequestRewriter(RequestDelegate next, ErrorWriter errors)
{
    private const string Mount = "/rest/bpm/htm";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments(Mount, StringComparison.OrdinalIgnoreCase, out var rest))
        {
            await next(context);
            return;
        }

        if (!request.Path.StartsWithSegments(FaceRoots.HtmRoot, StringComparison.OrdinalIgnoreCase))
        {
            request.Path = new PathString(FaceRoots.HtmRoot).Add(rest);
        }

        var requested = request.Headers["X-HTTP-Method-Override"].ToString() is { Length: > 0 } header ? header : request.Headers["X-Method-Override"].ToString();
        if (requested.Length > 0 && HttpMethods.IsPost(request.Method))
        {
            if (!HttpMethods.IsPut(requested) && !HttpMethods.IsDelete(requested))
            {
                await errors.WriteAsync(context, new ApiError(400,
                    $"X-HTTP-Method-Override '{requested}' is not supported; a POST may carry PUT or DELETE.", HtmErrorNumbers.UnsupportedParameterValue, [requested]));
                return;
            }

            request.Method = HttpMethods.IsPut(requested) ? HttpMethods.Put : HttpMethods.Delete;
        }

        await next(context);
    }
}
