namespace Taskforge.Engine.Identity;

/// <summary>Settings under <c>Taskforge:Identity</c>.</summary>
public sealed class IdentityOptions
{
    /// <summary>
    /// PBKDF2-HMAC-SHA256 iterations for new password hashes (OWASP 2023 recommends 600,000).
    /// Stored with each hash, so raising it later leaves old hashes verifiable.
    /// </summary>
    public int PasswordIterations { get; set; } = 600_000;

    /// <summary>Minimum password length for new passwords.</summary>
    public int MinimumPasswordLength { get; set; } = 8;

    /// <summary>
    /// How long a verified Basic credential or bearer token is remembered in memory, so that clients
    /// that send Basic on every call do not pay for PBKDF2 each time. Changes on this node clear it at once;
    /// other nodes see them within this time.
    /// </summary>
    public TimeSpan CredentialCacheTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Lifetime of vRO 8 refresh tokens (<c>/csp/gateway/am/api/login</c>).</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Lifetime of vRO 8 access tokens (<c>/iaas/api/login</c>); vRA's default is 8 hours.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// How long a web console session lives without being used. Each use past half of it starts the time again, so a
    /// person who works through the day stays signed in and a browser left alone signs out by itself.
    /// </summary>
    public TimeSpan ConsoleSessionIdleTime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Failed logins a user name is allowed before each further failure adds a growing delay.</summary>
    public int FreeFailuresPerUser { get; set; } = 5;

    /// <summary>Failed logins a client address is allowed before each further failure adds a growing delay.</summary>
    public int FreeFailuresPerAddress { get; set; } = 20;

    /// <summary>The longest a user name can be blocked; a real user waits at most this long, never forever.</summary>
    public TimeSpan MaxUserBlock { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest a client address can be blocked.</summary>
    public TimeSpan MaxAddressBlock { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failures older than this are forgotten.</summary>
    public TimeSpan FailureMemory { get; set; } = TimeSpan.FromMinutes(15);
}
