using Dapper;
using Taskforge.Engine.Identity;

namespace Taskforge.Storage.Identity;

/// <summary>Identity on either dialect; the SQL is the same for both.</summary>
public sealed class SqlIdentityStore(SqlDatabase database) : IIdentityStore
{
    private const string UserColumns = "id, name, display_name, email, password_hash, security_stamp, roles, disabled, created_at, updated_at";
    private const string TokenColumns = "id, user_id, name, kind, prefix, created_at, expires_at, revoked_at, last_used_at";

    public async Task<bool> AnyUserAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(Command("SELECT COUNT(*) FROM (SELECT 1 FROM users LIMIT 1) AS t", null, ct)) > 0;
    }

    public async Task<bool> TryCreateUserAsync(User user, string? passwordHash, string securityStamp, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        var rows = await scope.Connection.ExecuteAsync(Command("""
            INSERT INTO users (id, name, name_key, display_name, email, password_hash, security_stamp, roles, disabled, created_at, updated_at)
            VALUES (@Id, @Name, @NameKey, @DisplayName, @Email, @PasswordHash, @SecurityStamp, @Roles, @Disabled, @CreatedAt, @UpdatedAt)
            ON CONFLICT DO NOTHING
            """,
            new
            {
                user.Id, user.Name, NameKey = Key(user.Name), user.DisplayName, user.Email, PasswordHash = passwordHash,
                SecurityStamp = securityStamp, Roles = (int)user.Roles, Disabled = user.Disabled ? 1 : 0,
                CreatedAt = Instants.ToMs(user.CreatedAt), UpdatedAt = Instants.ToMs(user.UpdatedAt),
            },
            ct, scope));
        await scope.CommitAsync(ct);
        return rows == 1;
    }

    public async Task<User?> FindUserAsync(string name, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(Command($"SELECT {UserColumns} FROM users WHERE name_key = @Key", new { Key = Key(name) }, ct));
        return row?.ToUser();
    }

    public async Task<User?> FindUserByIdAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(Command($"SELECT {UserColumns} FROM users WHERE id = @Id", new { Id = id }, ct));
        return row?.ToUser();
    }

    public async Task<StoredCredentials?> FindCredentialsAsync(string name, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(Command($"SELECT {UserColumns} FROM users WHERE name_key = @Key", new { Key = Key(name) }, ct));
        return row is null ? null : new StoredCredentials(row.ToUser(), row.PasswordHash, row.SecurityStamp);
    }

    public async Task<IReadOnlyList<User>> ListUsersAsync(int offset, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<UserRow>(Command(
            $"SELECT {UserColumns} FROM users ORDER BY name_key LIMIT @Limit OFFSET @Offset", new { Limit = limit, Offset = offset }, ct));
        return [.. rows.Select(r => r.ToUser())];
    }

    public async Task<int> CountAdministratorsAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (int)await connection.ExecuteScalarAsync<long>(Command(
            "SELECT COUNT(*) FROM users WHERE disabled = 0 AND (roles & @Admin) <> 0", new { Admin = (int)SystemRoles.Administrator }, ct));
    }

    public async Task<bool> UpdateUserAsync(User user, string? newPasswordHash, string? newSecurityStamp, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        var rows = await scope.Connection.ExecuteAsync(Command("""
            UPDATE users
               SET display_name = @DisplayName, email = @Email, roles = @Roles, disabled = @Disabled, updated_at = @UpdatedAt,
                   password_hash = COALESCE(@PasswordHash, password_hash),
                   security_stamp = COALESCE(@SecurityStamp, security_stamp)
             WHERE id = @Id
            """,
            new
            {
                user.Id, user.DisplayName, user.Email, Roles = (int)user.Roles, Disabled = user.Disabled ? 1 : 0,
                UpdatedAt = Instants.ToMs(user.UpdatedAt), PasswordHash = newPasswordHash, SecurityStamp = newSecurityStamp,
            },
            ct, scope));
        await scope.CommitAsync(ct);
        return rows == 1;
    }

    public Task<bool> DeleteUserAsync(string userId, CancellationToken ct) =>
        ExecuteOneAsync("DELETE FROM users WHERE id = @Id", new { Id = userId }, ct);

    public async Task<bool> TryCreateGroupAsync(Group group, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        var rows = await scope.Connection.ExecuteAsync(Command("""
            INSERT INTO user_groups (id, name, name_key, description, created_at, updated_at)
            VALUES (@Id, @Name, @NameKey, @Description, @CreatedAt, @UpdatedAt)
            ON CONFLICT DO NOTHING
            """,
            new
            {
                group.Id, group.Name, NameKey = Key(group.Name), group.Description,
                CreatedAt = Instants.ToMs(group.CreatedAt), UpdatedAt = Instants.ToMs(group.UpdatedAt),
            },
            ct, scope));
        await scope.CommitAsync(ct);
        return rows == 1;
    }

    public async Task<Group?> FindGroupAsync(string name, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<GroupRow>(Command(
            "SELECT id, name, description, created_at, updated_at FROM user_groups WHERE name_key = @Key", new { Key = Key(name) }, ct));
        return row?.ToGroup();
    }

    public async Task<IReadOnlyList<Group>> ListGroupsAsync(int offset, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<GroupRow>(Command(
            "SELECT id, name, description, created_at, updated_at FROM user_groups ORDER BY name_key LIMIT @Limit OFFSET @Offset",
            new { Limit = limit, Offset = offset }, ct));
        return [.. rows.Select(r => r.ToGroup())];
    }

    public Task<bool> UpdateGroupAsync(Group group, CancellationToken ct) =>
        ExecuteOneAsync("UPDATE user_groups SET description = @Description, updated_at = @UpdatedAt WHERE id = @Id",
            new { group.Id, group.Description, UpdatedAt = Instants.ToMs(group.UpdatedAt) }, ct);

    public Task<bool> DeleteGroupAsync(string groupId, CancellationToken ct) =>
        ExecuteOneAsync("DELETE FROM user_groups WHERE id = @Id", new { Id = groupId }, ct);

    public async Task<IReadOnlyList<User>> ListMembersAsync(string groupId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<UserRow>(Command($"""
            SELECT {UserColumns} FROM users
             WHERE id IN (SELECT user_id FROM group_members WHERE group_id = @GroupId)
                OR (password_hash IS NULL
                    AND id IN (SELECT d.user_id FROM directory_groups d JOIN user_groups g ON g.name_key = d.name_key WHERE g.id = @GroupId))
             ORDER BY name_key
            """, new { GroupId = groupId }, ct));
        return [.. rows.Select(r => r.ToUser())];
    }

    public async Task<IReadOnlyList<string>> ListGroupNamesOfUserAsync(string userId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var names = await connection.QueryAsync<string>(Command("""
            SELECT g.name, g.name_key, 0 AS source FROM user_groups g JOIN group_members m ON m.group_id = g.id WHERE m.user_id = @UserId
            UNION ALL
            SELECT d.group_name, d.name_key, 1 AS source FROM directory_groups d JOIN users u ON u.id = d.user_id
             WHERE d.user_id = @UserId AND u.password_hash IS NULL
             ORDER BY 2, 3
            """, new { UserId = userId }, ct));
        // A directory group that is also a Taskforge group of the user by hand is one group, named as Taskforge spells it.
        return [.. names.DistinctBy(Key, StringComparer.Ordinal)];
    }

    public async Task<bool> ReplaceDirectoryGroupsAsync(string userId, IReadOnlyList<string> groupNames, CancellationToken ct)
    {
        var wanted = groupNames.Select(n => n.Trim()).Where(n => n.Length > 0).DistinctBy(Key, StringComparer.Ordinal).ToList();
        await using (var connection = await database.OpenAsync(ct))
        {
            // Most sign-ins find what the last one recorded: a read, and no write on SQLite's single writer.
            var current = await connection.QueryAsync<string>(Command(
                "SELECT group_name FROM directory_groups WHERE user_id = @UserId", new { UserId = userId }, ct));
            if (current.Order(StringComparer.Ordinal).SequenceEqual(wanted.Order(StringComparer.Ordinal), StringComparer.Ordinal))
            {
                return false;
            }
        }

        await using var scope = await database.BeginWriteAsync(ct);
        await scope.Connection.ExecuteAsync(Command("DELETE FROM directory_groups WHERE user_id = @UserId", new { UserId = userId }, ct, scope));
        if (wanted.Count > 0)
        {
            await scope.Connection.ExecuteAsync(Command(
                "INSERT INTO directory_groups (user_id, group_name, name_key) VALUES (@UserId, @Name, @NameKey)",
                wanted.Select(n => new { UserId = userId, Name = n, NameKey = Key(n) }).ToList(), ct, scope));
        }

        await scope.CommitAsync(ct);
        return true;
    }

    public async Task SetMembersAsync(string groupId, IReadOnlyList<string> userIds, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        await scope.Connection.ExecuteAsync(Command("DELETE FROM group_members WHERE group_id = @GroupId", new { GroupId = groupId }, ct, scope));
        if (userIds.Count > 0)
        {
            await scope.Connection.ExecuteAsync(Command(
                "INSERT INTO group_members (group_id, user_id) VALUES (@GroupId, @UserId)",
                userIds.Select(u => new { GroupId = groupId, UserId = u }).ToList(), ct, scope));
        }

        await scope.CommitAsync(ct);
    }

    public Task<bool> AddMemberAsync(string groupId, string userId, CancellationToken ct) =>
        ExecuteOneAsync("INSERT INTO group_members (group_id, user_id) VALUES (@GroupId, @UserId) ON CONFLICT DO NOTHING",
            new { GroupId = groupId, UserId = userId }, ct);

    public Task<bool> RemoveMemberAsync(string groupId, string userId, CancellationToken ct) =>
        ExecuteOneAsync("DELETE FROM group_members WHERE group_id = @GroupId AND user_id = @UserId",
            new { GroupId = groupId, UserId = userId }, ct);

    public Task CreateTokenAsync(ApiToken token, string secretHash, CancellationToken ct) =>
        ExecuteOneAsync($"""
            INSERT INTO api_tokens ({TokenColumns}, token_hash)
            VALUES (@Id, @UserId, @Name, @Kind, @Prefix, @CreatedAt, @ExpiresAt, NULL, NULL, @TokenHash)
            """,
            new
            {
                token.Id, token.UserId, token.Name, Kind = (int)token.Kind, token.Prefix, CreatedAt = Instants.ToMs(token.CreatedAt),
                ExpiresAt = Instants.ToMs(token.ExpiresAt), TokenHash = secretHash,
            },
            ct);

    public async Task<(ApiToken Token, User Owner)?> FindTokenAsync(string secretHash, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var token = await connection.QuerySingleOrDefaultAsync<TokenRow>(Command(
            $"SELECT {TokenColumns} FROM api_tokens WHERE token_hash = @Hash", new { Hash = secretHash }, ct));
        if (token is null)
        {
            return null;
        }

        var owner = await connection.QuerySingleOrDefaultAsync<UserRow>(Command($"SELECT {UserColumns} FROM users WHERE id = @Id", new { Id = token.UserId }, ct));
        return owner is null ? null : (token.ToToken(), owner.ToUser());
    }

    public async Task<IReadOnlyList<ApiToken>> ListTokensAsync(string userId, bool includeSessions, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<TokenRow>(Command(
            $"SELECT {TokenColumns} FROM api_tokens WHERE user_id = @UserId AND (@All = 1 OR kind = 0) ORDER BY created_at, id",
            new { UserId = userId, All = includeSessions ? 1 : 0 }, ct));
        return [.. rows.Select(r => r.ToToken())];
    }

    public Task<bool> RevokeTokenAsync(string userId, string tokenId, DateTimeOffset now, CancellationToken ct) =>
        ExecuteOneAsync("UPDATE api_tokens SET revoked_at = @Now WHERE id = @Id AND user_id = @UserId AND revoked_at IS NULL",
            new { Id = tokenId, UserId = userId, Now = Instants.ToMs(now) }, ct);

    public Task TouchTokenAsync(string tokenId, DateTimeOffset now, CancellationToken ct) =>
        ExecuteOneAsync("UPDATE api_tokens SET last_used_at = @Now WHERE id = @Id", new { Id = tokenId, Now = Instants.ToMs(now) }, ct);

    public Task<bool> ExtendTokenAsync(string secretHash, DateTimeOffset expiresAt, CancellationToken ct) =>
        ExecuteOneAsync("UPDATE api_tokens SET expires_at = @ExpiresAt WHERE token_hash = @Hash AND revoked_at IS NULL",
            new { Hash = secretHash, ExpiresAt = Instants.ToMs(expiresAt) }, ct);

    public Task RevokeTokenByHashAsync(string secretHash, DateTimeOffset now, CancellationToken ct) =>
        ExecuteOneAsync("UPDATE api_tokens SET revoked_at = @Now WHERE token_hash = @Hash AND revoked_at IS NULL",
            new { Hash = secretHash, Now = Instants.ToMs(now) }, ct);

    // Upper-case invariant, so that "Alice" and "alice" are one name in both databases without collations.
    private static string Key(string name) => name.Trim().ToUpperInvariant();

    private async Task<bool> ExecuteOneAsync(string sql, object parameters, CancellationToken ct)
    {
        await using var scope = await database.BeginWriteAsync(ct);
        var rows = await scope.Connection.ExecuteAsync(Command(sql, parameters, ct, scope));
        await scope.CommitAsync(ct);
        return rows >= 1;
    }

    private static CommandDefinition Command(string sql, object? parameters, CancellationToken ct, WriteScope? scope = null) =>
        new(sql, parameters, scope?.Transaction, cancellationToken: ct);
}
