using System.Text.RegularExpressions;

namespace Taskforge.Engine.HumanTasks;

/// <summary>Opaque ids in IBM's style (DESIGN.md "IDs"): tasks <c>_TKI:</c>, templates <c>_TKT:</c> and escalations <c>_ESI:</c>, each + 32 hex digits.</summary>
public static partial class HumanTaskIds
{
    public const string TaskPrefix = "_TKI:";
    public const string TemplatePrefix = "_TKT:";
    public const string EscalationPrefix = "_ESI:";

    /// <summary>A task id that starts with <paramref name="now"/> (<see cref="TimeOrderedIds"/>), so creates append to the task tables' keys.</summary>
    public static string NewTaskId(DateTimeOffset now) => TaskPrefix + TimeOrderedIds.New(now);

    public static string NewTemplateId() => TemplatePrefix + Guid.NewGuid().ToString("N");

    public static string NewEscalationId() => EscalationPrefix + Guid.NewGuid().ToString("N");

    public static bool IsEscalationId(string? id) => id is not null && id.StartsWith(EscalationPrefix, StringComparison.Ordinal) && Hex32().IsMatch(id[EscalationPrefix.Length..]);

    public static bool IsTaskId(string? id) => id is not null && id.StartsWith(TaskPrefix, StringComparison.Ordinal) && Hex32().IsMatch(id[TaskPrefix.Length..]);

    public static bool IsTemplateId(string? id) => id is not null && id.StartsWith(TemplatePrefix, StringComparison.Ordinal) && Hex32().IsMatch(id[TemplatePrefix.Length..]);

    [GeneratedRegex("^[0-9a-fA-F]{32}$")]
    private static partial Regex Hex32();
}
