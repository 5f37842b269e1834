namespace Taskforge.Server.Http;

/// <summary>
/// An error to render in a face's format. <paramref name="HtmErrorNumber"/> is the IBM message id; when null,
/// one is chosen from the status code. <paramref name="RetryAfterSeconds"/> becomes a Retry-After header.
/// </summary>
public sealed record ApiError(
    int Status,
    string Message,
    string? HtmErrorNumber = null,
    IReadOnlyList<string>? Parameters = null,
    IReadOnlyDictionary<string, string[]>? FieldErrors = null,
    int? RetryAfterSeconds = null);
