using System.Security.Claims;
using Taskforge.Engine.Identity;

namespace Taskforge.Server.Http;

/// <summary>The claims ASP.NET's authorization sees for a caller, whichever way they signed in.</summary>
public static class CallerPrincipal
{
    public static ClaimsPrincipal Of(Caller caller, string authenticationType)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, caller.UserId), new(ClaimTypes.Name, caller.UserName) };
        claims.AddRange(SystemRoleNames.ToNames(caller.Roles).Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType));
    }
}
