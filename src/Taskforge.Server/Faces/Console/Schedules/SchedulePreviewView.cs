using Taskforge.Engine.Errors;
using Taskforge.Engine.Identity;
using Taskforge.Engine.Schedules;
using Taskforge.Engine.Schedules.Recurrence;
using Taskforge.Server.Faces.Console.Forms;

namespace Taskforge.Server.Faces.Console.Schedules;

/// <summary>
/// What the preview panel shows: the engine's next fires with their DST marks, or why there are none yet (the
/// engine's problems with the timing, each named by the form's label).
/// </summary>
public sealed record SchedulePreviewView(FirePreview? Preview, IReadOnlyList<string> Problems)
{
    /// <summary>How many fires a preview shows (the issue asks for the next ten).</summary>
    public const int Count = 10;

    public static SchedulePreviewView None { get; } = new(null, []);

    /// <summary>The preview of a form not saved yet (<c>ScheduleService.PreviewDraft</c>); nothing is stored.</summary>
    public static SchedulePreviewView Draft(ScheduleService schedules, Caller caller, ScheduleForm form)
    {
        var (request, problems) = form.ToRequest();
        try
        {
            var preview = schedules.PreviewDraft(caller, request, Count);
            return problems.Count == 0 ? new SchedulePreviewView(preview, []) : new SchedulePreviewView(null, Describe(problems));
        }
        catch (ValidationException invalid)
        {
            return new SchedulePreviewView(null, Describe(Merge(invalid.Errors, problems)));
        }
    }

    /// <summary>The engine's problems and the form's own, under the engine's field names.</summary>
    public static Dictionary<string, string[]> Merge(IReadOnlyDictionary<string, string[]> engine, IReadOnlyDictionary<string, string[]> form)
    {
        var all = new Dictionary<string, string[]>(engine, StringComparer.Ordinal);
        foreach (var (field, problems) in form)
        {
            all[field] = problems; // The form's reading of a date replaces the engine's "is required" for the same field.
        }

        return all;
    }

    private static List<string> Describe(IReadOnlyDictionary<string, string[]> problems) =>
        [.. problems.SelectMany(p => p.Value.Select(v => $"{Label(p.Key)}: {FormInputs.Sentence(v)}"))];

    private static string Label(string field) => field switch
    {
        "recurrence-cycle" => "Repeats",
        "recurrence-pattern" => "Pattern",
        "cron" => "Cron expression",
        "time-zone" => "Time zone",
        "recurrence-start-date" => "Start",
        "recurrence-end-date" => "End",
        "misfire" => "Misfire policy",
        _ => field,
    };
}
