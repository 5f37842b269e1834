using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Taskforge.Engine.Identity;

/// <summary>
/// Slows down password guessing, per user name and per client address, without locking anybody out for good:
/// the first failures are free, each further one doubles a block that is capped (<see cref="IdentityOptions.MaxUserBlock"/>),
/// failures are forgotten after a quiet period, and a success clears the user's record.
/// Kept in memory per node: a restart or another node starts afresh, which bounds the cost of a guessing
/// campaign without putting a write on every failed login.
/// </summary>
public sealed class LoginThrottle(TimeProvider time, IOptions<IdentityOptions> options)
{
    private const int PruneThreshold = 10_000;
    private readonly ConcurrentDictionary<string, Record> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Record> _addresses = new(StringComparer.Ordinal);

    /// <summary>How long the caller must wait before a login attempt is even checked; null when it may try now.</summary>
    public TimeSpan? RetryAfter(string? userName, string? clientAddress)
    {
        var now = time.GetUtcNow();
        var wait = TimeSpan.Zero;
        if (userName is not null && _users.TryGetValue(userName, out var user))
        {
            wait = Max(wait, user.BlockedUntil - now);
        }

        if (clientAddress is not null && _addresses.TryGetValue(clientAddress, out var address))
        {
            wait = Max(wait, address.BlockedUntil - now);
        }

        return wait > TimeSpan.Zero ? wait : null;
    }

    public void RecordFailure(string? userName, string? clientAddress)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        if (userName is not null)
        {
            Fail(_users, userName, now, o.FreeFailuresPerUser, o.MaxUserBlock, o.FailureMemory);
        }

        if (clientAddress is not null)
        {
            Fail(_addresses, clientAddress, now, o.FreeFailuresPerAddress, o.MaxAddressBlock, o.FailureMemory);
        }
    }

    public void RecordSuccess(string userName) => _users.TryRemove(userName, out _);

    /// <summary>The block that follows the given number of failures: none for the free ones, then 1 s, 2 s, 4 s... up to the cap.</summary>
    internal static TimeSpan BlockAfter(int failures, int freeFailures, TimeSpan cap)
    {
        var over = failures - freeFailures;
        if (over <= 0)
        {
            return TimeSpan.Zero;
        }

        var seconds = Math.Pow(2, Math.Min(over - 1, 30));
        return TimeSpan.FromSeconds(Math.Min(seconds, cap.TotalSeconds));
    }

    private static void Fail(ConcurrentDictionary<string, Record> records, string key, DateTimeOffset now, int free, TimeSpan cap, TimeSpan memory)
    {
        if (records.Count > PruneThreshold)
        {
            foreach (var (k, r) in records)
            {
                if (now - r.LastFailure > memory && r.BlockedUntil < now)
                {
                    records.TryRemove(k, out _);
                }
            }
        }

        records.AddOrUpdate(
            key,
            _ => new Record(1, now, now + BlockAfter(1, free, cap)),
            (_, r) =>
            {
                var failures = now - r.LastFailure > memory ? 1 : r.Failures + 1;
                return new Record(failures, now, now + BlockAfter(failures, free, cap));
            });
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed record Record(int Failures, DateTimeOffset LastFailure, DateTimeOffset BlockedUntil);
}
