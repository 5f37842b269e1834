using Taskforge.Engine.Identity;

namespace Taskforge.Server.Faces.Native;

/// <summary>A user as the native API shows it; the password hash never appears.</summary>
public sealed record UserDto(
    string Id, string Name, string? DisplayName, string? Email, IReadOnlyList<string> Roles, bool Disabled, bool HasPassword,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<string>? Groups = null)
{
    public static UserDto From(User user, IReadOnlyList<string>? groups = null) => new(
        user.Id, user.Name, user.DisplayName, user.Email, SystemRoleNames.ToNames(user.Roles), user.Disabled, user.HasPassword,
        user.CreatedAt, user.UpdatedAt, groups);
}

public sealed record CreateUserRequest(string? Name, string? Password, string? DisplayName, string? Email, IReadOnlyList<string>? Roles, bool? Disabled);

public sealed record UpdateUserRequest(
    string? DisplayName, string? Email, IReadOnlyList<string>? Roles, bool? Disabled, string? Password, string? CurrentPassword);

public sealed record GroupDto(string Id, string Name, string? Description, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<string>? Members = null)
{
    public static GroupDto From(Group group, IReadOnlyList<User>? members = null) => new(
        group.Id, group.Name, group.Description, group.CreatedAt, group.UpdatedAt, members?.Select(m => m.Name).ToList());
}

public sealed record CreateGroupRequest(string? Name, string? Description, IReadOnlyList<string>? Members);

public sealed record UpdateGroupRequest(string? Description);

public sealed record SetMembersRequest(IReadOnlyList<string>? Members);

/// <summary>A token as listed: never its secret.</summary>
public sealed record TokenDto(
    string Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt)
{
    public static TokenDto From(ApiToken token) => new(token.Id, token.Name, token.Prefix, token.CreatedAt, token.ExpiresAt, token.RevokedAt, token.LastUsedAt);
}

/// <summary>A token just created; <see cref="Secret"/> is shown this once and cannot be read again.</summary>
public sealed record CreatedTokenDto(TokenDto Token, string Secret);

public sealed record CreateTokenRequest(string? Name, DateTimeOffset? ExpiresAt);

public sealed record Page<T>(IReadOnlyList<T> Items, int Offset, int Limit);

public sealed record VersionDto(string Name, string Version, string Runtime, string StorageProvider, int SchemaVersion, int ExpectedSchemaVersion);
