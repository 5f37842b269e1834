using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Taskforge.Engine.Identity;
using Taskforge.Storage.Identity;

namespace Taskforge.Tests.Storage;

/// <summary>
/// The engine's rule for directory sign-in, on a real store of each dialect, with a directory whose answers the test
/// scripts and a clock it steps (the LDAP adapter itself is tested against a real OpenLDAP: DirectorySignInTests).
/// </summary>
public abstract class DirectorySignInCompliance : StoreTestBase
{
    private static readonly IOptions<IdentityOptions> Fast = Microsoft.Extensions.Options.Options.Create(new IdentityOptions { PasswordIterations = 1000 });
    private readonly ScriptedDirectory _directory = new();
    private SqlIdentityStore _store = null!;
    private IdentityService _identity = null!;
    private Authenticator _authenticator = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _store = new SqlIdentityStore(Database);
        var cache = new CredentialCache(Time, Fast);
        _identity = new IdentityService(_store, cache, Time, Fast);
        _authenticator = new Authenticator(_store, new LoginThrottle(Time, Fast), cache, Time, Fast,
            new DirectoryUsers(_store, cache, Time, NullLogger<DirectoryUsers>.Instance), _directory);
        await new AdministratorBootstrap(_store, _identity).EnsureAsync("root", "root-password", Ct);
        _directory.Accounts["dora"] = ("dora-pw-1", ["managers", "staff"]);
    }

    [Fact]
    public async Task AFirstSignIn_MakesAUserWithoutAPassword_WhoseGroupsAreTheDirectorysAndTheAdministrators()
    {
        var first = await SignInAsync("dora", "dora-pw-1");
        await _identity.CreateGroupAsync(Caller.System, new NewGroup("auditors", null), Ct);
        await _identity.CreateGroupAsync(Caller.System, new NewGroup("Managers", null), Ct);
        await _identity.AddMemberAsync(Caller.System, "auditors", "dora", Ct);
        Time.Advance(TimeSpan.FromSeconds(61));
        var second = await SignInAsync("dora", "dora-pw-1");
        var user = await _store.FindUserAsync("dora", Ct);
        var managers = await _identity.ListMembersAsync(Caller.System, "managers", Ct);

        Assert.Equal(["managers", "staff"], first.Caller!.Groups);
        Assert.Equal(["auditors", "managers", "staff"], second.Caller!.Groups);
        Assert.False(user!.HasPassword);
        Assert.Equal("Dora of the directory", user.DisplayName);
        Assert.Equal(["dora"], managers.Select(m => m.Name));
    }

    [Fact]
    public async Task ASignIn_IsRememberedWithinTheWindowOnly_AndADirectoryThatIsDownSignsNobodyIn()
    {
        await SignInAsync("dora", "dora-pw-1");
        _directory.Down = true;

        Time.Advance(TimeSpan.FromSeconds(59));
        var remembered = await _authenticator.CheckPasswordAsync("dora", "dora-pw-1", null, Ct);
        var otherPassword = await _authenticator.CheckPasswordAsync("dora", "a-guess", null, Ct);
        var stranger = await _authenticator.CheckPasswordAsync("dan", "dan-pw-1", null, Ct);
        Time.Advance(TimeSpan.FromSeconds(2));
        var pastTheWindow = await _authenticator.CheckPasswordAsync("dora", "dora-pw-1", null, Ct);
        _directory.Down = false;
        var back = await _authenticator.CheckPasswordAsync("dora", "dora-pw-1", null, Ct);

        Assert.Equal("dora", remembered.Caller?.UserName);
        Assert.Equal(AuthenticationFailure.DirectoryUnavailable, otherPassword.Failure);
        Assert.Equal(AuthenticationFailure.DirectoryUnavailable, stranger.Failure);
        Assert.Equal(AuthenticationFailure.DirectoryUnavailable, pastTheWindow.Failure);
        Assert.Null(pastTheWindow.Caller);
        Assert.Equal("dora", back.Caller?.UserName);
        Assert.Equal(2, _directory.SignIns);
    }

    [Fact]
    public async Task ALocalUserWithAPassword_IsNeverCheckedAgainstTheDirectory()
    {
        await _identity.CreateUserAsync(Caller.System, new NewUser("lena", "lena-local-1", null, null, SystemRoles.None), Ct);
        _directory.Accounts["lena"] = ("lena-directory-1", ["managers"]);
        _directory.Down = true;

        var local = await _authenticator.CheckPasswordAsync("lena", "lena-local-1", null, Ct);
        var directoryPassword = await _authenticator.CheckPasswordAsync("lena", "lena-directory-1", null, Ct);

        Assert.Equal([], local.Caller!.Groups);
        Assert.Equal(AuthenticationFailure.BadCredentials, directoryPassword.Failure);
        Assert.Equal(0, _directory.SignIns);
    }

    [Fact]
    public async Task ADirectoryUserGivenAPasswordHere_IsALocalUser_WithoutTheDirectorysGroups()
    {
        var dora = await SignInAsync("dora", "dora-pw-1");
        await _identity.UpdateUserAsync(Caller.System, "dora", new UserChanges(Password: "dora-local-1"), Ct);
        await _identity.CreateGroupAsync(Caller.System, new NewGroup("managers", null), Ct);

        var local = await _authenticator.CheckPasswordAsync("dora", "dora-local-1", null, Ct);
        var directoryPassword = await _authenticator.CheckPasswordAsync("dora", "dora-pw-1", null, Ct);

        Assert.Equal(["managers", "staff"], dora.Caller!.Groups);
        Assert.Equal([], local.Caller!.Groups);
        Assert.Equal(AuthenticationFailure.BadCredentials, directoryPassword.Failure);
        Assert.Empty(await _identity.ListMembersAsync(Caller.System, "managers", Ct));
    }

    [Fact]
    public async Task AUserMadeAheadWithoutAPassword_SignsInThroughTheDirectory_WithTheRolesGivenHere()
    {
        await _identity.CreateUserAsync(Caller.System, new NewUser("mona", null, null, null, SystemRoles.Monitor), Ct);
        _directory.Accounts["mona"] = ("mona-pw-1", ["staff"]);

        var mona = await SignInAsync("mona", "mona-pw-1");

        Assert.Equal(SystemRoles.Monitor, mona.Caller!.Roles);
        Assert.Equal(["staff"], mona.Caller.Groups);
    }

    [Fact]
    public async Task AWrongPassword_ADisabledUser_OrAnEmptyPassword_IsRefused_AndCountsForTheThrottle()
    {
        await SignInAsync("dora", "dora-pw-1");
        var wrong = await _authenticator.CheckPasswordAsync("dora", "not-it", null, Ct);
        var empty = await _authenticator.CheckPasswordAsync("dora", "", null, Ct);
        await _identity.UpdateUserAsync(Caller.System, "dora", new UserChanges(Disabled: true), Ct);
        Time.Advance(TimeSpan.FromSeconds(61));
        var disabled = await _authenticator.CheckPasswordAsync("dora", "dora-pw-1", null, Ct);

        Assert.Equal(AuthenticationFailure.BadCredentials, wrong.Failure);
        Assert.Equal(AuthenticationFailure.BadCredentials, empty.Failure);
        Assert.Equal(AuthenticationFailure.BadCredentials, disabled.Failure);
        Assert.Equal(3, _directory.SignIns); // the empty password never reached the directory
    }

    [Fact]
    public async Task GroupsTheDirectoryChanges_CountFromTheNextSignInAfterTheWindow()
    {
        await SignInAsync("dora", "dora-pw-1");
        _directory.Accounts["dora"] = ("dora-pw-1", ["staff"]);

        var within = await SignInAsync("dora", "dora-pw-1");
        Time.Advance(TimeSpan.FromSeconds(61));
        var after = await SignInAsync("dora", "dora-pw-1");

        Assert.Equal(["managers", "staff"], within.Caller!.Groups);
        Assert.Equal(["staff"], after.Caller!.Groups);
        Assert.Equal(["staff"], await _store.ListGroupNamesOfUserAsync(after.Caller.UserId, Ct));
    }

    private async Task<AuthenticationResult> SignInAsync(string user, string password)
    {
        var result = await _authenticator.CheckPasswordAsync(user, password, null, Ct);
        Assert.True(result.Caller is not null, $"{user} did not sign in: {result.Failure}");
        return result;
    }

    /// <summary>A directory that knows the accounts it is given, and can be down.</summary>
    private sealed class ScriptedDirectory : IDirectory
    {
        private int _signIns;

        public Dictionary<string, (string Password, string[] Groups)> Accounts { get; } = new(StringComparer.OrdinalIgnoreCase);

        public bool Down { get; set; }

        public int SignIns => _signIns;

        public TimeSpan SignInCacheTime => TimeSpan.FromSeconds(60);

        public Task<DirectoryAccount?> SignInAsync(string userName, string password, CancellationToken ct)
        {
            if (Down)
            {
                throw new DirectoryUnavailableException("down for the test");
            }

            Interlocked.Increment(ref _signIns);
            return Task.FromResult(Accounts.TryGetValue(userName, out var account) && account.Password == password
                ? new DirectoryAccount(userName.ToLowerInvariant(), $"{char.ToUpperInvariant(userName[0])}{userName[1..]} of the directory", null, account.Groups)
                : null);
        }
    }
}
