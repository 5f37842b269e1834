using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Taskforge.Engine.Identity;

namespace Taskforge.Server.Http;

/// <summary>
/// HTTP Basic and <c>Authorization: Bearer</c> for every face. Challenges answer 401 (or 429 while a client is
/// throttled, 503 while the directory that must check a password does not answer) with <c>WWW-Authenticate</c> and a
/// body in the face's own error format.
/// </summary>
public sealed class TaskforgeAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    Authenticator authenticator,
    ErrorWriter errors)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Taskforge";
    public const string Realm = "Taskforge";
    internal const string FailureKey = "taskforge.auth-failure";
    internal const string DirectoryUnavailableMessage = "The directory that checks this account's password is not answering; try again shortly.";
    internal const string DirectoryRetrySeconds = "5";
    private static readonly TokenKind[] RequestTokenKinds = [TokenKind.Personal, TokenKind.Access];

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !AuthenticationHeaderValue.TryParse(header, out var value) || value.Parameter is null)
        {
            return AuthenticateResult.NoResult();
        }

        AuthenticationResult result;
        if (value.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            if (!TryDecodeBasic(value.Parameter, out var userName, out var password))
            {
                return Fail(AuthenticationResult.Rejected, "Malformed Basic credentials.");
            }

            result = await authenticator.CheckPasswordAsync(userName, password, Context.ClientAddress(), Context.RequestAborted);
        }
        else if (value.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            result = await authenticator.CheckTokenAsync(value.Parameter.Trim(), Context.ClientAddress(), RequestTokenKinds, Context.RequestAborted);
        }
        else
        {
            return AuthenticateResult.NoResult();
        }

        return result.Caller is { } caller ? Success(caller) : Fail(result, "Invalid credentials.");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Items.TryGetValue(FailureKey, out var f) ? f as AuthenticationResult : null;
        if (failure?.Failure == AuthenticationFailure.Throttled && failure.RetryAfter is { } wait)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await errors.WriteAsync(Context, new ApiError(429, $"Too many failed logins; try again in {seconds} s."));
            return;
        }

        if (failure?.Failure == AuthenticationFailure.DirectoryUnavailable)
        {
            // Neither yes nor no: the client may try again shortly, and must not take this for a wrong password.
            Response.Headers.RetryAfter = DirectoryRetrySeconds;
            await errors.WriteAsync(Context, new ApiError(503, DirectoryUnavailableMessage));
            return;
        }

        Response.Headers.Append("WWW-Authenticate", $"Basic realm=\"{Realm}\", charset=\"UTF-8\"");
        Response.Headers.Append("WWW-Authenticate", failure is null ? $"Bearer realm=\"{Realm}\"" : $"Bearer realm=\"{Realm}\", error=\"invalid_token\"");
        var message = failure is null ? "Authentication required: use HTTP Basic or a bearer token." : "The credentials are not valid.";
        await errors.WriteAsync(Context, new ApiError(401, message, Faces.Htm.HtmErrorNumbers.NotAuthorized));
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        errors.WriteAsync(Context, new ApiError(403, "You are not allowed to do this."));

    /// <summary>Decodes <c>base64(user:password)</c> as UTF-8; the password may contain colons.</summary>
    public static bool TryDecodeBasic(string parameter, out string userName, out string password)
    {
        userName = password = "";
        var buffer = new byte[parameter.Length];
        if (!Convert.TryFromBase64String(parameter.Trim(), buffer, out var length))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, length);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        userName = text[..colon];
        password = text[(colon + 1)..];
        // RFC 7617: a user-id holds no control characters. One with a NUL reached PostgreSQL, which cannot compare it
        // with text and failed the request with a 500 (found by the request fuzzer).
        return !userName.Any(char.IsControl);
    }

    private AuthenticateResult Success(Caller caller)
    {
        Context.SetCaller(caller);
        return AuthenticateResult.Success(new AuthenticationTicket(CallerPrincipal.Of(caller, SchemeName), SchemeName));
    }

    private AuthenticateResult Fail(AuthenticationResult result, string reason)
    {
        Context.Items[FailureKey] = result;
        return AuthenticateResult.Fail(reason);
    }
}
