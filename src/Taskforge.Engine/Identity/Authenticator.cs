using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Taskforge.Engine.Identity;

/// <summary>
/// Turns a credential (user name and password, or a bearer token) into a <see cref="Caller"/>, with throttling
/// of failed attempts and a short memory of successes.
/// </summary>
/// <remarks>
/// With a directory configured, a password is checked in one place only: a local user with a password is checked
/// here and never against the directory; any other name (unknown here, or a local user without a password) is checked
/// by binding to the directory (<see cref="DirectoryUsers"/>). A directory that does not answer gives neither a caller
/// nor a refusal (<see cref="AuthenticationFailure.DirectoryUnavailable"/>); only a directory sign-in made within
/// <see cref="IDirectory.SignInCacheTime"/> with the same password is remembered, never longer, so nobody signs in
/// with groups older than that window.
/// </remarks>
public sealed class Authenticator(
    IIdentityStore store,
    LoginThrottle throttle,
    CredentialCache cache,
    TimeProvider time,
    IOptions<IdentityOptions> options,
    DirectoryUsers directoryUsers,
    IDirectory? directory = null)
{
    // A hash to check when the user does not exist, so that a wrong name costs as much as a wrong password.
    private readonly Lazy<string> _decoyHash = new(() => PasswordHasher.Hash("decoy", options.Value.PasswordIterations));
    private readonly Dictionary<string, DateTimeOffset> _lastTouched = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<AuthenticationResult>>> _checking = new(StringComparer.Ordinal);

    public async Task<AuthenticationResult> CheckPasswordAsync(string userName, string password, string? clientAddress, CancellationToken ct)
    {
        var key = cache.KeyForPassword(userName, password);
        if (cache.TryGet(key, out var cached))
        {
            return AuthenticationResult.Success(cached);
        }

        if (throttle.RetryAfter(userName, clientAddress) is { } wait)
        {
            return AuthenticationResult.Throttle(wait);
        }

        // Requests carrying the same credentials share one check. A client that sends Basic on every call over 32
        // connections would otherwise run 32 PBKDF2 derivations (a third of a second of CPU each) at once whenever
        // its cache entry expires. The shared check does not follow one caller's cancellation.
        // VSTHRD011 (Lazy<Task> can deadlock): the factory only starts an async method, nothing in it blocks, and the server
        // has no main thread to deadlock on; Lazy is what runs the check once (a dictionary's own factory may run twice).
#pragma warning disable VSTHRD011
        var check = _checking.GetOrAdd(key, k => new Lazy<Task<AuthenticationResult>>(() => VerifyPasswordAsync(k, userName, password, clientAddress)));
#pragma warning restore VSTHRD011
        try
        {
            return await check.Value.WaitAsync(ct);
        }
        finally
        {
            _checking.TryRemove(new KeyValuePair<string, Lazy<Task<AuthenticationResult>>>(key, check));
        }
    }

    private async Task<AuthenticationResult> VerifyPasswordAsync(string key, string userName, string password, string? clientAddress)
    {
        var credentials = await store.FindCredentialsAsync(userName, CancellationToken.None);
        if (directory is not null && credentials?.PasswordHash is null)
        {
            return await VerifyWithDirectoryAsync(directory, key, userName, password, clientAddress);
        }

        var valid = PasswordHasher.Verify(password, credentials?.PasswordHash ?? _decoyHash.Value);
        if (credentials is null || credentials.PasswordHash is null || !valid || credentials.User.Disabled)
        {
            throttle.RecordFailure(userName, clientAddress);
            return AuthenticationResult.Rejected;
        }

        throttle.RecordSuccess(userName);
        var caller = await ToCallerAsync(credentials.User, CancellationToken.None);
        cache.Put(key, caller);
        return AuthenticationResult.Success(caller);
    }

    private async Task<AuthenticationResult> VerifyWithDirectoryAsync(IDirectory source, string key, string userName, string password, string? clientAddress)
    {
        DirectoryAccount? account;
        try
        {
            // An empty password is an anonymous bind to LDAP, which succeeds without proving anything.
            account = password.Length == 0 ? null : await source.SignInAsync(userName, password, CancellationToken.None);
        }
        catch (DirectoryUnavailableException)
        {
            // Not a failed guess: the throttle does not count it, and nothing remembered stands in for the directory's answer.
            return AuthenticationResult.DirectoryDown;
        }

        var user = account is null ? null : await directoryUsers.SignInAsync(account, CancellationToken.None);
        if (user is null)
        {
            throttle.RecordFailure(userName, clientAddress);
            return AuthenticationResult.Rejected;
        }

        throttle.RecordSuccess(userName);
        var caller = await ToCallerAsync(user, CancellationToken.None);
        cache.Put(key, caller, lifetime: source.SignInCacheTime);
        return AuthenticationResult.Success(caller);
    }

    /// <summary>Checks a bearer token of one of the accepted kinds (request tokens: personal and access; the vRO login: refresh).</summary>
    public async Task<AuthenticationResult> CheckTokenAsync(string secret, string? clientAddress, IReadOnlyCollection<TokenKind> accepted, CancellationToken ct)
    {
        var hash = TokenSecrets.HashOf(secret);
        var key = CredentialCache.KeyForToken(hash) + string.Concat(accepted);
        if (cache.TryGet(key, out var cached))
        {
            return AuthenticationResult.Success(cached);
        }

        if (throttle.RetryAfter(null, clientAddress) is { } wait)
        {
            return AuthenticationResult.Throttle(wait);
        }

        var now = time.GetUtcNow();
        if (await FindUsableTokenAsync(secret, hash, accepted, now, ct) is not { } pair)
        {
            throttle.RecordFailure(null, clientAddress);
            return AuthenticationResult.Rejected;
        }

        await TouchAsync(pair.Token.Id, now, ct);
        var caller = await ToCallerAsync(pair.Owner, ct);
        cache.Put(key, caller, pair.Token.ExpiresAt);
        return AuthenticationResult.Success(caller);
    }

    /// <summary>
    /// The console session whose secret a browser's cookie holds, or null. Never cached, unlike other tokens: a session
    /// ended or a user disabled on any node is refused on every node at the next request. A valid session is not
    /// held up by the address throttle (a colleague's typos behind the same proxy must not sign everyone out).
    /// </summary>
    public async Task<ConsoleSession?> CheckConsoleSessionAsync(string secret, string? clientAddress, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (await FindUsableTokenAsync(secret, TokenSecrets.HashOf(secret), [TokenKind.Console], now, ct) is not { } pair)
        {
            throttle.RecordFailure(null, clientAddress);
            return null;
        }

        await TouchAsync(pair.Token.Id, now, ct);
        return new ConsoleSession(await ToCallerAsync(pair.Owner, ct), pair.Token.ExpiresAt ?? now);
    }

    public Task<Caller> ToCallerAsync(User user, CancellationToken ct) => Caller.OfAsync(user, store, ct);

    private async Task<(ApiToken Token, User Owner)?> FindUsableTokenAsync(
        string secret, string hash, IReadOnlyCollection<TokenKind> accepted, DateTimeOffset now, CancellationToken ct)
    {
        var found = secret.StartsWith(TokenSecrets.Marker, StringComparison.Ordinal) ? await store.FindTokenAsync(hash, ct) : null;
        return found is { } pair && pair.Token.IsUsableAt(now) && !pair.Owner.Disabled && accepted.Contains(pair.Token.Kind) ? pair : null;
    }

    // Recording "last used" is a write; do it at most once a minute per token so busy clients
    // do not turn every request into a write on SQLite's single writer. It is bookkeeping, not the request's work: when
    // the database cannot take writes (a full disk, a read-only file), a read signed in with the token still goes on,
    // and the next touch a minute later records the use.
    private async Task TouchAsync(string tokenId, DateTimeOffset now, CancellationToken ct)
    {
        lock (_lastTouched)
        {
            if (_lastTouched.TryGetValue(tokenId, out var last) && now - last < TimeSpan.FromMinutes(1))
            {
                return;
            }

            _lastTouched[tokenId] = now;
        }

        try
        {
            await store.TouchTokenAsync(tokenId, now, ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // The write's own failure is the database's, and every write that matters reports it.
        }
    }
}
