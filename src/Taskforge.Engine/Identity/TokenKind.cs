namespace Taskforge.Engine.Identity;

/// <summary>Why a bearer token exists.</summary>
public enum TokenKind
{
    /// <summary>A personal API token a user made and names; revocable, optional expiry.</summary>
    Personal = 0,

    /// <summary>A refresh token from the vRO 8 login (<c>/csp/gateway/am/api/login</c>); only trades for access tokens.</summary>
    Refresh = 1,

    /// <summary>A short-lived access token from <c>/iaas/api/login</c>.</summary>
    Access = 2,

    /// <summary>
    /// A web console sign-in: the browser keeps the secret in its session cookie. Never cached, so signing out or being
    /// disabled ends it on every node at once; its expiry slides with use.
    /// </summary>
    Console = 3,
}
