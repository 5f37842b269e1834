using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Taskforge.Engine.Identity;

/// <summary>
/// Remembers recently verified credentials for <see cref="IdentityOptions.CredentialCacheTime"/>.
/// Keys are HMACs under a key that lives only in this process, so the cache never holds a password
/// or a token in a form that could be replayed elsewhere. Any identity change on this node clears it.
/// </summary>
public sealed class CredentialCache(TimeProvider time, IOptions<IdentityOptions> options)
{
    private const int MaxEntries = 50_000;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public string KeyForPassword(string userName, string password) =>
        Mac("p\0" + userName.ToUpperInvariant() + "\0" + password);

    public static string KeyForToken(string secretHash) => "t" + secretHash;

    public bool TryGet(string key, out Caller caller)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Expires > time.GetUtcNow())
        {
            caller = entry.Caller;
            return true;
        }

        caller = null!;
        return false;
    }

    /// <summary>
    /// Remembers a caller for <see cref="IdentityOptions.CredentialCacheTime"/>, or for <paramref name="lifetime"/> when the
    /// source of the credential sets its own (a directory), and never past <paramref name="notAfter"/>.
    /// </summary>
    public void Put(string key, Caller caller, DateTimeOffset? notAfter = null, TimeSpan? lifetime = null)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        var expires = time.GetUtcNow() + (lifetime ?? options.Value.CredentialCacheTime);
        if (notAfter is { } limit && limit < expires)
        {
            expires = limit;
        }

        _entries[key] = new Entry(caller, expires);
    }

    public void Clear() => _entries.Clear();

    private string Mac(string text) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text)));

    private sealed record Entry(Caller Caller, DateTimeOffset Expires);
}
