using System.Text.RegularExpressions;

namespace Taskforge.Engine.HumanTasks;

/// <summary>Opaque ids in IBM's style (DESIGN.md "IDs"): tasks <c>_TKI:</c> and templates <c>_TKT:</c>, each + 32 hex digits.</summary>
public static partial class HumanTaskIds
{
    public const string TaskPrefix = "_TKI:";
    public const string TemplatePrefix = "_TKT:";

    public static string NewTaskId() => TaskPrefix + Guid.NewGuid().ToString("N");

    public static string NewTemplateId() => TemplatePrefix + Guid.NewGuid().ToString("N");

    public static bool IsTaskId(string? id) => id is not null && id.StartsWith(TaskPrefix, StringComparison.Ordinal) && Hex32().IsMatch(id[TaskPrefix.Length..]);

    public static bool IsTemplateId(string? id) => id is not null && id.StartsWith(TemplatePrefix, StringComparison.Ordinal) && Hex32().IsMatch(id[TemplatePrefix.Length..]);

    [GeneratedRegex("^[0-9a-fA-F]{32}$")]
    private static partial Regex Hex32();
}
