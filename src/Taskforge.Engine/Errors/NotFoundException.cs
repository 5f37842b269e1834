namespace Taskforge.Engine.Errors;

/// <summary>The object does not exist, or the caller may not know that it does.</summary>
public sealed class NotFoundException(string kind, string id)
    : TaskforgeException($"{kind} '{id}' was not found.")
{
    public string Kind { get; } = kind;

    public string Id { get; } = id;
}
