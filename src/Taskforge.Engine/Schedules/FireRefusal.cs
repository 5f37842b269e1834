namespace Taskforge.Engine.Schedules;

/// <summary>Why a slot could not start its run (<see cref="FireOutcome.Refused"/>); the error text says it in full.</summary>
public enum FireRefusal
{
    /// <summary>The user who scheduled it no longer exists or is disabled.</summary>
    UserGone,

    /// <summary>The workflow is deleted.</summary>
    WorkflowGone,

    /// <summary>The scheduling user lost the execute right on the workflow.</summary>
    RightLost,

    /// <summary>The stored inputs no longer fit the workflow's current inputs.</summary>
    InputsInvalid,
}

/// <summary>The refusals' stored and wire names: <c>user-gone</c>, <c>workflow-gone</c>, <c>right-lost</c>, <c>inputs-invalid</c>.</summary>
public static class FireRefusals
{
    public static string ToWire(FireRefusal refusal) => refusal switch
    {
        FireRefusal.UserGone => "user-gone",
        FireRefusal.WorkflowGone => "workflow-gone",
        FireRefusal.RightLost => "right-lost",
        _ => "inputs-invalid",
    };

    /// <summary>The refusal of a stored name; null for none.</summary>
    public static FireRefusal? FromWire(string? text)
    {
        if (text is null)
        {
            return null;
        }

        foreach (var refusal in Enum.GetValues<FireRefusal>())
        {
            if (ToWire(refusal) == text)
            {
                return refusal;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(text), text, "Unknown fire refusal.");
    }
}
