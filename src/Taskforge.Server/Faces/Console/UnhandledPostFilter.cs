using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Taskforge.Server.Faces.Console;

/// <summary>
/// A request to a page that no handler of the page takes (a POST to a page without forms, a <c>?handler=</c> that names
/// none) is a 405. Razor Pages would otherwise render the page without running any handler, and the page's model,
/// filled only by its GET handler, failed with a NullReferenceException: a 500 found by the request fuzzer.
/// </summary>
public sealed class UnhandledPostFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod is null && !HttpMethods.IsGet(context.HttpContext.Request.Method) && !HttpMethods.IsHead(context.HttpContext.Request.Method))
        {
            context.HttpContext.Response.Headers.Allow = "GET, HEAD";
            context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
            return;
        }

        await next();
    }
}
