using Taskforge.Engine.Identity;

namespace Taskforge.Engine.Workflows.Definitions;

/// <summary>
/// What a caller may do with a workflow, from its permission rules (vro.md §6): r view, x execute, i inspect,
/// c edit, a admin. Admin implies every right and every right implies view. A workflow without rules is open to
/// administrators (all) and monitors (view, inspect) only: access is granted, never assumed.
/// </summary>
public readonly record struct WorkflowRights(string Letters)
{
    public const string All = PermissionRules.Letters;

    public bool CanView => Letters.Contains('r', StringComparison.Ordinal);

    public bool CanExecute => Letters.Contains('x', StringComparison.Ordinal);

    public bool CanInspect => Letters.Contains('i', StringComparison.Ordinal);

    public bool CanEdit => Letters.Contains('c', StringComparison.Ordinal);

    public bool CanAdminister => Letters.Contains('a', StringComparison.Ordinal);

    public static WorkflowRights For(Caller caller, IReadOnlyList<PermissionRule> rules) =>
        new(caller.IsAdministrator ? All : PermissionRules.Grant(caller, rules, caller.CanReadEverything ? "ri" : ""));
}
