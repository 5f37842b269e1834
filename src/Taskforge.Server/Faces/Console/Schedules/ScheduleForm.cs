using System.Globalization;
using Microsoft.Extensions.Primitives;
using Taskforge.Engine.Schedules;
using Taskforge.Server.Faces.Console.Forms;

namespace Taskforge.Server.Faces.Console.Schedules;

/// <summary>
/// A schedule's form as the person has it, and the <see cref="ScheduleRequest"/> it stands for. The timing fields are
/// read the same way from a post (save, or preview without script) and from the query of the preview fragment. The
/// engine judges every value; the form only puts the zone picked into a vRO pattern's <c>(Area/City) </c> prefix, so
/// vRO clients reading the schedule see its zone as vRO writes it, and turns the date inputs (UTC) into instants.
/// </summary>
public sealed record ScheduleForm
{
    /// <summary>The misfire choice that takes a window (<c>fire-all:PT1H</c>).</summary>
    public const string FireAll = "fire-all";

    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public string Workflow { get; init; } = "";
    public string Cycle { get; init; } = "every-days";
    public string Pattern { get; init; } = "";
    public string Cron { get; init; } = "";
    public string Zone { get; init; } = "";
    public string Start { get; init; } = "";
    public string End { get; init; } = "";
    public string Misfire { get; init; } = "skip";
    public string Window { get; init; } = "PT1H";
    public string Overlap { get; init; } = "allow";

    public bool IsCron => Cycle == ScheduleTiming.Cron;

    /// <summary>The engine's name for a field of this form, as its validation errors use it.</summary>
    public static string ErrorKey(string field) => field switch
    {
        "cycle" => "recurrence-cycle",
        "pattern" => "recurrence-pattern",
        "zone" => "time-zone",
        "start" => "recurrence-start-date",
        "end" => "recurrence-end-date",
        "window" => "misfire",
        _ => field,
    };

    /// <summary>The form's own fields, whose problems are shown beside them (the rest go on top).</summary>
    public static readonly string[] Fields = ["name", "description", "workflow", "cycle", "pattern", "cron", "zone", "start", "end", "misfire", "overlap"];

    public static ScheduleForm New(DateTimeOffset now, string zone, string? workflow) => new()
    {
        Workflow = workflow ?? "",
        // Something that reads, so the preview shows fires from the first look rather than a problem.
        Pattern = "09:00",
        Zone = zone,
        Start = FormInputs.LocalInputFromUtc(new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture)) ?? "",
    };

    /// <summary>The form of a saved schedule: a pattern's zone prefix shown in the zone picker, the entries apart.</summary>
    public static ScheduleForm For(Schedule schedule)
    {
        var (zone, entries) = SplitZone(schedule.Pattern ?? "");
        var misfire = schedule.Misfire;
        var window = misfire.StartsWith(FireAll + ":", StringComparison.Ordinal) ? misfire[(FireAll.Length + 1)..] : "PT1H";
        return new ScheduleForm
        {
            Name = schedule.Name,
            Description = schedule.Description ?? "",
            Workflow = schedule.WorkflowId,
            Cycle = schedule.Cycle,
            Pattern = entries,
            Cron = schedule.Cron ?? "",
            Zone = zone ?? schedule.TimeZone ?? "",
            Start = FormInputs.LocalInputFromUtc(schedule.StartAt.ToString("O", CultureInfo.InvariantCulture)) ?? "",
            End = schedule.EndAt is { } end ? FormInputs.LocalInputFromUtc(end.ToString("O", CultureInfo.InvariantCulture)) ?? "" : "",
            Misfire = misfire.StartsWith(FireAll + ":", StringComparison.Ordinal) ? FireAll : misfire,
            Window = window,
            Overlap = OverlapPolicies.ToWire(schedule.Overlap),
        };
    }

    /// <summary>The fields as posted, or as the preview fragment's query carries them.</summary>
    public static ScheduleForm Read(Func<string, StringValues> field)
    {
        string Text(string name) => field(name) is { Count: > 0 } values ? values[^1] ?? "" : "";
        return new ScheduleForm
        {
            Name = Text("name"), Description = Text("description"), Workflow = Text("workflow"), Cycle = Text("cycle").Trim(), Pattern = Text("pattern"),
            Cron = Text("cron"), Zone = Text("zone").Trim(), Start = Text("start").Trim(), End = Text("end").Trim(),
            Misfire = Text("misfire").Trim(), Window = Text("window").Trim(), Overlap = Text("overlap").Trim(),
        };
    }

    /// <summary>
    /// The timing as the engine takes it, with the problems the form itself found (a date that is no date): those are
    /// reported with the engine's, under the engine's field names.
    /// </summary>
    public (ScheduleRequest Request, Dictionary<string, string[]> Problems) ToRequest()
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var entries = Pattern.Trim();
        var zone = Zone.Length == 0 ? null : Zone;
        var request = new ScheduleRequest
        {
            Name = Name.Trim(),
            Description = Description.Trim(),
            WorkflowId = Workflow.Length == 0 ? null : Workflow,
            Cycle = Cycle,
            Cron = IsCron ? Cron.Trim() : null,
            // A pattern that names its own zone is sent as typed; otherwise the zone picked becomes its prefix.
            Pattern = IsCron ? null : zone is null || entries.StartsWith('(') ? entries : $"({zone}) {entries}{(entries.Length == 0 || entries.EndsWith(',') ? "" : ",")}",
            TimeZone = zone,
            StartAt = Instant(Start, "recurrence-start-date", problems),
            EndAt = Instant(End, "recurrence-end-date", problems),
            Misfire = Misfire == FireAll ? $"{FireAll}:{Window}" : Misfire,
            Overlap = Overlap,
        };
        return (request, problems);
    }

    /// <summary>Whether the recurrence itself (cycle, pattern, cron, zone) differs from <paramref name="saved"/>'s.</summary>
    public bool RetimedFrom(ScheduleForm saved) =>
        Cycle != saved.Cycle || Pattern.Trim() != saved.Pattern || Cron.Trim() != saved.Cron || Zone != saved.Zone;

    private static DateTimeOffset? Instant(string text, string field, Dictionary<string, string[]> problems)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (FormInputs.UtcFromLocalInput(text) is { } utc)
        {
            return DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        }

        problems[field] = [$"'{text}' is not a date and time; pick one, or type it as 2027-03-10T09:00."];
        return null;
    }

    // "(Europe/Zurich) 01:00:00,19:30:00," → ("Europe/Zurich", "01:00:00,19:30:00"): the prefix goes to the zone picker.
    private static (string? Zone, string Entries) SplitZone(string pattern)
    {
        var text = pattern.Trim();
        var close = text.IndexOf(')', StringComparison.Ordinal);
        var (zone, rest) = text.StartsWith('(') && close > 0 ? (text[1..close].Trim(), text[(close + 1)..]) : (null, text);
        return (zone, rest.Trim().TrimEnd(',').Trim());
    }
}
