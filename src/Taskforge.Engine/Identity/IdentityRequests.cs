namespace Taskforge.Engine.Identity;

/// <summary>
/// A user to create. Without a password the account can only use tokens (a service account), or sign in through the
/// directory when one is configured (DirectoryUsers).
/// <paramref name="RoleNames"/>, when given, are wire names checked with the other fields and added to <paramref name="Roles"/>.
/// </summary>
public sealed record NewUser(
    string Name, string? Password, string? DisplayName, string? Email, SystemRoles Roles, bool Disabled = false, IReadOnlyList<string>? RoleNames = null);

/// <summary>Changes to a user; null fields stay as they are. A user changing their own password gives the current one.</summary>
public sealed record UserChanges(
    string? DisplayName = null,
    string? Email = null,
    SystemRoles? Roles = null,
    bool? Disabled = null,
    string? Password = null,
    string? CurrentPassword = null,
    IReadOnlyList<string>? RoleNames = null);

public sealed record NewGroup(string Name, string? Description);

/// <summary>A personal token to issue; <paramref name="ExpiresAt"/> null means it never expires.</summary>
public sealed record NewToken(string Name, DateTimeOffset? ExpiresAt);
