using System.Globalization;
using System.Text;

namespace Taskforge.Server.Ldap;

/// <summary>
/// What typed text may become inside a DN (RFC 4514) or a search filter (RFC 4515): escaped, so that a user name such as
/// <c>*)(uid=*</c> is a name and never part of the query; and the value that names a group from the first part of its DN.
/// </summary>
public static class LdapNames
{
    public static string EscapeFilterValue(string value)
    {
        var text = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '\\' => @"\5c",
                '*' => @"\2a",
                '(' => @"\28",
                ')' => @"\29",
                '\0' => @"\00",
                _ => c.ToString(),
            });
        }

        return text.ToString();
    }

    public static string EscapeDnValue(string value)
    {
        var text = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                text.Append(@"\00");
                continue;
            }

            var special = c is ',' or '+' or '"' or '\\' or '<' or '>' or ';' or '='
                || (i == 0 && c is ' ' or '#')
                || (i == value.Length - 1 && c == ' ');
            if (special)
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.ToString();
    }

    /// <summary>
    /// The value of a DN's first part when its attribute is <paramref name="attribute"/> (<c>cn=Approvers,ou=groups,…</c>
    /// gives <c>Approvers</c>), unescaped; null for a DN that starts otherwise.
    /// </summary>
    public static string? FirstValue(string dn, string attribute)
    {
        var equals = dn.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || !dn[..equals].Trim().Equals(attribute, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var bytes = new List<byte>();
        for (var i = equals + 1; i < dn.Length; i++)
        {
            var c = dn[i];
            if (c is ',' or '+' or ';')
            {
                break;
            }

            if (c != '\\' || i + 1 >= dn.Length)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
            else if (i + 2 < dn.Length && byte.TryParse(dn.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(dn[++i].ToString()));
            }
        }

        var value = Encoding.UTF8.GetString([.. bytes]).Trim();
        return value.Length == 0 ? null : value;
    }
}
