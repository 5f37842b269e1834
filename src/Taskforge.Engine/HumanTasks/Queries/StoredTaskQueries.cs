namespace Taskforge.Engine.HumanTasks.Queries;

/// <summary>
/// The stored queries Taskforge ships. IBM's own predefined query names are not public (ibm-bpm-htm.md §12, gap 2), so
/// these are Taskforge's, in IBM's style (upper case, <c>TASKS_</c> plus what they list) and without IBM's prefix, so no
/// client mistakes them for IBM's. Each is written in the where-clause grammar clients use themselves.
/// </summary>
public static class StoredTaskQueries
{
    /// <summary>The inbox: READY tasks the caller may claim (potential owner), not suspended unless the task allows claiming while suspended.</summary>
    public static StoredTaskQuery Claimable { get; } = new(
        "TASKS_CLAIMABLE",
        "Tasks I can claim: READY, I am a potential owner (as a user, through a group, or as everybody), not suspended unless the task may be claimed while suspended.",
        "TASK.STATE = TASK.STATE.STATE_READY AND (TASK.SUSPENDED = FALSE OR TASK.SUPPORT_CLAIM_SUSP = TRUE)",
        [TaskRole.PotentialOwner],
        "TASK.PRIORITY ASC");

    public static StoredTaskQuery Owned { get; } = new(
        "TASKS_OWNED",
        "Tasks I own: CLAIMED by me.",
        "TASK.STATE = TASK.STATE.STATE_CLAIMED",
        [TaskRole.Owner],
        "TASK.PRIORITY ASC");

    public static StoredTaskQuery Initiated { get; } = new(
        "TASKS_INITIATED",
        "Tasks I created or started (originator or starter), in any state, most recently changed first.",
        null,
        [TaskRole.Originator, TaskRole.Starter],
        "TASK.LAST_MODIFIED DESC");

    public static StoredTaskQuery All { get; } = new(
        "TASKS_ALL",
        "Every task, in any state (system administrators and monitors only).",
        null,
        null,
        "TASK.PRIORITY ASC",
        SystemRolesOnly: true);

    public static IReadOnlyList<StoredTaskQuery> Queries { get; } = [Claimable, Owned, Initiated, All];

    /// <summary>The query of that name (any case); null when there is none.</summary>
    public static StoredTaskQuery? Find(string name) => Queries.FirstOrDefault(q => string.Equals(q.Name, name, StringComparison.OrdinalIgnoreCase));
}
