using Microsoft.Extensions.Logging;
using Taskforge.Engine.Errors;

namespace Taskforge.Engine.Identity;

/// <summary>
/// The Taskforge side of a directory account. A directory user signs in as a local user of the same name without a
/// password (made on their first sign-in, or beforehand by an administrator who wants to give them roles), so work items,
/// permissions, tokens and the console treat them like anybody else; the groups the directory names are recorded with
/// each sign-in and count wherever a Taskforge group of that name would.
/// </summary>
public sealed partial class DirectoryUsers(IIdentityStore store, CredentialCache cache, TimeProvider time, ILogger<DirectoryUsers> logger)
{
    /// <summary>
    /// The user a directory sign-in stands for, with its groups recorded; null when the account may not sign in this way:
    /// its name belongs to a local user with a password (a directory never takes over a local account), the user is
    /// disabled here, or the name is not one Taskforge accepts.
    /// </summary>
    public async Task<User?> SignInAsync(DirectoryAccount account, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        IdentityRules.CheckName(errors, "name", account.UserName);
        if (errors.Any)
        {
            LogUnusableName(logger, account.UserName);
            return null;
        }

        var user = await store.FindUserAsync(account.UserName, ct) ?? await CreateAsync(account, ct);
        if (user.HasPassword || user.Disabled)
        {
            LogRefused(logger, user.Name, user.Disabled ? "the user is disabled in Taskforge" : "a local user of that name has a password");
            return null;
        }

        if (await store.ReplaceDirectoryGroupsAsync(user.Id, GroupNames(account.Groups), ct))
        {
            // Remembered callers of this user (tokens, other credentials) carry the old groups.
            cache.Clear();
        }

        return user;
    }

    private async Task<User> CreateAsync(DirectoryAccount account, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var user = new User(Guid.CreateVersion7(now).ToString(), account.UserName.Trim(), Limit(account.DisplayName, 256), Limit(account.Email, 254),
            SystemRoles.None, Disabled: false, HasPassword: false, now, now);
        if (await store.TryCreateUserAsync(user, passwordHash: null, Guid.NewGuid().ToString("N"), ct))
        {
            LogCreated(logger, user.Name);
            return user;
        }

        // Another node (or request) made it first.
        return await store.FindUserAsync(user.Name, ct) ?? throw new InvalidOperationException($"User {user.Name} could be neither made nor found.");
    }

    // Names as work items and permissions spell them; one a group, however the directory cases it, at most as long as a Taskforge name.
    private static List<string> GroupNames(IReadOnlyList<string> groups) =>
        [.. groups.Select(g => g.Trim()).Where(g => g.Length is > 0 and <= IdentityRules.MaxNameLength).Distinct(StringComparer.OrdinalIgnoreCase)];

    private static string? Limit(string? text, int length) => string.IsNullOrWhiteSpace(text) ? null : text.Trim()[..Math.Min(text.Trim().Length, length)];

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Directory user {UserName} signed in for the first time; made a Taskforge user without a password")]
    private static partial void LogCreated(ILogger logger, string userName);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Directory sign-in of {UserName} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string userName, string reason);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "Directory sign-in refused: the directory's user name {UserName} is not one Taskforge accepts")]
    private static partial void LogUnusableName(ILogger logger, string userName);
}
