namespace Taskforge.Engine.HumanTasks;

/// <summary>Lets definitions spell choices as <c>to-do</c>, <c>TO_DO</c> or <c>toDo</c>: all compare as <c>TODO</c>.</summary>
internal static class Names
{
    public static string Normalize(string? text) =>
        (text ?? "").Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal)
            .Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
}
