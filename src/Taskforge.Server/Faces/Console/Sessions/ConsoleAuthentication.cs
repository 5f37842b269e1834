using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Taskforge.Engine.Identity;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Console.Sessions;

/// <summary>
/// How people sign in to the console: a session cookie (HttpOnly, SameSite=Lax, Secure over HTTPS) whose session lives in
/// the database. API faces never read the cookie, so a page on another site cannot ride on it to call an API; they keep
/// Basic and Bearer, and the console's paths take only the cookie.
/// </summary>
public static class ConsoleAuthentication
{
    public const string CookieScheme = "Console";

    /// <summary>The default scheme: the console's paths use the cookie, every other face Basic and Bearer.</summary>
    public const string ByFaceScheme = "ByFace";

    public const string CookieName = "taskforge_session";
    public const string SignInPath = "/signin";
    public const string SignOutPath = "/signout";
    public const string ReturnUrlParameter = "returnUrl";

    public static AuthenticationBuilder AddConsoleSessions(this AuthenticationBuilder builder)
    {
        builder.Services.AddSingleton<ConsoleSessionStore>();
        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieScheme)
            .Configure<ConsoleSessionStore, IOptions<IdentityOptions>, TimeProvider>((o, sessions, identity, time) =>
            {
                o.SessionStore = sessions;
                o.ExpireTimeSpan = identity.Value.ConsoleSessionIdleTime;
                o.TimeProvider = time;
            });
        builder.AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.IsEssential = true;
            o.SlidingExpiration = true;
            o.LoginPath = SignInPath;
            o.LogoutPath = SignOutPath;
            o.ReturnUrlParameter = ReturnUrlParameter;
            o.Events = new CookieAuthenticationEvents
            {
                OnRedirectToLogin = context =>
                {
                    if (IsPageRequest(context.Request))
                    {
                        context.Response.Redirect(context.RedirectUri);
                    }
                    else
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    }

                    return Task.CompletedTask;
                },
                // Signed in but not allowed: a 403 page, not a detour to a page that does not exist.
                OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                },
            };
        });
        builder.AddPolicyScheme(ByFaceScheme, "Taskforge", o => o.ForwardDefaultSelector = context =>
            FaceRoots.Of(context.Request.Path) == Face.Console ? CookieScheme : TaskforgeAuthenticationHandler.SchemeName);
        return builder;
    }

    /// <summary>
    /// A browser navigating gets the sign-in page; the console's own script (it says so in <c>X-Requested-With</c>) and
    /// event streams get a bare 401 and send the person to sign in themselves.
    /// </summary>
    private static bool IsPageRequest(HttpRequest request) =>
        !request.Headers.ContainsKey("X-Requested-With")
        && !request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);
}
