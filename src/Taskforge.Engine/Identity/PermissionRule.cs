namespace Taskforge.Engine.Identity;

/// <summary>
/// A principal (user, group, or <c>everybody</c>) and its rights letters (vro.md §6): r view, x execute, i inspect,
/// c edit, a admin. Workflows and schedules carry lists of them; what each letter allows is the owner's to say.
/// </summary>
public sealed record PermissionRule(string Principal, string Rights)
{
    public const string Everybody = "everybody";

    /// <summary>Whether the rule names the caller: by user name, by one of the caller's groups, or everybody (<c>*</c> too).</summary>
    public bool AppliesTo(Caller caller) =>
        Principal.Equals(Everybody, StringComparison.OrdinalIgnoreCase) || Principal == "*"
        || Principal.Equals(caller.UserName, StringComparison.OrdinalIgnoreCase) || caller.IsMemberOf(Principal);
}
