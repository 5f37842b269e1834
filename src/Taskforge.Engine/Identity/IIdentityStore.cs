namespace Taskforge.Engine.Identity;

/// <summary>The store's side of identity: users, groups, memberships, tokens. Names are unique ignoring case.</summary>
public interface IIdentityStore
{
    Task<bool> AnyUserAsync(CancellationToken ct);

    /// <summary>Inserts the user; false when the name is taken.</summary>
    Task<bool> TryCreateUserAsync(User user, string? passwordHash, string securityStamp, CancellationToken ct);

    Task<User?> FindUserAsync(string name, CancellationToken ct);

    Task<User?> FindUserByIdAsync(string id, CancellationToken ct);

    Task<StoredCredentials?> FindCredentialsAsync(string name, CancellationToken ct);

    Task<IReadOnlyList<User>> ListUsersAsync(int offset, int limit, CancellationToken ct);

    Task<int> CountAdministratorsAsync(CancellationToken ct);

    /// <summary>Saves profile fields, roles and the disabled flag; a non-null hash replaces the password and the stamp.</summary>
    Task<bool> UpdateUserAsync(User user, string? newPasswordHash, string? newSecurityStamp, CancellationToken ct);

    Task<bool> DeleteUserAsync(string userId, CancellationToken ct);

    Task<bool> TryCreateGroupAsync(Group group, CancellationToken ct);

    Task<Group?> FindGroupAsync(string name, CancellationToken ct);

    Task<IReadOnlyList<Group>> ListGroupsAsync(int offset, int limit, CancellationToken ct);

    Task<bool> UpdateGroupAsync(Group group, CancellationToken ct);

    Task<bool> DeleteGroupAsync(string groupId, CancellationToken ct);

    /// <summary>The group's members: by an administrator's hand, or (users without a password) by the directory under the group's name.</summary>
    Task<IReadOnlyList<User>> ListMembersAsync(string groupId, CancellationToken ct);

    /// <summary>
    /// The user's groups: those an administrator made them a member of, and, for a user without a password (who signs in
    /// through the directory), those the directory named at their last sign-in.
    /// </summary>
    Task<IReadOnlyList<string>> ListGroupNamesOfUserAsync(string userId, CancellationToken ct);

    /// <summary>
    /// Replaces the groups the directory names for a user (a directory sign-in); writes nothing when they are the same.
    /// False when nothing changed.
    /// </summary>
    Task<bool> ReplaceDirectoryGroupsAsync(string userId, IReadOnlyList<string> groupNames, CancellationToken ct);

    /// <summary>Replaces the members of a group in one transaction.</summary>
    Task SetMembersAsync(string groupId, IReadOnlyList<string> userIds, CancellationToken ct);

    /// <summary>False when the user already was a member.</summary>
    Task<bool> AddMemberAsync(string groupId, string userId, CancellationToken ct);

    /// <summary>False when the user was not a member.</summary>
    Task<bool> RemoveMemberAsync(string groupId, string userId, CancellationToken ct);

    Task CreateTokenAsync(ApiToken token, string secretHash, CancellationToken ct);

    /// <summary>The token with that secret hash and its owner, whatever its state; the caller checks usability.</summary>
    Task<(ApiToken Token, User Owner)?> FindTokenAsync(string secretHash, CancellationToken ct);

    Task<IReadOnlyList<ApiToken>> ListTokensAsync(string userId, bool includeSessions, CancellationToken ct);

    /// <summary>False when there is no such unrevoked token of that user.</summary>
    Task<bool> RevokeTokenAsync(string userId, string tokenId, DateTimeOffset now, CancellationToken ct);

    Task TouchTokenAsync(string tokenId, DateTimeOffset now, CancellationToken ct);

    /// <summary>Moves the expiry of the unrevoked token with that secret hash; false when there is none.</summary>
    Task<bool> ExtendTokenAsync(string secretHash, DateTimeOffset expiresAt, CancellationToken ct);

    /// <summary>Revokes the token with that secret hash, if it is not revoked already.</summary>
    Task RevokeTokenByHashAsync(string secretHash, DateTimeOffset now, CancellationToken ct);
}
