namespace Taskforge.Engine.Identity;

/// <summary>A named set of users, used in workflow permissions and task role assignments.</summary>
public sealed record Group(string Id, string Name, string? Description, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
