namespace Taskforge.Engine.HumanTasks.Templates;

/// <summary>
/// The template's <c>supports*</c> flags (ibm-bpm-htm.md §3.2 "behaviour flags"). Defaults, which IBM does not publish:
/// only delegation (work-item transfer) is on, since every IBM inbox offers "transfer".
/// </summary>
public sealed record TaskTemplateSupports(
    bool AutomaticClaim = false,
    bool ClaimIfSuspended = false,
    bool Delegation = true,
    bool FollowOnTasks = false,
    bool SubTasks = false);
