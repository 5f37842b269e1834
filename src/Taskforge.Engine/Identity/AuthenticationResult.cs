namespace Taskforge.Engine.Identity;

/// <summary>Why an authentication attempt did not produce a caller.</summary>
public enum AuthenticationFailure
{
    None,
    BadCredentials,
    Throttled,

    /// <summary>The directory that must vouch for the user did not answer: neither yes nor no (a 503, not a 401).</summary>
    DirectoryUnavailable,
}

/// <summary>The outcome of checking a credential: a caller, or a reason (and, when throttled, how long to wait).</summary>
public sealed record AuthenticationResult(Caller? Caller, AuthenticationFailure Failure, TimeSpan? RetryAfter = null)
{
    public static AuthenticationResult Success(Caller caller) => new(caller, AuthenticationFailure.None);

    public static AuthenticationResult Rejected { get; } = new(null, AuthenticationFailure.BadCredentials);

    public static AuthenticationResult Throttle(TimeSpan retryAfter) => new(null, AuthenticationFailure.Throttled, retryAfter);

    public static AuthenticationResult DirectoryDown { get; } = new(null, AuthenticationFailure.DirectoryUnavailable);
}
