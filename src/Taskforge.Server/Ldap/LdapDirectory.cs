using System.DirectoryServices.Protocols;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Taskforge.Engine.Identity;

namespace Taskforge.Server.Ldap;

/// <summary>
/// The engine's <see cref="IDirectory"/> over LDAP (System.DirectoryServices.Protocols, which uses the system's libldap
/// on Linux). Each sign-in opens its own connection: upgrade to TLS, find the user (by template or search), bind as the
/// user with their password, read the entry and the groups as that user, close. The password is held only for the bind
/// and never logged.
/// </summary>
public sealed partial class LdapDirectory : IDirectory, IDisposable
{
    private const int InvalidCredentials = 49;
    private readonly LdapOptions _options;
    private readonly ILogger<LdapDirectory> _logger;
    private readonly string? _caDirectory;

    public LdapDirectory(IOptions<LdapOptions> options, ILogger<LdapDirectory> logger)
    {
        _options = options.Value;
        _logger = logger;
        if (_options.CaFile is { Length: > 0 } caFile)
        {
            // libldap takes trusted certificates per connection only as a directory (LDAP_OPT_X_TLS_CACERTDIR): one of our
            // own, holding just the configured file, so nothing else in a shared folder is trusted by accident.
            _caDirectory = Path.Combine(Path.GetTempPath(), "taskforge-ldap-ca-" + RandomNumberGenerator.GetHexString(12, lowercase: true));
            Directory.CreateDirectory(_caDirectory);
            File.Copy(caFile, Path.Combine(_caDirectory, "ca.pem"));
        }
    }

    public TimeSpan SignInCacheTime => _options.GroupCacheTime;

