namespace Taskforge.Engine.Identity;

/// <summary>
/// A directory (LDAP, Active Directory) that people sign in with. The engine decides who may sign in and with which
/// groups (<see cref="Authenticator"/>); an adapter outside the engine speaks the protocol.
/// </summary>
public interface IDirectory
{
    /// <summary>
    /// How long a directory sign-in (and so the groups it brought) is remembered before the directory is asked again.
    /// Short: a group taken away in the directory counts here after at most this long.
    /// </summary>
    TimeSpan SignInCacheTime { get; }

    /// <summary>
    /// Proves the password by binding as the user, and reads the account and its groups. Null when the directory does
    /// not know the name or the password is wrong.
    /// </summary>
    /// <exception cref="DirectoryUnavailableException">No directory server answered, so neither yes nor no is known.</exception>
    Task<DirectoryAccount?> SignInAsync(string userName, string password, CancellationToken ct);
}

/// <summary>A directory account as a sign-in found it: its name in Taskforge, profile fields, and the names of its groups.</summary>
public sealed record DirectoryAccount(string UserName, string? DisplayName, string? Email, IReadOnlyList<string> Groups);

/// <summary>The directory could not be asked (down, unreachable, refused the secure channel): a sign-in is neither granted nor refused.</summary>
public sealed class DirectoryUnavailableException : Exception
{
    public DirectoryUnavailableException(string message) : base(message)
    {
    }

    public DirectoryUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }

    public DirectoryUnavailableException()
    {
    }
}
