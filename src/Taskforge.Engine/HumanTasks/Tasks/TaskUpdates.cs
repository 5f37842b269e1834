using System.Xml;
using Taskforge.Engine.Errors;

namespace Taskforge.Engine.HumanTasks.Tasks;

/// <summary>
/// Applies a <see cref="TaskUpdate"/> to a task: checks the values, refuses a time given with its own duration
/// (<see cref="TaskRuleReason.ExclusiveProperties"/>), and moves the due, expiry and deletion timers when their times change.
/// </summary>
internal static class TaskUpdates
{
    public static HumanTask Apply(TaskActionContext c, TaskUpdate u)
    {
        Exclusive(u.DueTime is not null, u.DurationUntilDue is not null, "dueTime", "durationUntilDue");
        Exclusive(u.ExpirationTime is not null, u.DurationUntilExpires is not null, "expirationTime", "durationUntilExpires");
        Exclusive(u.DeletionTime is not null, u.DurationUntilDeleted is not null, "deletionTime", "durationUntilDeleted");
        var errors = new ValidationErrors();
        var task = c.Task;
        if (u.Priority is < 0)
        {
            throw new TaskRuleException(TaskRuleKind.Invalid, TaskRuleReason.InvalidPriority, $"priority {u.Priority} is not valid; priorities are whole numbers from 0.", u.Priority.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var name = u.Name is null ? task.Name : NcName(u.Name, "name", errors);
        var durationDue = Duration(u.DurationUntilDue, "durationUntilDue", errors)?.Text ?? task.DurationUntilDue;
        var durationExpires = Duration(u.DurationUntilExpires, "durationUntilExpires", errors)?.Text ?? task.DurationUntilExpires;
        var durationDeleted = Duration(u.DurationUntilDeleted, "durationUntilDeleted", errors)?.Text ?? task.DurationUntilDeleted;
        errors.ThrowIfAny();

        var texts = task.CustomTexts.ToArray();
        foreach (var (number, text) in u.CustomTexts ?? new Dictionary<int, string?>())
        {
            texts[number - 1] = text;
        }

        var properties = Merge(task.CustomProperties, u.CustomProperties);

        var updated = task with
        {
            IsBusinessRelevant = u.BusinessRelevance ?? task.IsBusinessRelevant,
            Description = u.Description ?? task.Description,
            DisplayName = u.DisplayName ?? task.DisplayName,
            IsEscalated = u.IsEscalated ?? task.IsEscalated,
            Name = name,
            Namespace = u.Namespace ?? task.Namespace,
            Priority = u.Priority ?? task.Priority,
            IsRead = u.Read ?? task.IsRead,
            Type = u.Type ?? task.Type,
            Supports = task.Supports with
            {
                ClaimIfSuspended = u.SupportsClaimIfSuspended ?? task.Supports.ClaimIfSuspended,
                Delegation = u.SupportsDelegation ?? task.Supports.Delegation,
                FollowOnTasks = u.SupportsFollowOnTasks ?? task.Supports.FollowOnTasks,
                SubTasks = u.SupportsSubTasks ?? task.Supports.SubTasks,
            },
            CustomTexts = texts,
            CustomProperties = properties,
            DurationUntilDue = durationDue,
            DurationUntilExpires = durationExpires,
            DurationUntilDeleted = durationDeleted,
        };
        return Reschedule(c, updated, u);
    }

    // A time given outright wins; a duration counts from activation (deletion: from completion), as at creation.
    private static HumanTask Reschedule(TaskActionContext c, HumanTask task, TaskUpdate u)
    {
        var due = u.DueTime ?? (u.DurationUntilDue is not null && task.ActivatedAt is { } a1 ? TaskClock.After(task.DurationUntilDue, a1) : task.DueAt);
        var expires = u.ExpirationTime ?? (u.DurationUntilExpires is not null && task.ActivatedAt is { } a2 ? TaskClock.After(task.DurationUntilExpires, a2) : task.ExpiresAt);
        var deletion = u.DeletionTime ?? (u.DurationUntilDeleted is not null && task.CompletedAt is { } done ? TaskClock.After(task.DurationUntilDeleted, done) : task.DeletionAt);
        if (due != task.DueAt && !task.IsEnded)
        {
            c.Change.Timers.Add(new TimerWrite(TaskTimerKinds.Due, task.Id, due));
        }

        if (expires != task.ExpiresAt && !task.IsEnded)
        {
            c.Change.Timers.Add(new TimerWrite(TaskTimerKinds.Expiry, task.Id, expires));
        }

        if (deletion != task.DeletionAt && task.IsEnded)
        {
            c.Change.Timers.Add(new TimerWrite(TaskTimerKinds.Deletion, task.Id, deletion));
        }

        return task with { DueAt = due, ExpiresAt = expires, DeletionAt = deletion };
    }

    internal static void Exclusive(bool time, bool duration, string timeName, string durationName)
    {
        if (time && duration)
        {
            throw new TaskRuleException(TaskRuleKind.Invalid, TaskRuleReason.ExclusiveProperties,
                $"{timeName} and {durationName} cannot be updated together; give one.", timeName, durationName);
        }
    }

    internal static HtmDuration? Duration(string? text, string field, ValidationErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        if (!HtmDuration.TryParse(text, out var duration, out var error))
        {
            errors.Add(field, error);
            return null;
        }

        return duration;
    }

    /// <summary>Custom properties with <paramref name="changes"/> applied: a null value removes its property.</summary>
    internal static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string>? current, IReadOnlyDictionary<string, string?>? changes)
    {
        var merged = current is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var (key, value) in changes ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value;
            }
        }

        return merged;
    }

    internal static string NcName(string text, string field, ValidationErrors errors)
    {
        try
        {
            return XmlConvert.VerifyNCName(text.Trim());
        }
        catch (XmlException)
        {
            errors.Add(field, $"'{text}' is not an XML name.");
            return text;
        }
    }
}
