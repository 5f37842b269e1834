using System.Diagnostics;
using System.Text.Json;
using System.Xml;
using Microsoft.AspNetCore.Diagnostics;
using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Queries;
using Taskforge.Server.Faces.Htm;
using Taskforge.Storage;

namespace Taskforge.Server.Http;

/// <summary>
/// The one place where exceptions become HTTP errors. Engine rule violations map to 400/403/404/409 (the IBM face's
/// own answers are <see cref="HtmErrors"/>); a database that cannot take work now (<see cref="StorageFaults"/>) is a 503
/// with Retry-After; anything unexpected is a 500 that names the trace id and is logged with it, never with a stack trace
/// in the body.
/// </summary>
public sealed partial class FaceExceptionHandler(ErrorWriter writer, ILogger<FaceExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var context = httpContext;
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            return true;
        }

        // The IBM face answers in its own terms (status, CWTKA number, parameters); the others alike.
        var error = FaceRoots.Of(context.Request.Path) == Face.Htm ? HtmErrors.Of(exception) : Of(exception);
        if (error is { Status: 503 })
        {
            LogStoreUnavailable(logger, StorageFaults.Describe(exception) ?? exception.GetType().Name, context.Request.Method, context.Request.Path);
        }
        else if (error is null)
        {
            var traceId = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path, traceId);
            error = new ApiError(500, $"An internal error occurred. Quote trace id {traceId} when reporting it.");
        }

        try
        {
            await writer.WriteAsync(context, error);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client hung up while its error was being written: nobody is left to answer, and this is no failure of
            // ours (unhandled, it was logged as an error of the error handler and again as one of the application).
        }

        return true;
    }

    /// <summary>
    /// The status and message of an error as every face answers it (the IBM face refines them: <see cref="HtmErrors"/>);
    /// null for anything unexpected, which is a 500.
    /// </summary>
    public static ApiError? Of(Exception exception) => exception switch
    {
        ValidationException v => new ApiError(400, v.Message, FieldErrors: v.Errors),
        NotFoundException n => new ApiError(404, n.Message),
        QueryException q => new ApiError(400, q.Message),
        TaskInvocationException i => new ApiError(500, i.Message),
        TaskRuleException r => new ApiError(r.Kind switch { TaskRuleKind.NotAllowed => 403, TaskRuleKind.Conflict => 409, _ => 400 }, r.Message),
        ConflictException c => new ApiError(409, c.Message),
        AccessDeniedException a => new ApiError(403, a.Message),
        BadHttpRequestException b => new ApiError(b.StatusCode, Describe(b)),
        JsonException j => new ApiError(400, $"The request body is not valid JSON: {j.Message}"),
        XmlException x => new ApiError(400, $"The request body is not acceptable XML: {x.Message}"),
        _ when StorageFaults.Describe(exception) is { } fault => new ApiError(
            503, $"The database cannot take this request right now: {fault}. Try again later.", RetryAfterSeconds: StoreRetryAfterSeconds),
        _ => null,
    };

    /// <summary>How long a client is asked to wait before retrying when the database cannot take work.</summary>
    public const int StoreRetryAfterSeconds = 5;

    private static string Describe(BadHttpRequestException exception) =>
        exception.InnerException is JsonException json
            ? $"The request body is not valid JSON: {json.Message}"
            : exception.Message;

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "The database cannot take work ({Fault}); {Method} {Path} answered 503")]
    private static partial void LogStoreUnavailable(ILogger logger, string fault, string method, string path);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Unhandled failure in {Method} {Path} (trace id {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path, string traceId);
}
