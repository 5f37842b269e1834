namespace Taskforge.Server.Ldap;

/// <summary>Where users are looked up and how their groups are found.</summary>
public enum LdapGroupSource
{
    /// <summary>The user entry's <c>memberOf</c> attribute (Active Directory; OpenLDAP with the memberof overlay).</summary>
    MemberOf,

    /// <summary>A search for group entries that name the user (<see cref="LdapOptions.GroupSearchFilter"/>).</summary>
    Search,
}

/// <summary>
/// Settings under <c>Taskforge:Identity:Ldap</c>: directory sign-in is on when <see cref="Servers"/> names at least one
/// server. docs/identity.md has an Active Directory and an OpenLDAP example.
/// </summary>
public sealed class LdapOptions
{
    public const string SectionName = "Taskforge:Identity:Ldap";

    /// <summary>
    /// Directory servers, tried in order until one answers: <c>ldaps://dc1.corp.example</c> (TLS from the start, port 636
    /// unless given) or <c>ldap://dc1.corp.example</c> (port 389, upgraded with StartTLS before anything is sent).
    /// </summary>
    public List<string> Servers { get; set; } = [];

    /// <summary>For <c>ldap://</c> servers: upgrade with StartTLS (the default). Off only with <see cref="AllowPlainLdap"/>.</summary>
    public bool StartTls { get; set; } = true;

    /// <summary>
    /// Sends passwords over unencrypted LDAP when <see cref="StartTls"/> is off. For tests and networks where an operator
    /// says so explicitly; never the default.
    /// </summary>
    public bool AllowPlainLdap { get; set; }

    /// <summary>PEM file with the certificate authority (or authorities) that signed the directory's certificate, for a private CA.</summary>
    public string? CaFile { get; set; }

    /// <summary>
    /// The name to bind as, with <c>{0}</c> for the user name as typed (escaped for a DN): <c>uid={0},ou=people,dc=example,dc=org</c>,
    /// or <c>{0}@corp.example</c> for Active Directory. When empty, the user's entry is found by <see cref="UserSearchFilter"/>.
    /// </summary>
    public string? UserDnTemplate { get; set; }

    /// <summary>Where user entries are searched (and, with a template, read after the bind).</summary>
    public string? UserSearchBase { get; set; }

    /// <summary>The filter that finds one user, with <c>{0}</c> for the user name as typed (escaped for a filter).</summary>
    public string UserSearchFilter { get; set; } = "(uid={0})";

    /// <summary>The account that searches for users before their bind (without <see cref="UserDnTemplate"/>); anonymous when empty.</summary>
    public string? ServiceAccountDn { get; set; }

    public string? ServiceAccountPassword { get; set; }

    /// <summary>The attribute whose value is the user's name in Taskforge (<c>uid</c>; <c>sAMAccountName</c> for Active Directory).</summary>
    public string UserNameAttribute { get; set; } = "uid";

    public string DisplayNameAttribute { get; set; } = "displayName";

    public string EmailAttribute { get; set; } = "mail";

    public LdapGroupSource GroupSource { get; set; } = LdapGroupSource.MemberOf;

    /// <summary>Where group entries are searched (<see cref="LdapGroupSource.Search"/>).</summary>
    public string? GroupSearchBase { get; set; }

    /// <summary>
    /// The filter for the user's groups, with <c>{0}</c> for the user's DN and <c>{1}</c> for their name (both escaped):
    /// <c>(member={0})</c>, <c>(memberUid={1})</c>, or Active Directory's nested <c>(member:1.2.840.113556.1.4.1941:={0})</c>.
    /// </summary>
    public string GroupSearchFilter { get; set; } = "(member={0})";

    /// <summary>The attribute that names a group in Taskforge; with <c>memberOf</c>, the first part of the group's DN when it is this attribute.</summary>
    public string GroupNameAttribute { get; set; } = "cn";

    /// <summary>How long a directory sign-in and its groups are remembered before the directory is asked again.</summary>
    public TimeSpan GroupCacheTime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for one directory server (connect and each request) before trying the next.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    public bool Enabled => Servers.Count > 0;

    /// <summary>What is wrong with these settings, one line each; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var server in Servers)
        {
            if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("ldap" or "ldaps") || uri.Host.Length == 0)
            {
                problems.Add($"Servers: '{server}' is not an ldap:// or ldaps:// URL.");
            }
            else if (uri.Scheme == "ldap" && !StartTls && !AllowPlainLdap)
            {
                problems.Add($"Servers: '{server}' would send passwords unencrypted; use ldaps://, keep StartTls on, or set AllowPlainLdap explicitly.");
            }
        }

        if (string.IsNullOrWhiteSpace(UserDnTemplate) && string.IsNullOrWhiteSpace(UserSearchBase))
        {
            problems.Add("UserDnTemplate or UserSearchBase is required.");
        }

        if (!string.IsNullOrWhiteSpace(UserDnTemplate) && !UserDnTemplate.Contains("{0}", StringComparison.Ordinal))
        {
            problems.Add("UserDnTemplate must contain {0} for the user name.");
        }

        if (string.IsNullOrWhiteSpace(UserDnTemplate) && !UserSearchFilter.Contains("{0}", StringComparison.Ordinal))
        {
            problems.Add("UserSearchFilter must contain {0} for the user name.");
        }

        if (GroupSource == LdapGroupSource.Search && string.IsNullOrWhiteSpace(GroupSearchBase))
        {
            problems.Add("GroupSearchBase is required when GroupSource is Search.");
        }

        if (CaFile is { Length: > 0 } && !File.Exists(CaFile))
        {
            problems.Add($"CaFile: '{CaFile}' does not exist.");
        }

        if (GroupCacheTime < TimeSpan.Zero || Timeout <= TimeSpan.Zero)
        {
            problems.Add("GroupCacheTime must not be negative and Timeout must be positive.");
        }

        return problems;
    }
}
