using Taskforge.Engine.Identity;

namespace Taskforge.Engine.Workflows.Definitions;

/// <summary>
/// What a caller may do with a workflow, from its permission rules (vro.md §6): r view, x execute, i inspect,
/// c edit, a admin. Admin implies every right and every right implies view. A workflow without rules is open to
/// administrators (all) and monitors (view, inspect) only: access is granted, never assumed.
/// </summary>
public readonly record struct WorkflowRights(string Letters)
{
    public const string All = "rxica";
    public const string Everybody = "everybody";

    public bool CanView => Letters.Contains('r', StringComparison.Ordinal);

    public bool CanExecute => Letters.Contains('x', StringComparison.Ordinal);

    public bool CanInspect => Letters.Contains('i', StringComparison.Ordinal);

    public bool CanEdit => Letters.Contains('c', StringComparison.Ordinal);

    public bool CanAdminister => Letters.Contains('a', StringComparison.Ordinal);

    public static WorkflowRights For(Caller caller, IReadOnlyList<PermissionRule> rules)
    {
        if (caller.IsAdministrator)
        {
            return new WorkflowRights(All);
        }

        var letters = new HashSet<char>();
        if (caller.CanReadEverything)
        {
            letters.UnionWith("ri");
        }

        foreach (var rule in rules)
        {
            if (rule.Principal.Equals(Everybody, StringComparison.OrdinalIgnoreCase) || rule.Principal == "*"
                || rule.Principal.Equals(caller.UserName, StringComparison.OrdinalIgnoreCase) || caller.IsMemberOf(rule.Principal))
            {
                letters.UnionWith(rule.Rights);
            }
        }

        if (letters.Contains('a'))
        {
            letters.UnionWith(All);
        }

        if (letters.Count > 0)
        {
            letters.Add('r');
        }

        return new WorkflowRights(string.Concat(All.Where(letters.Contains)));
    }
}
