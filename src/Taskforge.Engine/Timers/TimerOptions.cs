namespace Taskforge.Engine.Timers;

/// <summary>Settings under <c>Taskforge:Timers</c>.</summary>
public sealed class TimerOptions
{
    /// <summary>How long a claimed timer belongs to this node before another may fire it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timers claimed at once; a full batch is followed at once by the next claim.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// How many claimed batches may wait for their instant or commit at once. A full batch claimed ahead waits for its
    /// due instant; the next is claimed and prepared meanwhile, so all of a burst due at one instant commits then.
    /// </summary>
    public int BatchesInFlight { get; set; } = 4;

    /// <summary>
    /// How early a round may claim timers before they are due. Claiming and deciding happen ahead, and the batch
    /// commits at the due instant, so a burst due at one second does not start only once that second has come.
    /// </summary>
    public TimeSpan Lookahead { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest sleep between rounds (timers made on other nodes are seen at the latest after this).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
