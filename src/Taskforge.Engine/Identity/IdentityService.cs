using Microsoft.Extensions.Options;
using Taskforge.Engine.Errors;

namespace Taskforge.Engine.Identity;

/// <summary>
/// Users, groups, memberships and tokens. Administrators manage everything; monitors read; every user
/// reads themselves and manages their own password and tokens.
/// </summary>
public sealed class IdentityService(
    IIdentityStore store,
    CredentialCache cache,
    TimeProvider time,
    IOptions<IdentityOptions> options)
{
    public const int MaxPageSize = 1000;

    public async Task<User> CreateUserAsync(Caller caller, NewUser request, CancellationToken ct)
    {
        caller.RequireAdministrator("create users");
        var errors = new ValidationErrors();
        IdentityRules.CheckName(errors, "name", request.Name);
        IdentityRules.CheckPassword(errors, request.Password, options.Value.MinimumPasswordLength);
        IdentityRules.CheckOptionalText(errors, "displayName", request.DisplayName, 256);
        IdentityRules.CheckEmail(errors, request.Email);
        var roles = request.Roles | (SystemRoleNames.Parse(request.RoleNames, errors) ?? SystemRoles.None);
        errors.ThrowIfAny();

        var now = time.GetUtcNow();
        var user = new User(Guid.CreateVersion7(now).ToString(), request.Name.Trim(), request.DisplayName, NullIfEmpty(request.Email),
            roles, request.Disabled, request.Password is not null, now, now);
        var hash = request.Password is null ? null : PasswordHasher.Hash(request.Password, options.Value.PasswordIterations);
        if (!await store.TryCreateUserAsync(user, hash, NewStamp(), ct))
        {
            throw new ConflictException($"A user named '{user.Name}' already exists.");
        }

        cache.Clear();
        return user;
    }

    public async Task<IReadOnlyList<User>> ListUsersAsync(Caller caller, int offset, int limit, CancellationToken ct)
    {
        RequireReader(caller, "list users");
        return await store.ListUsersAsync(Math.Max(0, offset), Math.Clamp(limit, 1, MaxPageSize), ct);
    }

    public async Task<User> GetUserAsync(Caller caller, string name, CancellationToken ct)
    {
        var user = await store.FindUserAsync(name, ct);
        if (user is null || (!caller.CanReadEverything && user.Id != caller.UserId))
        {
            throw new NotFoundException("User", name);
        }

        return user;
    }

    public async Task<IReadOnlyList<string>> GetGroupsOfUserAsync(Caller caller, string name, CancellationToken ct)
    {
        var user = await GetUserAsync(caller, name, ct);
        return await store.ListGroupNamesOfUserAsync(user.Id, ct);
    }

    public async Task<User> UpdateUserAsync(Caller caller, string name, UserChanges changes, CancellationToken ct)
    {
        var user = await GetUserAsync(caller, name, ct);
        var self = user.Id == caller.UserId;
        var adminOnly = changes.Roles is not null || changes.RoleNames is not null || changes.Disabled is not null;
        if (!caller.IsAdministrator && (!self || adminOnly))
        {
            throw new AccessDeniedException(self ? "change your own roles or disable yourself" : "change other users");
        }

        var errors = new ValidationErrors();
        IdentityRules.CheckPassword(errors, changes.Password, options.Value.MinimumPasswordLength);
        IdentityRules.CheckOptionalText(errors, "displayName", changes.DisplayName, 256);
        IdentityRules.CheckEmail(errors, changes.Email);
        var newRoles = changes.Roles ?? SystemRoleNames.Parse(changes.RoleNames, errors);
        errors.ThrowIfAny();

        if (changes.Password is not null && !caller.IsAdministrator)
        {
            var stored = await store.FindCredentialsAsync(user.Name, ct);
            if (changes.CurrentPassword is null || !PasswordHasher.Verify(changes.CurrentPassword, stored?.PasswordHash))
            {
                throw new ValidationException("currentPassword", "is required and must be your current password.");
            }
        }

        var updated = user with
        {
            DisplayName = changes.DisplayName ?? user.DisplayName,
            Email = changes.Email is null ? user.Email : NullIfEmpty(changes.Email),
            Roles = newRoles ?? user.Roles,
            Disabled = changes.Disabled ?? user.Disabled,
            HasPassword = user.HasPassword || changes.Password is not null,
            UpdatedAt = time.GetUtcNow(),
        };

        if (user.IsAdministrator && !user.Disabled && (!updated.IsAdministrator || updated.Disabled))
        {
            await RequireAnotherAdministratorAsync(ct);
        }

        var hash = changes.Password is null ? null : PasswordHasher.Hash(changes.Password, options.Value.PasswordIterations);
        if (!await store.UpdateUserAsync(updated, hash, hash is null ? null : NewStamp(), ct))
        {
            throw new NotFoundException("User", name);
        }

        cache.Clear();
        return updated;
    }

    /// <summary>
    /// A person changes their own password, proving it is them with the current one, administrators too: a session left
    /// open on someone's desk must not be enough to take the account over.
    /// </summary>
    public async Task ChangeOwnPasswordAsync(Caller caller, string currentPassword, string newPassword, CancellationToken ct)
    {
        var stored = await store.FindCredentialsAsync(caller.UserName, ct);
        if (stored?.PasswordHash is null || !PasswordHasher.Verify(currentPassword, stored.PasswordHash))
        {
            throw new ValidationException("currentPassword", "is not your current password.");
        }

        await UpdateUserAsync(caller, caller.UserName, new UserChanges(Password: newPassword, CurrentPassword: currentPassword), ct);
    }

    public async Task DeleteUserAsync(Caller caller, string name, CancellationToken ct)
    {
        caller.RequireAdministrator("delete users");
        var user = await store.FindUserAsync(name, ct) ?? throw new NotFoundException("User", name);
        if (user.IsAdministrator && !user.Disabled)
        {
            await RequireAnotherAdministratorAsync(ct);
        }

        await store.DeleteUserAsync(user.Id, ct);
        cache.Clear();
    }

    public async Task<Group> CreateGroupAsync(Caller caller, NewGroup request, CancellationToken ct)
    {
        caller.RequireAdministrator("create groups");
        var errors = new ValidationErrors();
        IdentityRules.CheckName(errors, "name", request.Name);
        IdentityRules.CheckOptionalText(errors, "description", request.Description, 2048);
        errors.ThrowIfAny();

        var now = time.GetUtcNow();
        var group = new Group(Guid.CreateVersion7(now).ToString(), request.Name.Trim(), request.Description, now, now);
        if (!await store.TryCreateGroupAsync(group, ct))
        {
            throw new ConflictException($"A group named '{group.Name}' already exists.");
        }

        return group;
    }

    public async Task<IReadOnlyList<Group>> ListGroupsAsync(Caller caller, int offset, int limit, CancellationToken ct)
    {
        RequireReader(caller, "list groups");
        return await store.ListGroupsAsync(Math.Max(0, offset), Math.Clamp(limit, 1, MaxPageSize), ct);
    }

    public async Task<Group> GetGroupAsync(Caller caller, string name, CancellationToken ct)
    {
        var group = await store.FindGroupAsync(name, ct);
        if (group is null || (!caller.CanReadEverything && !caller.IsMemberOf(group.Name)))
        {
            throw new NotFoundException("Group", name);
        }

        return group;
    }

    public async Task<IReadOnlyList<User>> ListMembersAsync(Caller caller, string groupName, CancellationToken ct)
    {
        var group = await GetGroupAsync(caller, groupName, ct);
        return await store.ListMembersAsync(group.Id, ct);
    }

    public async Task<Group> UpdateGroupAsync(Caller caller, string name, string? description, CancellationToken ct)
    {
        caller.RequireAdministrator("change groups");
        var errors = new ValidationErrors();
        IdentityRules.CheckOptionalText(errors, "description", description, 2048);
        errors.ThrowIfAny();

        var group = await store.FindGroupAsync(name, ct) ?? throw new NotFoundException("Group", name);
        var updated = group with { Description = description, UpdatedAt = time.GetUtcNow() };
        await store.UpdateGroupAsync(updated, ct);
        return updated;
    }

    public async Task DeleteGroupAsync(Caller caller, string name, CancellationToken ct)
    {
        caller.RequireAdministrator("delete groups");
        var group = await store.FindGroupAsync(name, ct) ?? throw new NotFoundException("Group", name);
        await store.DeleteGroupAsync(group.Id, ct);
        cache.Clear();
    }

    /// <summary>Replaces a group's members; every unknown user name is reported at once and nothing changes.</summary>
    public async Task<IReadOnlyList<User>> SetMembersAsync(Caller caller, string groupName, IReadOnlyList<string> userNames, CancellationToken ct)
    {
        caller.RequireAdministrator("change group members");
        var group = await store.FindGroupAsync(groupName, ct) ?? throw new NotFoundException("Group", groupName);
        var errors = new ValidationErrors();
        var users = new Dictionary<string, User>(StringComparer.Ordinal);
        foreach (var userName in userNames)
        {
            var user = await store.FindUserAsync(userName, ct);
            if (user is null)
            {
                errors.Add("members", $"user '{userName}' does not exist.");
            }
            else
            {
                users[user.Id] = user;
            }
        }

        errors.ThrowIfAny();
        await store.SetMembersAsync(group.Id, [.. users.Keys], ct);
        cache.Clear();
        return [.. users.Values.OrderBy(u => u.Name, StringComparer.OrdinalIgnoreCase)];
    }

    public async Task<bool> AddMemberAsync(Caller caller, string groupName, string userName, CancellationToken ct)
    {
        caller.RequireAdministrator("change group members");
        var group = await store.FindGroupAsync(groupName, ct) ?? throw new NotFoundException("Group", groupName);
        var user = await store.FindUserAsync(userName, ct) ?? throw new NotFoundException("User", userName);
        var added = await store.AddMemberAsync(group.Id, user.Id, ct);
        cache.Clear();
        return added;
    }

    public async Task RemoveMemberAsync(Caller caller, string groupName, string userName, CancellationToken ct)
    {
        caller.RequireAdministrator("change group members");
        var group = await store.FindGroupAsync(groupName, ct) ?? throw new NotFoundException("Group", groupName);
        var user = await store.FindUserAsync(userName, ct) ?? throw new NotFoundException("User", userName);
        if (!await store.RemoveMemberAsync(group.Id, user.Id, ct))
        {
            throw new NotFoundException("Member", userName);
        }

        cache.Clear();
    }

    public async Task<IssuedToken> CreateTokenAsync(Caller caller, string userName, NewToken request, CancellationToken ct)
    {
        var user = await RequireTokenOwnerAsync(caller, userName, "create tokens for other users", ct);
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors.Add("name", "is required.");
        }

        IdentityRules.CheckOptionalText(errors, "name", request.Name, 200);
        var now = time.GetUtcNow();
        if (request.ExpiresAt is { } expires && expires <= now)
        {
            errors.Add("expiresAt", "must be in the future.");
        }

        errors.ThrowIfAny();
        return await IssueAsync(user, request.Name.Trim(), TokenKind.Personal, request.ExpiresAt, ct);
    }

    public async Task<IReadOnlyList<ApiToken>> ListTokensAsync(Caller caller, string userName, CancellationToken ct)
    {
        var user = await GetUserAsync(caller, userName, ct);
        if (user.Id != caller.UserId && !caller.CanReadEverything)
        {
            throw new NotFoundException("User", userName);
        }

        return await store.ListTokensAsync(user.Id, includeSessions: false, ct);
    }

    public async Task RevokeTokenAsync(Caller caller, string userName, string tokenId, CancellationToken ct)
    {
        var user = await RequireTokenOwnerAsync(caller, userName, "revoke tokens of other users", ct);
        if (!await store.RevokeTokenAsync(user.Id, tokenId, time.GetUtcNow(), ct))
        {
            throw new NotFoundException("Token", tokenId);
        }

        cache.Clear();
    }

    /// <summary>Issues a token of any kind for an already authenticated user (the vRO 8 login flow).</summary>
    public async Task<IssuedToken> IssueSessionTokenAsync(Caller caller, TokenKind kind, CancellationToken ct)
    {
        var user = await store.FindUserByIdAsync(caller.UserId, ct) ?? throw new NotFoundException("User", caller.UserName);
        var lifetime = kind == TokenKind.Refresh ? options.Value.RefreshTokenLifetime : options.Value.AccessTokenLifetime;
        return await IssueAsync(user, kind == TokenKind.Refresh ? "vRO login (refresh)" : "vRO login (access)", kind, time.GetUtcNow() + lifetime, ct);
    }

    /// <summary>
    /// Starts a web console session for a user who just proved who they are (the sign-in form checks the password
    /// through <see cref="Authenticator"/>, with its throttle). The browser keeps the secret in its session cookie.
    /// </summary>
    public async Task<IssuedToken> StartConsoleSessionAsync(Caller caller, CancellationToken ct)
    {
        var user = await store.FindUserByIdAsync(caller.UserId, ct) ?? throw new NotFoundException("User", caller.UserName);
        return await IssueAsync(user, "Web console", TokenKind.Console, time.GetUtcNow() + options.Value.ConsoleSessionIdleTime, ct);
    }

    /// <summary>Gives a console session in use its full idle time again; false when it has ended meanwhile.</summary>
    public async Task<bool> ExtendConsoleSessionAsync(string secret, CancellationToken ct) =>
        await store.ExtendTokenAsync(TokenSecrets.HashOf(secret), time.GetUtcNow() + options.Value.ConsoleSessionIdleTime, ct);

    /// <summary>Ends a console session (sign-out): its cookie is refused from now on, on every node.</summary>
    public Task EndConsoleSessionAsync(string secret, CancellationToken ct) =>
        store.RevokeTokenByHashAsync(TokenSecrets.HashOf(secret), time.GetUtcNow(), ct);

    private async Task<IssuedToken> IssueAsync(User user, string name, TokenKind kind, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var secret = TokenSecrets.NewSecret();
        var token = new ApiToken(Guid.CreateVersion7(now).ToString(), user.Id, name, kind, TokenSecrets.PrefixOf(secret), now, expiresAt, null, null);
        await store.CreateTokenAsync(token, TokenSecrets.HashOf(secret), ct);
        return new IssuedToken(token, secret);
    }

    private async Task<User> RequireTokenOwnerAsync(Caller caller, string userName, string action, CancellationToken ct)
    {
        var user = await GetUserAsync(caller, userName, ct);
        if (user.Id != caller.UserId && !caller.IsAdministrator)
        {
            throw new AccessDeniedException(action);
        }

        return user;
    }

    private async Task RequireAnotherAdministratorAsync(CancellationToken ct)
    {
        if (await store.CountAdministratorsAsync(ct) <= 1)
        {
            throw new ConflictException("This is the last enabled administrator; make another administrator first.");
        }
    }

    private static void RequireReader(Caller caller, string action)
    {
        if (!caller.CanReadEverything)
        {
            throw new AccessDeniedException(action);
        }
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string NewStamp() => Guid.NewGuid().ToString("N");
}
