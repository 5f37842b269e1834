namespace Taskforge.Engine.HumanTasks;

/// <summary>
/// Task roles (ibm-bpm-htm.md §6.1). Values are IBM's work-item <c>REASON_*</c> numbers (§4.3), because every role
/// membership becomes a work item with that reason.
/// </summary>
public enum TaskRole
{
    PotentialOwner = 1,
    Editor = 2,
    Reader = 3,
    Owner = 4,
    PotentialStarter = 5,
    Starter = 6,
    Administrator = 7,
    Originator = 9,
    EscalationReceiver = 10,
    PotentialInstanceCreator = 11,
}
