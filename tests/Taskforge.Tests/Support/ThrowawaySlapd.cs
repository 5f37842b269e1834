using System.Diagnostics;
using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Taskforge.Tests.Support;

/// <summary>
/// A throw-away OpenLDAP server (Debian's slapd) in a temp folder: plain LDAP and LDAPS on free loopback ports, StartTLS
/// on the plain port, a certificate from a CA made for this server alone, an mdb database with the memberof overlay, and
/// the people and groups of <see cref="Directory"/>. Stop and start it again to play a directory that goes down and
/// comes back. Without slapd the tests skip locally and fail under CI (as for PostgreSQL).
/// </summary>
public sealed class ThrowawaySlapd : IAsyncDisposable
{
    public const string Suffix = "dc=example,dc=org";
    public const string People = "ou=people," + Suffix;
    public const string Groups = "ou=groups," + Suffix;
    private const string AdminDn = "cn=admin," + Suffix;
    private const string AdminPassword = "directory-admin-1";
    private const string Binary = "/usr/sbin/slapd";

    private readonly string _root;
    private Process? _server;

    private ThrowawaySlapd(string root, int ldapPort, int ldapsPort)
    {
        (_root, LdapPort, LdapsPort) = (root, ldapPort, ldapsPort);
    }

    public int LdapPort { get; }

    public int LdapsPort { get; }

    public string LdapUrl => string.Create(CultureInfo.InvariantCulture, $"ldap://127.0.0.1:{LdapPort}");

    public string LdapsUrl => string.Create(CultureInfo.InvariantCulture, $"ldaps://127.0.0.1:{LdapsPort}");

    /// <summary>The PEM file of the CA that signed the server's certificate (what an operator puts in CaFile).</summary>
    public string CaFile => Path.Combine(_root, "ca.pem");

    public static bool Available => File.Exists(Binary);

    /// <summary>Skips the calling test when slapd is not installed, except under CI=true, where that is a failure.</summary>
    public static void SkipUnlessAvailable()
    {
        if (!Available && !PostgresFixture.UnderCi)
        {
            Assert.Skip($"OpenLDAP's slapd is not installed ({Binary}; Debian package slapd); under CI=true this fails instead.");
        }
    }

    public static string Password(string user) => user + "-directory-1";

    public static string UserDn(string user) => $"uid={user},{People}";

    public static string GroupDn(string group) => $"cn={group},{Groups}";

    /// <summary>Starts a server seeded with the users and groups given (group name to member uids).</summary>
    public static async Task<ThrowawaySlapd> StartAsync(IReadOnlyDictionary<string, string[]> groups, CancellationToken ct)
    {
        SkipUnlessAvailable();
        var root = Path.Combine(Path.GetTempPath(), "taskforge-slapd-" + RandomNumberGenerator.GetHexString(12, lowercase: true));
        Directory.CreateDirectory(Path.Combine(root, "data"));
        var slapd = new ThrowawaySlapd(root, FreePort(), FreePort());
        try
        {
            slapd.WriteCertificates();
            await File.WriteAllTextAsync(Path.Combine(root, "slapd.conf"), slapd.Config(), ct);
            await slapd.StartAgainAsync(ct);
            slapd.Seed(groups);
            return slapd;
        }
        catch
        {
            await slapd.DisposeAsync();
            throw;
        }
    }

    /// <summary>(Re)starts the server on the same ports and data.</summary>
    public async Task StartAgainAsync(CancellationToken ct)
    {
        var psi = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _root };
        // -d keeps slapd in the foreground (a child we can stop); level 0 logs nothing but fatal start-up errors.
        foreach (var arg in new[] { "-d", "0", "-f", Path.Combine(_root, "slapd.conf"), "-h", $"{LdapUrl}/ {LdapsUrl}/" })
        {
            psi.ArgumentList.Add(arg);
        }

