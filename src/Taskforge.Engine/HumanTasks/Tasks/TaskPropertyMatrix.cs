namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// Who may change which task property with <c>PUT action=update</c> (ibm-bpm-htm.md §6.4), as data. Administrators,
/// originators and TaskSystemAdministrator may change everything; editors and owners the everyday texts and times;
/// starters those too (but not supportsClaimIfSuspended), plus escalated and priority. The same table gives the Task
/// JSON's per-caller <c>is*Updateable</c> flags, one for every property of IBM's Task Update (the seed's schema), including
/// the <see cref="Fixed"/> ones nobody may change.
/// </summary>
public static class TaskPropertyMatrix
{
    /// <summary>
    /// Properties of IBM's Task Update that Taskforge has nothing behind (work baskets, event handlers, context
    /// authorization, parent contexts): nobody may change them, so their flags are false and an update naming one is refused.
    /// </summary>
    public static IReadOnlyList<string> Fixed { get; } = ["contextAuthorizationOfOwner", "eventHandlerName", "parentContextID", "workBasketName"];

    /// <summary>The properties, by their Task JSON names.</summary>
    public static IReadOnlyList<string> Properties { get; } =
    [
        "businessRelevance", "contextAuthorizationOfOwner", "customProperties", "deletionTime", "description", "displayName", "dueTime",
        "durationUntilDeleted", "durationUntilDue", "durationUntilExpires", "eventHandlerName", "expirationTime", "isEscalated", "name", "namespace",
        "parentContextID", "priority", "read", "supportsClaimIfSuspended", "supportsDelegation", "supportsFollowOnTasks", "supportsSubTasks", "type",
        "workBasketName",
    ];

    private static readonly HashSet<string> EditorOrOwner =
        ["businessRelevance", "description", "displayName", "dueTime", "durationUntilDue", "name", "namespace", "read", "supportsClaimIfSuspended", "type"];

    private static readonly HashSet<string> Starter =
        ["businessRelevance", "description", "displayName", "dueTime", "durationUntilDue", "name", "namespace", "read", "type", "isEscalated", "priority"];

    private static readonly HashSet<string> CustomProperty = ["customProperties"];

    public static bool MayUpdate(string property, Lifecycle.TaskCaller caller)
    {
        if (Fixed.Contains(property))
        {
            return false;
        }

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
