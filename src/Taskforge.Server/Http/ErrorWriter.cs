using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Taskforge.Server.Faces.Htm;

namespace Taskforge.Server.Http;

/// <summary>
/// Writes an error in the format of the face the request belongs to: vRO <c>{"status","message"}</c>,
/// IBM HTM <c>{"errorNumber","errorMessage","errorMessageParameters"}</c>, RFC 9457 problem details elsewhere.
/// </summary>
public sealed class ErrorWriter(IProblemDetailsService problemDetails)
{
    public async Task WriteAsync(HttpContext context, ApiError error)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = error.Status;
        if (error.RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        switch (FaceRoots.Of(context.Request.Path))
        {
            case Face.Vco:
                await response.WriteAsJsonAsync(new VcoError(error.Status, error.Message, FieldDetails(error)), WireJson.Options, "application/json", context.RequestAborted);
                break;
            case Face.Htm:
                var parameters = error.Parameters ?? (error.FieldErrors is { } fields ? [.. fields.Keys] : []);
                await response.WriteAsJsonAsync(
                    new HtmError(error.HtmErrorNumber ?? HtmStatusNumbers.ForStatus(error.Status), error.Message, parameters),
                    WireJson.Options, "application/json", context.RequestAborted);
                break;
            case Face.Console when !context.Request.Headers.ContainsKey("X-Requested-With"):
                await Faces.Console.ConsoleErrorPage.WriteAsync(context, error.Status, error.Message);
                break;
            default:
                var problem = new ProblemDetails
                {
                    Status = error.Status,
                    Title = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(error.Status),
                    Detail = error.Message,
                    Instance = context.Request.Path,
                };
                if (error.FieldErrors is { } errors)
                {
                    problem.Extensions["errors"] = errors;
                }

                problem.Extensions["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier;
                // An error is always answered, even to a client whose Accept header rules out problem+json.
                if (!await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
                {
                    await response.WriteAsJsonAsync(problem, WireJson.Options, "application/problem+json", context.RequestAborted);
                }

                break;
        }
    }

    private static string? FieldDetails(ApiError error) =>
        error.FieldErrors is { Count: > 0 } fields ? JsonSerializer.Serialize(fields, WireJson.Options) : null;

    private sealed record VcoError(int Status, string Message, string? Details);

    private sealed record HtmError(string ErrorNumber, string ErrorMessage, IReadOnlyList<string> ErrorMessageParameters);
}