        var output = new System.Text.StringBuilder();
        _server = Process.Start(psi)!;
        _server.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        _server.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(20); await Task.Delay(50, ct))
        {
            if (_server.HasExited)
            {
                break;
            }

            if (Answers())
            {
                return;
            }
        }

        await StopAsync();
        lock (output)
        {
            throw new InvalidOperationException($"slapd did not start on ports {LdapPort}/{LdapsPort}:\n{output}");
        }
    }

    /// <summary>Stops the server (the directory is down until <see cref="StartAgainAsync"/>).</summary>
    public async Task StopAsync()
    {
        if (_server is not { } server)
        {
            return;
        }

        _server = null;
        if (!server.HasExited)
        {
            _ = Kill(server.Id, 15); // SIGTERM: slapd closes its database cleanly
            var exited = server.WaitForExitAsync();
            if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(10))) != exited)
            {
                server.Kill(entireProcessTree: true);
            }

            await server.WaitForExitAsync();
        }

        server.Dispose();
    }

    /// <summary>Adds a user to a group or takes them out, as a directory administrator would.</summary>
    public void SetMember(string group, string user, bool member)
    {
        using var admin = AdminConnection();
        admin.SendRequest(new ModifyRequest(GroupDn(group), member ? DirectoryAttributeOperation.Add : DirectoryAttributeOperation.Delete, "member", UserDn(user)));
    }

    public void AddUser(string user)
    {
        using var admin = AdminConnection();
        AddUser(admin, user);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort, as for PostgreSQL's folder.
        }
    }

    private bool Answers()
    {
        try
        {
            using var admin = AdminConnection();
            return true;
        }
        catch (LdapException)
        {
            return false;
        }
    }

    private LdapConnection AdminConnection()
    {
        var connection = new LdapConnection(new LdapDirectoryIdentifier("127.0.0.1", LdapPort)) { AuthType = AuthType.Basic, Timeout = TimeSpan.FromSeconds(5) };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.Bind(new NetworkCredential(AdminDn, AdminPassword));
        return connection;
    }

    private void Seed(IReadOnlyDictionary<string, string[]> groups)
    {
        using var admin = AdminConnection();
        admin.SendRequest(new AddRequest(Suffix, new DirectoryAttribute("objectClass", "top", "dcObject", "organization"),
            new DirectoryAttribute("o", "Example"), new DirectoryAttribute("dc", "example")));
        admin.SendRequest(new AddRequest(People, new DirectoryAttribute("objectClass", "organizationalUnit"), new DirectoryAttribute("ou", "people")));
        admin.SendRequest(new AddRequest(Groups, new DirectoryAttribute("objectClass", "organizationalUnit"), new DirectoryAttribute("ou", "groups")));
        foreach (var user in groups.Values.SelectMany(u => u).Distinct(StringComparer.Ordinal))
        {
            AddUser(admin, user);
        }

        foreach (var (group, members) in groups)
        {
            // groupOfNames needs a member: the admin entry is one of each group, so taking a person out never empties it.
            object[] dns = [AdminDn, .. members.Select(UserDn)];
            admin.SendRequest(new AddRequest(GroupDn(group), new DirectoryAttribute("objectClass", "groupOfNames"),
                new DirectoryAttribute("cn", group), new DirectoryAttribute("member", dns)));
        }
    }

    private static void AddUser(LdapConnection admin, string user) =>
        admin.SendRequest(new AddRequest(UserDn(user),
            new DirectoryAttribute("objectClass", "inetOrgPerson"), new DirectoryAttribute("uid", user), new DirectoryAttribute("cn", user),
            new DirectoryAttribute("sn", user), new DirectoryAttribute("displayName", $"{char.ToUpperInvariant(user[0])}{user[1..]} Directory"),
            new DirectoryAttribute("mail", $"{user}@example.org"), new DirectoryAttribute("userPassword", Password(user))));

    private string Config() => $"""
        include /etc/ldap/schema/core.schema
        include /etc/ldap/schema/cosine.schema
        include /etc/ldap/schema/inetorgperson.schema
        modulepath /usr/lib/ldap
        moduleload back_mdb
        moduleload memberof
        pidfile {_root}/slapd.pid
        TLSCACertificateFile {_root}/ca.pem
        TLSCertificateFile {_root}/server.pem
        TLSCertificateKeyFile {_root}/server.key
        database mdb
        maxsize 16777216
        suffix "{Suffix}"
        rootdn "{AdminDn}"
        rootpw {AdminPassword}
        directory {_root}/data
        overlay memberof
        access to attrs=userPassword by self write by anonymous auth by * none
        access to * by * read

        """;

    private void WriteCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Taskforge test directory CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var now = TimeProvider.System.GetUtcNow();
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(2));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = request.Create(ca, now.AddDays(-1), now.AddDays(2), RandomNumberGenerator.GetBytes(16));

        File.WriteAllText(Path.Combine(_root, "ca.pem"), ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_root, "server.pem"), server.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_root, "server.key"), serverKey.ExportPkcs8PrivateKeyPem());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", EntryPoint = "kill")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
