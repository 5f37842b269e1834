using System.Security.Cryptography;
using System.Text;

namespace Taskforge.Engine.Workflows.Definitions;

/// <summary>
/// A category of workflows (vRO's <c>WorkflowCategory</c>): the workflows whose definitions name it. A category exists
/// only through its workflows, so its <see cref="Id"/> is derived from its name: the same on every node and after a
/// restart, and the same again if its last workflow goes and another one names it later.
/// </summary>
public sealed record WorkflowCategory(string Id, string Name, IReadOnlyList<WorkflowView> Workflows)
{
    /// <summary>The category a definition names, or null (none, or only blanks).</summary>
    public static string? NameOf(WorkflowDefinition definition) => string.IsNullOrWhiteSpace(definition.Category) ? null : definition.Category;

    /// <summary>32 hex digits, like vRO's own ids: the first half of the SHA-256 of the name (case and spelling count).</summary>
    public static string IdOf(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16));
}
