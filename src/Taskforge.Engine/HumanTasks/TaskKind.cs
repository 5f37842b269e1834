namespace Taskforge.Engine.HumanTasks;

/// <summary>The four task kinds; values are IBM's <c>KIND_*</c> integers (ibm-bpm-htm.md §4.1) so storage matches the views.</summary>
public enum TaskKind
{
    /// <summary>Person to person, <c>KIND_HUMAN</c>.</summary>
    Collaboration = 101,

    /// <summary>Person to computer: a person starts it and it invokes a workflow, <c>KIND_ORIGINATING</c>.</summary>
    Invocation = 103,

    /// <summary>Computer to person, the common case, <c>KIND_PARTICIPATING</c>.</summary>
    ToDo = 105,

    /// <summary>Created and started by the engine to administer something, <c>KIND_ADMINISTRATIVE</c>.</summary>
    Administration = 106,
}
