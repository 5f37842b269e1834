namespace Taskforge.Engine.HumanTasks;

/// <summary>What a <see cref="HtmDuration"/> stands for: a length of time or one of IBM's duration constants.</summary>
public enum HtmDurationKind
{
    /// <summary>A length: ISO 8601 (<c>P1DT2H</c>) or a simple-calendar string (<c>1day 2hours</c>).</summary>
    Finite,

    /// <summary><c>DURATION_INFINITE</c>: the timer never fires (it also cancels a running one).</summary>
    Infinite,

    /// <summary><c>DURATION_IMMEDIATE</c>: due, expired or deleted right away.</summary>
    Immediate,

    /// <summary><c>DURATION_ZERO</c>: a length of nothing.</summary>
    Zero,

    /// <summary><c>DURATION_NOT_USED</c>: the duration is not set; no timer.</summary>
    NotUsed,
}
