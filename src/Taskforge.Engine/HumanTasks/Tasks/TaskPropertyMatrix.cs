namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// Who may change which task property with <c>PUT action=update</c> (ibm-bpm-htm.md §6.4), as data. Administrators,
/// originators and TaskSystemAdministrator may change everything; editors and owners the everyday texts and times;
/// starters those too (but not supportsClaimIfSuspended), plus escalated and priority. The same table gives the Task
/// JSON's per-caller <c>is*Updateable</c> flags.
/// </summary>
public static class TaskPropertyMatrix
{
    /// <summary>The properties, by their Task JSON names.</summary>
    public static IReadOnlyList<string> Properties { get; } =
    [
        "businessRelevance", "customProperties", "deletionTime", "description", "displayName", "dueTime", "durationUntilDeleted", "durationUntilDue",
        "durationUntilExpires", "expirationTime", "isEscalated", "name", "namespace", "priority", "read", "supportsClaimIfSuspended",
        "supportsDelegation", "supportsFollowOnTasks", "supportsSubTasks", "type",
    ];

    private static readonly HashSet<string> EditorOrOwner =
        ["businessRelevance", "description", "displayName", "dueTime", "durationUntilDue", "name", "namespace", "read", "supportsClaimIfSuspended", "type"];

    private static readonly HashSet<string> Starter =
        ["businessRelevance", "description", "displayName", "dueTime", "durationUntilDue", "name", "namespace", "read", "type", "isEscalated", "priority"];

    private static readonly HashSet<string> CustomProperty = ["customProperties"];

    public static bool MayUpdate(string property, Lifecycle.TaskCaller caller)
    {
        if (caller.IsSystemAdministrator || caller.Roles.Contains(TaskRole.Administrator) || caller.Roles.Contains(TaskRole.Originator))
        {
            return true;
        }

        // Editors also set custom properties (§6.3 SETCUSTOMPROPERTY); owners and starters do not.
        return (caller.Roles.Contains(TaskRole.Editor) && (EditorOrOwner.Contains(property) || CustomProperty.Contains(property)))
            || (caller.Roles.Contains(TaskRole.Owner) && EditorOrOwner.Contains(property))
            || (caller.Roles.Contains(TaskRole.Starter) && Starter.Contains(property));
    }
}
