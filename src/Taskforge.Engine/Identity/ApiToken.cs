namespace Taskforge.Engine.Identity;

/// <summary>A bearer token as stored: only the SHA-256 of its secret is kept; the secret is shown once.</summary>
public sealed record ApiToken(
    string Id,
    string UserId,
    string Name,
    TokenKind Kind,
    string Prefix,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt)
{
    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
