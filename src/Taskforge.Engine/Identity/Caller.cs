namespace Taskforge.Engine.Identity;

/// <summary>
/// Who is asking. Every engine service takes one and checks it, so no face can forget authorization.
/// </summary>
public sealed record Caller(string UserId, string UserName, SystemRoles Roles, IReadOnlyList<string> Groups)
{
    public bool IsAdministrator => Roles.HasFlag(SystemRoles.Administrator);

    /// <summary>Administrators and monitors may read everything.</summary>
    public bool CanReadEverything => Roles.HasFlag(SystemRoles.Administrator) || Roles.HasFlag(SystemRoles.Monitor);

    public bool IsMemberOf(string group) => Groups.Contains(group, StringComparer.OrdinalIgnoreCase);

    /// <summary>A user as signing in resolves them: their system roles and the names of their groups.</summary>
    public static async Task<Caller> OfAsync(User user, IIdentityStore store, CancellationToken ct) =>
        new(user.Id, user.Name, user.Roles, await store.ListGroupNamesOfUserAsync(user.Id, ct));

    /// <summary>The engine's own identity, for work it does by itself (bootstrap, sample loading).</summary>
    public static Caller System { get; } = new("system", "system", SystemRoles.Administrator, []);

    public void RequireAdministrator(string action)
    {
        if (!IsAdministrator)
        {
            throw new Errors.AccessDeniedException(action);
        }
    }
}
