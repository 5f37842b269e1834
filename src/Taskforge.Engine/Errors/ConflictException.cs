namespace Taskforge.Engine.Errors;

/// <summary>The current state of an object does not allow the action (already exists, wrong state, last administrator...).</summary>
public sealed class ConflictException(string message) : TaskforgeException(message);