    public async Task<DirectoryAccount?> SignInAsync(string userName, string password, CancellationToken ct)
    {
        if (password.Length == 0 || userName.Trim().Length == 0)
        {
            return null; // an empty password would be an anonymous bind, which proves nothing
        }

        Exception? last = null;
        foreach (var server in _options.Servers)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                // The protocol library blocks; keep it off the request's thread.
                return await Task.Run(() => SignInOn(server, userName.Trim(), password), ct);
            }
            catch (Exception ex) when (ex is LdapException or DirectoryOperationException or DirectoryUnavailableException)
            {
                LogServerFailed(_logger, server, ex.Message);
                last = ex;
            }
            catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or PlatformNotSupportedException)
            {
                // No libldap on this machine (Debian: libldap-2.5-0): no server can be asked, and the operator must hear why.
                LogClientMissing(_logger, ex);
                throw new DirectoryUnavailableException("The LDAP client library (libldap) could not be loaded.", ex);
            }
        }

        throw new DirectoryUnavailableException($"No directory server answered ({last?.Message}).", last!);
    }

    private DirectoryAccount? SignInOn(string server, string userName, string password)
    {
        using var connection = Connect(server);
        string dn;
        SearchResultEntry? entry = null;
        if (!string.IsNullOrWhiteSpace(_options.UserDnTemplate))
        {
            dn = _options.UserDnTemplate.Replace("{0}", LdapNames.EscapeDnValue(userName), StringComparison.Ordinal);
        }
        else
        {
            BindAsServiceAccount(connection);
            entry = FindUser(connection, userName);
            if (entry is null)
            {
                return null;
            }

            dn = entry.DistinguishedName;
        }

        try
        {
            connection.AuthType = AuthType.Basic;
            connection.Bind(new NetworkCredential(dn, password));
        }
        catch (LdapException ex) when (ex.ErrorCode == InvalidCredentials)
        {
            return null;
        }

        // Read as the user, so the groups are what the directory shows this person now, not what a search found before the bind.
        entry = string.IsNullOrWhiteSpace(_options.UserSearchBase) ? ReadEntry(connection, dn) : FindUser(connection, userName);
        if (entry is null)
        {
            return null;
        }

        var groups = _options.GroupSource == LdapGroupSource.MemberOf
            ? [.. Values(entry, "memberOf").Select(g => LdapNames.FirstValue(g, _options.GroupNameAttribute)).OfType<string>()]
            : SearchGroups(connection, entry.DistinguishedName, userName);
        var name = Values(entry, _options.UserNameAttribute).FirstOrDefault() ?? userName;
        return new DirectoryAccount(name, Values(entry, _options.DisplayNameAttribute).FirstOrDefault(), Values(entry, _options.EmailAttribute).FirstOrDefault(), groups);
    }

    private LdapConnection Connect(string server)
    {
        var uri = new Uri(server);
        var ldaps = uri.Scheme == "ldaps";
        var port = uri.Port > 0 ? uri.Port : ldaps ? 636 : 389;
        var connection = new LdapConnection(new LdapDirectoryIdentifier(uri.Host, port)) { AuthType = AuthType.Basic, Timeout = _options.Timeout };
        try
        {
            var session = connection.SessionOptions;
            session.ProtocolVersion = 3;
            // Active Directory answers searches at a domain's root with referrals to other partitions; following them would bind elsewhere.
            session.ReferralChasing = ReferralChasingOptions.None;
            if (_caDirectory is not null && OperatingSystem.IsLinux())
            {
                session.TrustedCertificatesDirectory = _caDirectory;
                session.StartNewTlsSessionContext();
            }

            if (ldaps)
            {
                session.SecureSocketLayer = true;
            }
            else if (_options.StartTls)
            {
                // On Linux the library gives libldap the server's address only when it first connects, which is a bind; StartTLS on
                // a connection not made yet fails as "server unavailable". So: an anonymous bind (nothing secret is sent), then TLS,
                // then every bind that carries a password.
                connection.AuthType = AuthType.Anonymous;
                connection.Bind();
                session.StartTransportLayerSecurity(null);
                connection.AuthType = AuthType.Basic;
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void BindAsServiceAccount(LdapConnection connection)
    {
        if (string.IsNullOrWhiteSpace(_options.ServiceAccountDn))
        {
            connection.AuthType = AuthType.Anonymous;
            connection.Bind();
            return;
        }

        try
        {
            connection.Bind(new NetworkCredential(_options.ServiceAccountDn, _options.ServiceAccountPassword ?? ""));
        }
        catch (LdapException ex) when (ex.ErrorCode == InvalidCredentials)
        {
            // The service account's password is the operator's to fix, not the user's mistake.
            throw new DirectoryUnavailableException("The directory refused the service account (ServiceAccountDn, ServiceAccountPassword).", ex);
        }
    }

    private SearchResultEntry? FindUser(LdapConnection connection, string userName)
    {
        var filter = _options.UserSearchFilter.Replace("{0}", LdapNames.EscapeFilterValue(userName), StringComparison.Ordinal);
        var response = (SearchResponse)connection.SendRequest(new SearchRequest(_options.UserSearchBase, filter, SearchScope.Subtree, UserAttributes()));
        // Two entries for one name is a directory to fix, not a guess to make.
        return response.Entries.Count == 1 ? response.Entries[0] : null;
    }

    private SearchResultEntry? ReadEntry(LdapConnection connection, string dn)
    {
        var response = (SearchResponse)connection.SendRequest(new SearchRequest(dn, "(objectClass=*)", SearchScope.Base, UserAttributes()));
        return response.Entries.Count == 1 ? response.Entries[0] : null;
    }

    private List<string> SearchGroups(LdapConnection connection, string userDn, string userName)
    {
        var filter = Placeholder().Replace(_options.GroupSearchFilter, m => LdapNames.EscapeFilterValue(m.Value == "{0}" ? userDn : userName));
        var response = (SearchResponse)connection.SendRequest(
            new SearchRequest(_options.GroupSearchBase, filter, SearchScope.Subtree, _options.GroupNameAttribute));
        return [.. response.Entries.Cast<SearchResultEntry>().SelectMany(e => Values(e, _options.GroupNameAttribute).Take(1))];
    }

    private string[] UserAttributes() => [_options.UserNameAttribute, _options.DisplayNameAttribute, _options.EmailAttribute, "memberOf"];

    private static IEnumerable<string> Values(SearchResultEntry entry, string attribute)
    {
        foreach (string name in entry.Attributes.AttributeNames)
        {
            if (name.Equals(attribute, StringComparison.OrdinalIgnoreCase))
            {
                return entry.Attributes[name].GetValues(typeof(string)).Cast<string>();
            }
        }

        return [];
    }

    public void Dispose()
    {
        if (_caDirectory is not null)
        {
            try
            {
                Directory.Delete(_caDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover copy of a public certificate in the temp folder harms nobody.
            }
        }
    }

    [GeneratedRegex(@"\{[01]\}")]
    private static partial Regex Placeholder();

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Directory sign-in cannot work: the LDAP client library could not be loaded (install libldap)")]
    private static partial void LogClientMissing(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Directory server {Server} did not answer a sign-in: {Problem}")]
    private static partial void LogServerFailed(ILogger logger, string server, string problem);
}
