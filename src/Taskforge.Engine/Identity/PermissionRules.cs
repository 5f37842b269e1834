using Taskforge.Engine.Errors;

namespace Taskforge.Engine.Identity;

/// <summary>
/// What every list of permission rules shares, whatever it guards: which letters are rights, how rules are checked
/// on the way in, how the rules of one principal merge, and which letters they grant a caller.
/// </summary>
public static class PermissionRules
{
    /// <summary>Every rights letter, in the order they are written back.</summary>
    public const string Letters = "rxica";

    /// <summary>Checks one rule as a client gave it; adds what is wrong at <paramref name="path"/>, else returns the rule.</summary>
    public static PermissionRule? Check(string? principal, string? rights, string path, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(principal))
        {
            errors.Add(path, "needs a principal.");
            return null;
        }

        if (string.IsNullOrEmpty(rights) || rights.Any(c => !Letters.Contains(c, StringComparison.Ordinal)))
        {
            errors.Add(path, "rights are letters among r (view), x (execute), i (inspect), c (edit), a (admin).");
            return null;
        }

        return new PermissionRule(principal.Trim(), rights);
    }

    /// <summary>One rule per principal (names compared without case), its letters the union of its rules', in canonical order.</summary>
    public static IReadOnlyList<PermissionRule> Merge(IEnumerable<PermissionRule> rules) =>
    [
        .. rules.GroupBy(r => r.Principal, StringComparer.OrdinalIgnoreCase)
            .Select(g => new PermissionRule(g.First().Principal, Canonical(g.SelectMany(r => r.Rights)))),
    ];

    /// <summary>
    /// The letters <paramref name="rules"/> grant the caller on top of <paramref name="granted"/>: admin implies every
    /// right, and any right implies view (vro.md §6). Nothing granted, nothing assumed.
    /// </summary>
    public static string Grant(Caller caller, IReadOnlyList<PermissionRule> rules, string granted)
    {
        var letters = new HashSet<char>(granted);
        foreach (var rule in rules.Where(r => r.AppliesTo(caller)))
        {
            letters.UnionWith(rule.Rights);
        }

        if (letters.Contains('a'))
        {
            letters.UnionWith(Letters);
        }

        if (letters.Count > 0)
        {
            letters.Add('r');
        }

        return Canonical(letters);
    }

    private static string Canonical(IEnumerable<char> letters)
    {
        var set = letters as ISet<char> ?? new HashSet<char>(letters);
        return string.Concat(Letters.Where(set.Contains));
    }
}
