using Taskforge.Engine.Schedules;

namespace Taskforge.Storage.Rows;

// A schedule_fires row as both drivers return it, converted to the domain record in one place.
internal sealed class FireRow
{
    public const string Columns = "schedule_id, slot_at, fired_at, run_id, outcome, node, misfire, missed_from, active_run_id, refusal, error";

    public string ScheduleId { get; set; } = "";
    public long SlotAt { get; set; }
    public long FiredAt { get; set; }
    public string? RunId { get; set; }
    public string Outcome { get; set; } = "";
    public string Node { get; set; } = "";
    public string? Misfire { get; set; }
    public long? MissedFrom { get; set; }
    public string? ActiveRunId { get; set; }
    public string? Refusal { get; set; }
    public string? Error { get; set; }

    public ScheduleFire ToFire() => new(ScheduleId, Instants.FromMs(SlotAt), Instants.FromMs(FiredAt), RunId, FireOutcomes.FromWire(Outcome), Node,
        new FireFacts(Misfire, Instants.FromMs(MissedFrom), ActiveRunId, FireRefusals.FromWire(Refusal), Error));

    /// <summary>The parameters of a fire's row, named after its columns (<c>@Misfire</c>, <c>@MissedFrom</c>…).</summary>
    public static object Bind(string node, FireCommand fire)
    {
        var facts = fire.Facts ?? FireFacts.None;
        return new
        {
            fire.Schedule.Id, Slot = Instants.ToMs(fire.Slot), FiredAt = Instants.ToMs(fire.FiredAt), RunId = fire.Run?.Id,
            Outcome = FireOutcomes.ToWire(fire.Outcome), Node = node, facts.Misfire, MissedFrom = Instants.ToMs(facts.MissedFrom), facts.ActiveRunId,
            Refusal = facts.Refusal is { } refusal ? FireRefusals.ToWire(refusal) : null, facts.Error,
        };
    }
}
