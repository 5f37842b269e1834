namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// A <c>PUT action=update</c>: every property optional, absent ones unchanged. An absolute time and its duration
/// (<c>dueTime</c> and <c>durationUntilDue</c>) cannot be given together (<see cref="TaskRuleReason.ExclusiveProperties"/>). Custom properties are merged;
/// a null value removes one.
/// </summary>
public sealed record TaskUpdate
{
    public bool? BusinessRelevance { get; init; }

    public IReadOnlyDictionary<string, string?>? CustomProperties { get; init; }

    public DateTimeOffset? DeletionTime { get; init; }

    public string? Description { get; init; }

    public string? DisplayName { get; init; }

    public DateTimeOffset? DueTime { get; init; }

    public string? DurationUntilDeleted { get; init; }

    public string? DurationUntilDue { get; init; }

    public string? DurationUntilExpires { get; init; }

    public DateTimeOffset? ExpirationTime { get; init; }

    public bool? IsEscalated { get; init; }

    public string? Name { get; init; }

    public string? Namespace { get; init; }

    public int? Priority { get; init; }

    public bool? Read { get; init; }

    public bool? SupportsClaimIfSuspended { get; init; }

    public bool? SupportsDelegation { get; init; }

    public bool? SupportsFollowOnTasks { get; init; }

    public bool? SupportsSubTasks { get; init; }

    public string? Type { get; init; }

    /// <summary>customText1..8 by number (1-based); null values clear.</summary>
    public IReadOnlyDictionary<int, string?>? CustomTexts { get; init; }

    /// <summary>The Task JSON names of the properties given, for the §6.4 check.</summary>
    public IEnumerable<string> Given()
    {
        if (BusinessRelevance is not null) yield return "businessRelevance";
        if (CustomProperties is not null || CustomTexts is not null) yield return "customProperties";
        if (DeletionTime is not null) yield return "deletionTime";
        if (Description is not null) yield return "description";
        if (DisplayName is not null) yield return "displayName";
        if (DueTime is not null) yield return "dueTime";
        if (DurationUntilDeleted is not null) yield return "durationUntilDeleted";
        if (DurationUntilDue is not null) yield return "durationUntilDue";
        if (DurationUntilExpires is not null) yield return "durationUntilExpires";
        if (ExpirationTime is not null) yield return "expirationTime";
        if (IsEscalated is not null) yield return "isEscalated";
        if (Name is not null) yield return "name";
        if (Namespace is not null) yield return "namespace";
        if (Priority is not null) yield return "priority";
        if (Read is not null) yield return "read";
        if (SupportsClaimIfSuspended is not null) yield return "supportsClaimIfSuspended";
        if (SupportsDelegation is not null) yield return "supportsDelegation";
        if (SupportsFollowOnTasks is not null) yield return "supportsFollowOnTasks";
        if (SupportsSubTasks is not null) yield return "supportsSubTasks";
        if (Type is not null) yield return "type";
    }
}
