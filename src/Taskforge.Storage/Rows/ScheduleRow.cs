using Taskforge.Engine.Schedules;
using Taskforge.Engine.Schedules.Recurrence;

namespace Taskforge.Storage.Rows;

// A schedules row as both drivers return it, converted to the domain record in one place.
internal sealed class ScheduleRow
{
    public const string Columns = """
        id, name, description, workflow_id, inputs, parameters, cycle, pattern, cron, time_zone, start_at, end_at, start_mode, misfire, overlap,
        state, pause_reason, error, user_name, permissions, next_fire_at, next_slot_at, last_slot_at, running_run_id, created_at, updated_at, version
        """;

    public const string Values = """
        @Id, @Name, @Description, @WorkflowId, @Inputs, @Parameters, @Cycle, @Pattern, @Cron, @TimeZone, @StartAt, @EndAt, @StartMode, @Misfire, @Overlap,
        @State, @PauseReason, @Error, @UserName, @Permissions, @NextFireAt, @NextSlotAt, @LastSlotAt, @RunningRunId, @CreatedAt, @UpdatedAt, @Version
        """;

    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public string WorkflowId { get; set; } = "";
    public string Inputs { get; set; } = "{}";
    public string Parameters { get; set; } = "[]";
    public string Cycle { get; set; } = "";
    public string? Pattern { get; set; }
    public string? Cron { get; set; }
    public string? TimeZone { get; set; }
    public long StartAt { get; set; }
    public long? EndAt { get; set; }
    public string StartMode { get; set; } = "";
    public string Misfire { get; set; } = "";
    public string Overlap { get; set; } = "";
    public string State { get; set; } = "";
    public string? PauseReason { get; set; }
    public string? Error { get; set; }
    public string UserName { get; set; } = "";
    public string Permissions { get; set; } = "[]";
    public long? NextFireAt { get; set; }
    public long? NextSlotAt { get; set; }
    public long? LastSlotAt { get; set; }
    public string? RunningRunId { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long Version { get; set; }

    public Schedule ToSchedule() => new(Id, Name, Description, WorkflowId, Inputs, Parameters, Cycle, Pattern, Cron, TimeZone,
        Instants.FromMs(StartAt), Instants.FromMs(EndAt), StartModes.FromWire(StartMode), Misfire, OverlapPolicies.FromWire(Overlap), ScheduleStates.FromWire(State), PauseReason,
        Error, UserName, Permissions, Instants.FromMs(NextFireAt), Instants.FromMs(NextSlotAt), Instants.FromMs(LastSlotAt), RunningRunId,
        Instants.FromMs(CreatedAt), Instants.FromMs(UpdatedAt), Version);

    public static object Bind(Schedule s) => new
    {
        s.Id, s.Name, s.Description, s.WorkflowId, s.Inputs, s.Parameters, s.Cycle, s.Pattern, s.Cron, s.TimeZone, StartAt = Instants.ToMs(s.StartAt),
        EndAt = Instants.ToMs(s.EndAt), StartMode = StartModes.ToWire(s.StartMode), s.Misfire, Overlap = OverlapPolicies.ToWire(s.Overlap), State = ScheduleStates.ToWire(s.State),
        s.PauseReason, s.Error, s.UserName, s.Permissions, NextFireAt = Instants.ToMs(s.NextFireAt), NextSlotAt = Instants.ToMs(s.NextSlotAt),
        LastSlotAt = Instants.ToMs(s.LastSlotAt), s.RunningRunId, CreatedAt = Instants.ToMs(s.CreatedAt), UpdatedAt = Instants.ToMs(s.UpdatedAt), s.Version,
    };
}
