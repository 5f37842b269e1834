using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Taskforge.Engine.Identity;
using Taskforge.Server.Faces.Console.Sessions;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console.Pages;

/// <summary>
/// The sign-in form: the identity engine checks the password (with its throttle, so guessing here is as slow as over
/// Basic) and the console session starts. Only a local return URL is followed, never another site.
/// </summary>
public sealed class SignInModel(Authenticator authenticator) : PageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool SignedOut { get; set; }

    public string? Error { get; private set; }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? LocalRedirect(Destination()) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        SignedOut = false;
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            Error = "Enter your user name and your password.";
            return Page();
        }

        var result = await authenticator.CheckPasswordAsync(UserName.Trim(), Password, HttpContext.ClientAddress(), ct);
        if (result.Caller is not { } caller)
        {
            if (result.Failure == AuthenticationFailure.Throttled && result.RetryAfter is { } wait)
            {
                var seconds = (int)Math.Ceiling(wait.TotalSeconds);
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                Error = $"Too many failed sign-ins. Try again in {seconds} seconds.";
            }
            else if (result.Failure == AuthenticationFailure.DirectoryUnavailable)
            {
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                Response.Headers.RetryAfter = TaskforgeAuthenticationHandler.DirectoryRetrySeconds;
                Error = TaskforgeAuthenticationHandler.DirectoryUnavailableMessage;
            }
            else
            {
                Error = "That user name and password do not match an active account.";
            }

            return Page();
        }

        HttpContext.SetCaller(caller);
        await HttpContext.SignInAsync(ConsoleAuthentication.CookieScheme, CallerPrincipal.Of(caller, ConsoleAuthentication.CookieScheme));
        return LocalRedirect(Destination());
    }

    /// <summary>Where to go once signed in: the page that sent the person here if it is one of ours, else the start.</summary>
    private string Destination() =>
        ReturnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) && !url.StartsWith(ConsoleAuthentication.SignInPath, StringComparison.OrdinalIgnoreCase)
            ? url
            : "/";
}
