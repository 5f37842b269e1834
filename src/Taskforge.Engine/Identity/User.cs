namespace Taskforge.Engine.Identity;

/// <summary>A person or service account. The password hash never leaves the store except for verification.</summary>
public sealed record User(
    string Id,
    string Name,
    string? DisplayName,
    string? Email,
    SystemRoles Roles,
    bool Disabled,
    bool HasPassword,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public bool IsAdministrator => Roles.HasFlag(SystemRoles.Administrator);
}
