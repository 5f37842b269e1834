namespace Taskforge.Engine.Identity;

/// <summary>What the store keeps to check a password: the user, the hash, and a stamp that changes with the password.</summary>
public sealed record StoredCredentials(User User, string? PasswordHash, string SecurityStamp);
