using System.Text;
using Taskforge.Engine.Schedules;

namespace Taskforge.Storage.Rows;

/// <summary>
/// The engine's rules for a schedule's state (<see cref="ScheduleProgress"/>) as SQL over a schedules row, written out
/// once from the rules themselves, so the database applies them to the row as it is at commit: whether a run is still
/// going is certain only there. Each text is built once, when the store's statements are.
/// </summary>
internal static class ScheduleStateSql
{
    /// <summary><see cref="ScheduleProgress.Settled"/> of the row's <c>state</c>; <paramref name="hasNextFire"/> is an SQL condition.</summary>
    public static string Settled(string hasNextFire) => Case(ScheduleProgress.Settled, hasNextFire);

    /// <summary><see cref="ScheduleProgress.AfterFire"/> of <paramref name="outcome"/> (an SQL expression of a stored outcome): the state a fire sets by itself, or NULL.</summary>
    public static string AfterFire(string outcome) =>
        $"CASE {outcome}" + string.Concat(Enum.GetValues<FireOutcome>().Where(o => ScheduleProgress.AfterFire(o) is not null)
            .Select(o => $" WHEN '{FireOutcomes.ToWire(o)}' THEN '{ScheduleStates.ToWire(ScheduleProgress.AfterFire(o)!.Value)}'")) + " END";

    /// <summary><see cref="ScheduleProgress.AfterRunEnded"/> of the row's <c>state</c>; <paramref name="hasNextFire"/> is an SQL condition.</summary>
    public static string AfterRunEnded(string hasNextFire) => Case(ScheduleProgress.AfterRunEnded, hasNextFire);

    // CASE state WHEN 'running' THEN … END: only the states the rule moves are listed; the others stay as they are.
    private static string Case(Func<ScheduleState, bool, ScheduleState> rule, string hasNextFire)
    {
        var sql = new StringBuilder("CASE state");
        foreach (var state in Enum.GetValues<ScheduleState>())
        {
            var (ahead, none) = (rule(state, true), rule(state, false));
            if (ahead == state && none == state)
            {
                continue;
            }

            sql.Append(" WHEN '").Append(ScheduleStates.ToWire(state)).Append("' THEN ").Append(ahead == none
                ? $"'{ScheduleStates.ToWire(ahead)}'"
                : $"CASE WHEN {hasNextFire} THEN '{ScheduleStates.ToWire(ahead)}' ELSE '{ScheduleStates.ToWire(none)}' END");
        }

        return sql.Append(" ELSE state END").ToString();
    }
}
