using static Taskforge.Engine.Schedules.ScheduleState;

namespace Taskforge.Engine.Schedules;

/// <summary>
/// Where a schedule's state goes by itself, and so when a schedule is finished: after its timing is planned (created,
/// retimed, resumed), after a fire, and after the run a fire started has ended. The store writes the last two out as
/// SQL from these very rules (<c>ScheduleStateSql</c>), because what they turn on, whether a run of the schedule is
/// still going, is only certain inside the commit: a run may end between the read a fire decides on and its commit.
/// </summary>
public static class ScheduleProgress
{
    /// <summary>
    /// A schedule that could still fire (pending or running) with no fire left and no run going is finished; any
    /// other stays as it is.
    /// </summary>
    public static ScheduleState Settled(ScheduleState state, bool hasNextFire) =>
        !hasNextFire && state is Pending or Running ? Finished : state;

    /// <summary>The state a fire sets by itself, whatever the schedule was in; null when the schedule settles (<see cref="Settled"/>).</summary>
    public static ScheduleState? AfterFire(FireOutcome outcome) => outcome switch
    {
        FireOutcome.Started => Running,
        FireOutcome.Refused => Error,
        _ => null,
    };

    /// <summary>The run a schedule started has ended: a running schedule returns to pending, or is finished with no fire left.</summary>
    public static ScheduleState AfterRunEnded(ScheduleState state, bool hasNextFire) =>
        state == Running ? Settled(Pending, hasNextFire) : state;

    /// <summary>
    /// The timing was planned anew: with a fire ahead a finished schedule is pending again; with none, it is finished
    /// unless a run is still going.
    /// </summary>
    public static ScheduleState AfterPlanning(ScheduleState state, bool hasNextFire, bool runGoing) =>
        hasNextFire ? (state == Finished ? Pending : state)
        : runGoing ? state
        : Finished;
}
