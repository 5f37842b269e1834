namespace Taskforge.Engine.HumanTasks.Inbox;

/// <summary>The lists of a person's inbox; each is one of the stored task queries.</summary>
public enum InboxTab
{
    /// <summary>Tasks I may claim (<c>TASKS_CLAIMABLE</c>).</summary>
    Available,

    /// <summary>Tasks claimed by me (<c>TASKS_OWNED</c>).</summary>
    Mine,

    /// <summary>Tasks I created or started (<c>TASKS_INITIATED</c>).</summary>
    Started,

    /// <summary>Every task, for administrators and monitors (<c>TASKS_ALL</c>).</summary>
    All,
}

/// <summary>Orders of an inbox list.</summary>
public enum InboxSort
{
    /// <summary>Highest priority (lowest number) first, then the soonest due.</summary>
    Urgency,

    /// <summary>Soonest due first; tasks without a due time last.</summary>
    Due,

    /// <summary>Waiting longest first (first activated earliest).</summary>
    Waiting,

    /// <summary>Most recently changed first.</summary>
    Recent,
}
