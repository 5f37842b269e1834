using Taskforge.Engine.Identity;

namespace Taskforge.Storage.Identity;

// Row shapes as both drivers return them (integers as long), converted to domain records in one place.
internal sealed class UserRow
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string? DisplayName { get; set; }
    public string? Email { get; set; }
    public string? PasswordHash { get; set; }
    public string SecurityStamp { get; set; } = "";
    public long Roles { get; set; }
    public long Disabled { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }

    public User ToUser() => new(Id, Name, DisplayName, Email, (SystemRoles)Roles, Disabled != 0, PasswordHash is not null,
        Instants.FromMs(CreatedAt), Instants.FromMs(UpdatedAt));
}

internal sealed class GroupRow
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }

    public Group ToGroup() => new(Id, Name, Description, Instants.FromMs(CreatedAt), Instants.FromMs(UpdatedAt));
}

internal sealed class TokenRow
{
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    public long Kind { get; set; }
    public string Prefix { get; set; } = "";
    public long CreatedAt { get; set; }
    public long? ExpiresAt { get; set; }
    public long? RevokedAt { get; set; }
    public long? LastUsedAt { get; set; }

    public ApiToken ToToken() => new(Id, UserId, Name, (TokenKind)Kind, Prefix, Instants.FromMs(CreatedAt),
        Instants.FromMs(ExpiresAt), Instants.FromMs(RevokedAt), Instants.FromMs(LastUsedAt));
}
