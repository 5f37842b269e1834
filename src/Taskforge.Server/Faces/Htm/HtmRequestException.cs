using Taskforge.Engine.HumanTasks;

namespace Taskforge.Server.Faces.Htm;

/// <summary>
/// A request the IBM face itself refuses, in IBM's terms (a parameter missing or not supported, a body without what
/// it needs, a call whose task ended without an answer): it carries its <c>CWTKA…</c> number, which <see cref="HtmErrors"/>
/// renders as it is. What the engine refuses comes as the engine's own errors instead.
/// </summary>
public sealed class HtmRequestException(TaskRuleKind kind, string errorNumber, string message, params string[] parameters) : Exception(message)
{
    public TaskRuleKind Kind { get; } = kind;

    public string ErrorNumber { get; } = errorNumber;

    public IReadOnlyList<string> Parameters { get; } = parameters;
}
