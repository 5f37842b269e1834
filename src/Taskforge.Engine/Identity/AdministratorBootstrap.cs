using System.Security.Cryptography;

namespace Taskforge.Engine.Identity;

/// <summary>
/// On first start (no users at all) creates the administrator, with the given password or a generated one
/// that is handed back to be shown once.
/// </summary>
public sealed class AdministratorBootstrap(IIdentityStore store, IdentityService identity)
{
    /// <returns>The generated password when one was made; null when a password was given or users already existed.</returns>
    public async Task<(bool Created, string? GeneratedPassword)> EnsureAsync(string userName, string? password, CancellationToken ct)
    {
        if (await store.AnyUserAsync(ct))
        {
            return (false, null);
        }

        var generated = string.IsNullOrEmpty(password) ? GeneratePassword() : null;
        try
        {
            await identity.CreateUserAsync(
                Caller.System,
                new NewUser(userName, password ?? generated, "Administrator", null, SystemRoles.Administrator),
                ct);
        }
        catch (Errors.ConflictException)
        {
            // Another node of a cluster starting on the same new database made it a moment earlier: a race, not a failure.
            return (false, null);
        }

        return (true, generated);
    }

    /// <summary>A password for a person to change later: 144 random bits, shown once (the first administrator's, the command line's).</summary>
    public static string GeneratePassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y');
}
