using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Taskforge.Storage;

namespace Taskforge.Server.Faces.Console.Sessions;

/// <summary>
/// Makes the key ring's first key at start, one node at a time. Left to itself, Data Protection makes a key on the first
/// node that needs one; nodes starting together on a new database would each make their own, and for up to a day a
/// cookie from one would not open on another.
/// </summary>
public sealed class KeyRingBootstrap(SqlDatabase database, IKeyManager keys, TimeProvider time)
{
    // An arbitrary constant naming "Taskforge key ring" among the database's advisory locks.
    private const long LockKey = 0x74666B6579726E67;
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(90);

    public async Task EnsureKeyAsync(CancellationToken ct)
    {
        await using var _ = await database.LockAcrossNodesAsync(LockKey, ct);
        var now = time.GetUtcNow();
        if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now))
        {
            keys.CreateNewKey(now, now + KeyLifetime);
        }
    }
}
