namespace Taskforge.Engine.Identity;

/// <summary>The wire names of <see cref="SystemRoles"/>, shared by every face.</summary>
public static class SystemRoleNames
{
    public const string Administrator = "administrator";
    public const string Monitor = "monitor";

    public static IReadOnlyList<string> ToNames(SystemRoles roles)
    {
        var names = new List<string>(2);
        if (roles.HasFlag(SystemRoles.Administrator))
        {
            names.Add(Administrator);
        }

        if (roles.HasFlag(SystemRoles.Monitor))
        {
            names.Add(Monitor);
        }

        return names;
    }

    public static bool TryParse(string name, out SystemRoles role)
    {
        role = name.Trim().ToUpperInvariant() switch
        {
            "ADMINISTRATOR" or "ADMIN" => SystemRoles.Administrator,
            "MONITOR" => SystemRoles.Monitor,
            _ => SystemRoles.None,
        };
        return role != SystemRoles.None;
    }

    /// <summary>Parses wire role names, reporting each unknown one; null names mean "not given".</summary>
    internal static SystemRoles? Parse(IReadOnlyList<string>? names, Errors.ValidationErrors errors)
    {
        if (names is null)
        {
            return null;
        }

        var roles = SystemRoles.None;
        foreach (var name in names)
        {
            if (TryParse(name, out var role))
            {
                roles |= role;
            }
            else
            {
                errors.Add("roles", $"'{name}' is not a role; use '{Administrator}' or '{Monitor}'.");
            }
        }

        return roles;
    }
}
