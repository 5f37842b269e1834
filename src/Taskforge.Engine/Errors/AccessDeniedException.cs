namespace Taskforge.Engine.Errors;

/// <summary>The caller is known but not allowed to perform the action.</summary>
public sealed class AccessDeniedException(string action)
    : TaskforgeException($"You are not allowed to {action}.")
{
    public string Action { get; } = action;
}
