using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Xml;
using Microsoft.AspNetCore.Diagnostics;
using Taskforge.Engine.Errors;

namespace Taskforge.Server.Http;

/// <summary>
/// The one place where exceptions become HTTP errors. Engine rule violations map to 400/403/404/409;
/// anything unexpected is a 500 that names the trace id and is logged with it, never with a stack trace in the body.
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

        var face = FaceRoots.Of(context.Request.Path);
        var error = exception switch
        {
            ValidationException v => new ApiError(400, v.Message, FieldErrors: v.Errors),
            NotFoundException n => new ApiError(404, n.Message, NotFoundNumber(n), [n.Id]),
            Engine.HumanTasks.Queries.QueryException q => new ApiError(400, q.Message, q.ErrorNumber, [q.Problem, q.Position.ToString(CultureInfo.InvariantCulture)]),
            // The invoked workflow gave no usable answer in time: IBM's 500 CWTKA0040E; the task goes on (§5.2).
            Engine.HumanTasks.TaskInvocationException i => new ApiError(500, i.Message, i.ErrorNumber, [i.TaskId]),
            Engine.HumanTasks.TaskRuleException r => new ApiError(StatusOf(r.Kind, face), r.Message, r.ErrorNumber, r.Parameters),
            ConflictException c => new ApiError(409, c.Message),
            AccessDeniedException a when face == Face.Htm => new ApiError(401, a.Message, Engine.HumanTasks.HtmErrorNumbers.NotAuthorized, [a.Action]),
            AccessDeniedException a => new ApiError(403, a.Message),
            BadHttpRequestException b => new ApiError(b.StatusCode, Describe(b)),
            JsonException j => new ApiError(400, $"The request body is not valid JSON: {j.Message}"),
            XmlException x => new ApiError(400, $"The request body is not acceptable XML: {x.Message}", Engine.HumanTasks.HtmErrorNumbers.InvalidDocument),
            _ => null,
        };

        if (error is null)
        {
            var traceId = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path, traceId);
            error = new ApiError(500, $"An internal error occurred. Quote trace id {traceId} when reporting it.");
        }

        await writer.WriteAsync(context, error);
        return true;
    }

    // IBM answers "not allowed" with 401; the other faces use the correct 403.
    private static int StatusOf(Engine.HumanTasks.TaskRuleKind kind, Face face) => kind switch
    {
        Engine.HumanTasks.TaskRuleKind.NotAllowed => face == Face.Htm ? 401 : 403,
        Engine.HumanTasks.TaskRuleKind.Conflict => 409,
        _ => 400,
    };

    private static string? NotFoundNumber(NotFoundException exception) => exception.Kind switch
    {
        "Task" => Engine.HumanTasks.HtmErrorNumbers.TaskNotFound,
        "Task template" => Engine.HumanTasks.HtmErrorNumbers.TemplateNotFound,
        "Escalation" => Engine.HumanTasks.HtmErrorNumbers.EscalationNotFound,
        _ => null,
    };

    private static string Describe(BadHttpRequestException exception) =>
        exception.InnerException is JsonException json
            ? $"The request body is not valid JSON: {json.Message}"
            : exception.Message;

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Unhandled failure in {Method} {Path} (trace id {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path, string traceId);
}
