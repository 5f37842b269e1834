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
}
