namespace Taskforge.Engine.HumanTasks;

/// <summary>Names of <see cref="TaskKind"/>: ours (<c>to-do</c>) for definitions, IBM's (<c>KIND_PARTICIPATING</c>) for the wire.</summary>
public static class TaskKinds
{
    public static string ToIbm(TaskKind kind) => kind switch
    {
        TaskKind.Collaboration => "KIND_HUMAN",
        TaskKind.Invocation => "KIND_ORIGINATING",
        TaskKind.ToDo => "KIND_PARTICIPATING",
        TaskKind.Administration => "KIND_ADMINISTRATIVE",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string ToName(TaskKind kind) => kind switch
    {
        TaskKind.Collaboration => "collaboration",
        TaskKind.Invocation => "invocation",
        TaskKind.ToDo => "to-do",
        TaskKind.Administration => "administration",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Subtasks and follow-on tasks are collaboration or invocation tasks (ibm-bpm-htm.md §5.3); to-do and administration tasks stand alone.</summary>
    public static bool MayJoinHierarchy(TaskKind kind) => kind is TaskKind.Collaboration or TaskKind.Invocation;

    /// <summary>Accepts our names (<c>to-do</c>, <c>todo</c>) and IBM's constants, any case.</summary>
    public static bool TryParse(string? text, out TaskKind kind)
    {
        TaskKind? found = Names.Normalize(text) switch
        {
            "TODO" or "PARTICIPATING" or "KINDPARTICIPATING" => TaskKind.ToDo,
            "COLLABORATION" or "HUMAN" or "KINDHUMAN" => TaskKind.Collaboration,
            "INVOCATION" or "ORIGINATING" or "KINDORIGINATING" => TaskKind.Invocation,
            "ADMINISTRATION" or "ADMINISTRATIVE" or "KINDADMINISTRATIVE" => TaskKind.Administration,
            _ => null,
        };
        kind = found ?? default;
        return found is not null;
    }
}
