using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Taskforge.Engine.Identity;
using Taskforge.Server.Http;
using Taskforge.Storage;

namespace Taskforge.Server.Faces.Console.Sessions;

/// <summary>
/// Keeps console sessions in the database (as <see cref="TokenKind.Console"/> tokens) instead of in the cookie: the cookie
/// holds only the session's secret, protected by the shared key ring. Any node serves any request, signing out ends the
/// session everywhere at once, and a disabled user is refused at their next click.
/// </summary>
public sealed class ConsoleSessionStore(Authenticator authenticator, IdentityService identity, IOptions<IdentityOptions> options) : ITicketStore
{
    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var caller = httpContext.Caller();
        var session = await identity.StartConsoleSessionAsync(caller, cancellationToken);
        return session.Secret;
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        if (await authenticator.CheckConsoleSessionAsync(key, httpContext.ClientAddress(), cancellationToken) is not { } session)
        {
            return null;
        }

        httpContext.SetCaller(session.Caller);
        var properties = new AuthenticationProperties
        {
            // The session slides: it was last renewed one idle time before it ends.
            IssuedUtc = session.ExpiresAt - options.Value.ConsoleSessionIdleTime,
            ExpiresUtc = session.ExpiresAt,
            AllowRefresh = true,
        };
        return new AuthenticationTicket(CallerPrincipal.Of(session.Caller, CookieAuthenticationDefaults.AuthenticationScheme), properties, ConsoleAuthentication.CookieScheme);
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        try
        {
            await identity.ExtendConsoleSessionAsync(key, cancellationToken);
        }
        catch (Exception ex) when (StorageFaults.IsUnavailable(ex))
        {
            // A database that cannot take writes does not stop a signed-in person from reading: the session keeps its
            // old end, and a later click renews it once the database is back.
        }
    }

    public Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken) =>
        identity.EndConsoleSessionAsync(key, cancellationToken);

    // The cookie handler always calls the overloads above, which carry the request.
    Task<string> ITicketStore.StoreAsync(AuthenticationTicket ticket) => throw new NotSupportedException();

    Task ITicketStore.RenewAsync(string key, AuthenticationTicket ticket) => throw new NotSupportedException();

    Task<AuthenticationTicket?> ITicketStore.RetrieveAsync(string key) => throw new NotSupportedException();

    Task ITicketStore.RemoveAsync(string key) => throw new NotSupportedException();
}
