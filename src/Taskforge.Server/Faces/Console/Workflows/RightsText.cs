using Taskforge.Engine.Identity;

namespace Taskforge.Server.Faces.Console.Workflows;

/// <summary>A permission rule's rights letters (vro.md §6) in words, for people who do not know vRO's letters by heart.</summary>
public static class RightsText
{
    /// <summary>Each letter, in <see cref="PermissionRules.Letters"/> order, with what it allows on a workflow.</summary>
    public static IReadOnlyList<(char Letter, string Word, string Meaning)> Letters { get; } =
    [
        ('r', "View", "see the workflow and its definition"),
        ('x', "Run", "start runs of it"),
        ('i', "Inspect", "see its runs, their inputs and logs"),
        ('c', "Edit", "save new revisions"),
        ('a', "Administer", "change its permissions and delete it; implies every other right"),
    ];

    /// <summary>"rxi" → "view, run and inspect".</summary>
    public static string Words(string letters)
    {
        var words = Letters.Where(l => letters.Contains(l.Letter, StringComparison.Ordinal)).Select(l => l.Word.ToLowerInvariant()).ToList();
        return words.Count switch
        {
            0 => "nothing",
            1 => words[0],
            _ => string.Join(", ", words[..^1]) + " and " + words[^1],
        };
    }

    /// <summary>"everybody" (or <c>*</c>) as a person reads it; users and groups by their names.</summary>
    public static string Principal(string principal) =>
        principal == "*" || principal.Equals(PermissionRule.Everybody, StringComparison.OrdinalIgnoreCase) ? "Everybody" : principal;
}
