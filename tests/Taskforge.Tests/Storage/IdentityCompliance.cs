using Microsoft.Extensions.Options;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;
using Taskforge.Storage.Identity;

namespace Taskforge.Tests.Storage;

/// <summary>Identity, through the engine's service, on a real store of each dialect.</summary>
public abstract class IdentityCompliance : StoreTestBase
{
    private static readonly IOptions<IdentityOptions> Fast = Microsoft.Extensions.Options.Options.Create(new IdentityOptions { PasswordIterations = 1000 });
    private SqlIdentityStore _store = null!;
    private IdentityService _identity = null!;
    private Authenticator _authenticator = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Authenticator NewAuthenticator(IIdentityStore store, CredentialCache cache) =>
        new(store, new LoginThrottle(Time, Fast), cache, Time, Fast, new DirectoryUsers(store, cache, Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<DirectoryUsers>.Instance));

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _store = new SqlIdentityStore(Database);
        var cache = new CredentialCache(Time, Fast);
        _identity = new IdentityService(_store, cache, Time, Fast);
        _authenticator = NewAuthenticator(_store, cache);
        await new AdministratorBootstrap(_store, _identity).EnsureAsync("root", "root-password", Ct);
    }

    [Fact]
    public async Task Bootstrap_GeneratesAPassword_OnlyOnAnEmptyDatabase()
    {
        var options = await CreateDatabaseAsync();
        await using var database = Taskforge.Storage.StorageServiceCollectionExtensions.Open(options);
        await new Taskforge.Storage.Migrations.MigrationRunner(database, Microsoft.Extensions.Logging.Abstractions.NullLogger<Taskforge.Storage.Migrations.MigrationRunner>.Instance)
            .MigrateAsync(Time.GetUtcNow(), Ct);
        var store = new SqlIdentityStore(database);
        var bootstrap = new AdministratorBootstrap(store, new IdentityService(store, new CredentialCache(Time, Fast), Time, Fast));

        var first = await bootstrap.EnsureAsync("admin", null, Ct);
        var second = await bootstrap.EnsureAsync("admin", null, Ct);

        Assert.True(first.Created);
        Assert.NotNull(first.GeneratedPassword);
        Assert.False(second.Created);
        var login = await NewAuthenticator(store, new CredentialCache(Time, Fast))
            .CheckPasswordAsync("admin", first.GeneratedPassword!, null, Ct);
        Assert.True(login.Caller?.IsAdministrator);
    }

    [Fact]
    public async Task ConcurrentLogins_WithTheSameCredentials_ShareOneCheck()
    {
        // The store answers slowly, so all sixteen requests arrive while the first check is under way.
        var slow = SlowCredentials.Wrap(_store, TimeSpan.FromMilliseconds(300));
        var authenticator = NewAuthenticator(slow, new CredentialCache(Time, Fast));

        var results = await Task.WhenAll(Enumerable.Range(0, 16)
            .Select(_ => Task.Run(() => authenticator.CheckPasswordAsync("root", "root-password", null, Ct), Ct)));
        var wrong = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() => authenticator.CheckPasswordAsync("root", "not-the-password", null, Ct), Ct)));

        Assert.All(results, r => Assert.Equal("root", r.Caller?.UserName));
        Assert.All(wrong, r => Assert.Null(r.Caller));
        Assert.Equal(2, ((SlowCredentials)(object)slow).Lookups);
    }

    [Fact]
    public async Task CreateUser_StoresOnlyAHash_AndChecksThePassword()
    {
        await _identity.CreateUserAsync(Root, new NewUser("alice", "alice-password", "Alice", "alice@example.com", SystemRoles.None), Ct);

        var stored = await _store.FindCredentialsAsync("ALICE", Ct);
        Assert.NotNull(stored);
        Assert.DoesNotContain("alice-password", stored.PasswordHash, StringComparison.Ordinal);
        Assert.StartsWith("pbkdf2-sha256$1000$", stored.PasswordHash, StringComparison.Ordinal);
        Assert.NotNull((await _authenticator.CheckPasswordAsync("Alice", "alice-password", null, Ct)).Caller);
        Assert.Null((await _authenticator.CheckPasswordAsync("alice", "wrong-password", null, Ct)).Caller);
    }

    [Fact]
    public async Task CreateUser_Conflicts_WhenTheNameIsTakenIgnoringCase()
    {
        await _identity.CreateUserAsync(Root, new NewUser("bob", "bob-password", null, null, SystemRoles.None), Ct);

        await Assert.ThrowsAsync<ConflictException>(() => _identity.CreateUserAsync(Root, new NewUser("BOB", "bob-password", null, null, SystemRoles.None), Ct));
    }

    [Fact]
    public async Task CreateUser_ReportsEveryProblemAtOnce()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            _identity.CreateUserAsync(Root, new NewUser("bad name!", "short", null, "not-an-address", SystemRoles.None), Ct));

        Assert.Equal(["email", "name", "password"], error.Errors.Keys.Order().ToArray());
    }

    [Fact]
    public async Task CreateUser_IsDenied_ToNonAdministrators()
    {
        var carol = await CallerAsync("carol", SystemRoles.Monitor);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _identity.CreateUserAsync(carol, new NewUser("dave", "dave-password", null, null, SystemRoles.None), Ct));
    }

    [Fact]
    public async Task UpdateUser_NewPassword_RetiresTheOldOne()
    {
        var erin = await CallerAsync("erin", SystemRoles.None);

        await _identity.UpdateUserAsync(erin, "erin", new UserChanges(Password: "erin-new-password", CurrentPassword: "erin-password"), Ct);

        Assert.Null((await _authenticator.CheckPasswordAsync("erin", "erin-password", null, Ct)).Caller);
        Assert.NotNull((await _authenticator.CheckPasswordAsync("erin", "erin-new-password", null, Ct)).Caller);
    }

    [Fact]
    public async Task UpdateUser_OwnPassword_NeedsTheCurrentOne()
    {
        var frank = await CallerAsync("frank", SystemRoles.None);

        await Assert.ThrowsAsync<ValidationException>(() =>
            _identity.UpdateUserAsync(frank, "frank", new UserChanges(Password: "frank-new-password", CurrentPassword: "guess"), Ct));
    }

    [Fact]
    public async Task UpdateUser_CannotGrantOwnRoles()
    {
        var gina = await CallerAsync("gina", SystemRoles.None);

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            _identity.UpdateUserAsync(gina, "gina", new UserChanges(Roles: SystemRoles.Administrator), Ct));
    }

    [Fact]
    public async Task LastAdministrator_CannotBeDemotedDisabledOrDeleted()
    {
        await Assert.ThrowsAsync<ConflictException>(() => _identity.UpdateUserAsync(Root, "root", new UserChanges(Roles: SystemRoles.None), Ct));
        await Assert.ThrowsAsync<ConflictException>(() => _identity.UpdateUserAsync(Root, "root", new UserChanges(Disabled: true), Ct));
        await Assert.ThrowsAsync<ConflictException>(() => _identity.DeleteUserAsync(Root, "root", Ct));

        await _identity.CreateUserAsync(Root, new NewUser("second-admin", "second-password", null, null, SystemRoles.Administrator), Ct);
        await _identity.UpdateUserAsync(Root, "root", new UserChanges(Roles: SystemRoles.Monitor), Ct);
        Assert.Equal(SystemRoles.Monitor, (await _store.FindUserAsync("root", Ct))!.Roles);
    }

    [Fact]
    public async Task DisabledUser_CannotLogIn()
    {
        await CallerAsync("henry", SystemRoles.None);

        await _identity.UpdateUserAsync(Root, "henry", new UserChanges(Disabled: true), Ct);

        Assert.Null((await _authenticator.CheckPasswordAsync("henry", "henry-password", null, Ct)).Caller);
    }

    [Fact]
    public async Task Groups_MembersAreReplacedAddedAndRemoved()
    {
        await CallerAsync("ivy", SystemRoles.None);
        await CallerAsync("jack", SystemRoles.None);
        await _identity.CreateGroupAsync(Root, new NewGroup("operators", "Night shift"), Ct);

        await _identity.SetMembersAsync(Root, "operators", ["ivy", "jack"], Ct);
        await _identity.SetMembersAsync(Root, "Operators", ["jack"], Ct);
        Assert.False(await _identity.AddMemberAsync(Root, "operators", "jack", Ct));
        Assert.True(await _identity.AddMemberAsync(Root, "operators", "ivy", Ct));
        await _identity.RemoveMemberAsync(Root, "operators", "jack", Ct);

        var members = await _identity.ListMembersAsync(Root, "operators", Ct);
        Assert.Equal(["ivy"], members.Select(m => m.Name).ToArray());
        var ivy = (await _authenticator.CheckPasswordAsync("ivy", "ivy-password", null, Ct)).Caller!;
        Assert.Equal(["operators"], ivy.Groups.ToArray());
    }

    [Fact]
    public async Task SetMembers_ReportsUnknownUsers_AndChangesNothing()
    {
        await CallerAsync("kate", SystemRoles.None);
        await _identity.CreateGroupAsync(Root, new NewGroup("auditors", null), Ct);
        await _identity.SetMembersAsync(Root, "auditors", ["kate"], Ct);

        var error = await Assert.ThrowsAsync<ValidationException>(() => _identity.SetMembersAsync(Root, "auditors", ["kate", "nobody", "ghost"], Ct));

        Assert.Equal(2, error.Errors["members"].Length);
        Assert.Single(await _identity.ListMembersAsync(Root, "auditors", Ct));
    }

    [Fact]
    public async Task DeleteUser_RemovesMembershipsAndTokens()
    {
        await CallerAsync("liam", SystemRoles.None);
        await _identity.CreateGroupAsync(Root, new NewGroup("builders", null), Ct);
        await _identity.AddMemberAsync(Root, "builders", "liam", Ct);
        var token = await _identity.CreateTokenAsync(Root, "liam", new NewToken("ci", null), Ct);

        await _identity.DeleteUserAsync(Root, "liam", Ct);

        Assert.Empty(await _identity.ListMembersAsync(Root, "builders", Ct));
        Assert.Null(await _store.FindTokenAsync(TokenSecrets.HashOf(token.Secret), Ct));
    }

    [Fact]
    public async Task Token_Works_UntilRevoked()
    {
        var mia = await CallerAsync("mia", SystemRoles.None);
        var issued = await _identity.CreateTokenAsync(mia, "mia", new NewToken("laptop", null), Ct);

        var before = await _authenticator.CheckTokenAsync(issued.Secret, null, [TokenKind.Personal], Ct);
        await _identity.RevokeTokenAsync(mia, "mia", issued.Token.Id, Ct);
        var after = await _authenticator.CheckTokenAsync(issued.Secret, null, [TokenKind.Personal], Ct);

        Assert.Equal("mia", before.Caller?.UserName);
        Assert.Null(after.Caller);
        await Assert.ThrowsAsync<NotFoundException>(() => _identity.RevokeTokenAsync(mia, "mia", issued.Token.Id, Ct));
        var listed = Assert.Single(await _identity.ListTokensAsync(mia, "mia", Ct));
        Assert.NotNull(listed.RevokedAt);
        Assert.NotNull(listed.LastUsedAt);
    }

    [Fact]
    public async Task Token_StopsWorking_WhenItExpires()
    {
        var noah = await CallerAsync("noah", SystemRoles.None);
        var issued = await _identity.CreateTokenAsync(noah, "noah", new NewToken("short", Time.GetUtcNow().AddHours(1)), Ct);

        Time.Advance(TimeSpan.FromMinutes(59));
        Assert.NotNull((await _authenticator.CheckTokenAsync(issued.Secret, null, [TokenKind.Personal], Ct)).Caller);
        Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null((await _authenticator.CheckTokenAsync(issued.Secret, null, [TokenKind.Personal], Ct)).Caller);
    }

    [Fact]
    public async Task Token_OfAnotherUser_CannotBeMadeOrRevokedByANonAdministrator()
    {
        var olga = await CallerAsync("olga", SystemRoles.Monitor);
        await CallerAsync("pete", SystemRoles.None);
        var petes = await _identity.CreateTokenAsync(Root, "pete", new NewToken("made by admin", null), Ct);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _identity.CreateTokenAsync(olga, "pete", new NewToken("x", null), Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _identity.RevokeTokenAsync(olga, "pete", petes.Token.Id, Ct));
    }

    [Fact]
    public async Task RefreshToken_IsNotARequestToken()
    {
        var quinn = await CallerAsync("quinn", SystemRoles.None);
        var refresh = await _identity.IssueSessionTokenAsync(quinn, TokenKind.Refresh, Ct);

        Assert.Null((await _authenticator.CheckTokenAsync(refresh.Secret, null, [TokenKind.Personal, TokenKind.Access], Ct)).Caller);
        Assert.NotNull((await _authenticator.CheckTokenAsync(refresh.Secret, null, [TokenKind.Refresh], Ct)).Caller);
        Assert.Empty(await _identity.ListTokensAsync(quinn, "quinn", Ct));
    }

    [Fact]
    public async Task ListUsers_PagesInNameOrder()
    {
        foreach (var name in new[] { "zed", "amy", "Max" })
        {
            await CallerAsync(name, SystemRoles.None);
        }

        var first = await _identity.ListUsersAsync(Root, 0, 2, Ct);
        var rest = await _identity.ListUsersAsync(Root, 2, 100, Ct);

        Assert.Equal(["amy", "Max", "root", "zed"], first.Concat(rest).Select(u => u.Name).ToArray());
    }

    private static Caller Root => Caller.System;

    private async Task<Caller> CallerAsync(string name, SystemRoles roles)
    {
        var user = await _identity.CreateUserAsync(Root, new NewUser(name, name + "-password", null, null, roles), Ct);
        return new Caller(user.Id, user.Name, user.Roles, []);
    }
}

/// <summary>The real identity store with a slow <see cref="IIdentityStore.FindCredentialsAsync"/>, counting its calls.</summary>
public class SlowCredentials : System.Reflection.DispatchProxy
{
    private IIdentityStore _inner = null!;
    private TimeSpan _delay;
    private int _lookups;

    public int Lookups => _lookups;

    public static IIdentityStore Wrap(IIdentityStore inner, TimeSpan delay)
    {
        var proxy = Create<IIdentityStore, SlowCredentials>();
        var slow = (SlowCredentials)(object)proxy;
        slow._inner = inner;
        slow._delay = delay;
        return proxy;
    }

    protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod?.Name == nameof(IIdentityStore.FindCredentialsAsync))
        {
            Interlocked.Increment(ref _lookups);
            return LookUpAsync((string)args![0]!, (CancellationToken)args[1]!);
        }

        return targetMethod!.Invoke(_inner, args);
    }

    private async Task<StoredCredentials?> LookUpAsync(string name, CancellationToken ct)
    {
        await Task.Delay(_delay, ct);
        return await _inner.FindCredentialsAsync(name, ct);
    }
}
