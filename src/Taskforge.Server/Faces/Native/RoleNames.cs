using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;

namespace Taskforge.Server.Faces.Native;

internal static class RoleNames
{
    public static SystemRoles? Parse(IReadOnlyList<string>? names)
    {
        if (names is null)
        {
            return null;
        }

        var roles = SystemRoles.None;
        var errors = new ValidationErrors();
        foreach (var name in names)
        {
            if (SystemRoleNames.TryParse(name, out var role))
            {
                roles |= role;
            }
            else
            {
                errors.Add("roles", $"'{name}' is not a role; use '{SystemRoleNames.Administrator}' or '{SystemRoleNames.Monitor}'.");
            }
        }

        errors.ThrowIfAny();
        return roles;
    }
}
