using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Html;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Lifecycle;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Engine.Workflows.Runs;

namespace Taskforge.Server.Faces.Console;

/// <summary>How the console words and draws the engine's values: states as badges, events as sentences, instants as times.</summary>
public static class ConsoleFormat
{
    /// <summary>
    /// An instant as a <c>&lt;time&gt;</c>: UTC text for readers without script; the console's script shows it in the
    /// browser's zone and language (relatively, "in 3 hours", when <paramref name="relative"/>).
    /// </summary>
    public static IHtmlContent Time(DateTimeOffset? instant, bool relative = false)
    {
        if (instant is not { } at)
        {
            return new HtmlString("—");
        }

        var iso = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var text = at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
        return new HtmlString($"<time datetime=\"{iso}\" {(relative ? "data-relative" : "data-local")} title=\"{text}\">{text}</time>");
    }

    public static string StateLabel(TaskState state) => state switch
    {
        TaskState.Inactive => "Not started",
        TaskState.Ready => "Ready",
        TaskState.Running => "Running",
        TaskState.Claimed => "Claimed",
        TaskState.Finished => "Finished",
        TaskState.Failed => "Failed",
        TaskState.Terminated => "Terminated",
        TaskState.Expired => "Expired",
        TaskState.Skipped => "Skipped",
        TaskState.Stopped => "Stopped",
        TaskState.Forwarded => "Forwarded",
        _ => state.ToString(),
    };

    /// <summary>The state badge and the substate badges (suspended, escalated, waiting for subtasks).</summary>
    public static IHtmlContent Badges(HumanTask task)
    {
        var html = $"<span class=\"badges\"><span class=\"badge badge-{task.State.ToString().ToLowerInvariant()}\">{StateLabel(task.State)}</span>";
        if (task.IsSuspended)
        {
            html += "<span class=\"badge badge-suspended\">Suspended</span>";
        }

        if (task.IsEscalated)
        {
            html += "<span class=\"badge badge-escalated\">Escalated</span>";
        }

        if (task.IsWaitingForSubTask)
        {
            html += "<span class=\"badge badge-waiting\">Waiting for subtasks</span>";
        }

        return new HtmlString(html + "</span>");
    }

    /// <summary>A run's state as a badge.</summary>
    public static IHtmlContent RunBadge(RunState state) =>
        new HtmlString($"<span class=\"badge badge-run-{RunStates.ToWire(state)}\">{RunStateLabel(state)}</span>");

    public static string RunStateLabel(RunState state) => state switch
    {
        RunState.Running => "Running",
        RunState.Waiting => "Waiting",
        RunState.WaitingSignal => "Waiting for a signal",
        RunState.Completed => "Completed",
        RunState.Failed => "Failed",
        _ => "Canceled",
    };

    /// <summary>
    /// The last characters of a long generated id, enough to tell runs apart on a page (the whole id is in the link). The
    /// last, not the first: ids are time-ordered (<see cref="Taskforge.Engine.TimeOrderedIds"/>), so runs made in the same
    /// minute share their first eight characters and differ in their random tail.
    /// </summary>
    public static string ShortId(string id) => id.Length > 8 ? id[^8..] : id;

    /// <summary>A duration as people say it: "850 ms", "12.4 s", "3 min 20 s", "2 h 5 min", "3 d 4 h".</summary>
    public static string Duration(TimeSpan? span)
    {
        if (span is not { } d)
        {
            return "—";
        }

        return d.TotalSeconds < 1 ? $"{d.TotalMilliseconds:0} ms"
            : d.TotalMinutes < 1 ? $"{d.TotalSeconds:0.#} s"
            : d.TotalHours < 1 ? $"{(int)d.TotalMinutes} min {d.Seconds} s"
            : d.TotalDays < 1 ? $"{(int)d.TotalHours} h {d.Minutes} min"
            : $"{(int)d.TotalDays} d {d.Hours} h";
    }

    /// <summary>IBM's event names as words: <c>TASK_CLAIMED</c> → "Claimed", <c>TASK_WORKITEM_TRANSFERRED</c> → "Work item transferred".</summary>
    public static string EventLabel(string name)
    {
        var words = (name.StartsWith("TASK_", StringComparison.Ordinal) ? name[5..] : name).Replace('_', ' ').ToLowerInvariant();
        return words.Length == 0 ? name : char.ToUpperInvariant(words[0]) + words[1..];
    }

    public static string RoleLabel(TaskRole role) => role switch
    {
        TaskRole.PotentialOwner => "Potential owner",
        TaskRole.PotentialStarter => "Potential starter",
        TaskRole.PotentialInstanceCreator => "May create",
        TaskRole.EscalationReceiver => "Escalation receiver",
        _ => role.ToString(),
    };

    public static string Principal(WorkItem item) => item.Kind switch
    {
        WorkItemKind.Everybody => "everybody",
        WorkItemKind.Group => "group " + item.Principal,
        _ => item.Principal,
    };

    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>
    /// A line telling tasks of one template apart in a list: the first few simple values of the input ("Employee olga ·
    /// Amount 31"), as plain text for the page to escape. Empty when the task has no input.
    /// </summary>
    public static string Summary(TaskView view, int values = 3)
    {
        if (view.Template.Template.Input is not { } type || view.Task.Input is not { } input)
        {
            return "";
        }

        try
        {
            return string.Join(" · ", Forms.MessageForm.Build(type, Engine.HumanTasks.Messages.BusinessData.ReadStored(input, type), null)
                .OfType<Forms.ValueNode>().Where(v => v.Value.Length > 0).Take(values)
                .Select(v => $"{v.Label} {(v.Value.Length > 40 ? v.Value[..40] + "…" : v.Value)}"));
        }
        catch (Engine.Errors.ValidationException)
        {
            // Stored before its template's type was tightened, say: the list shows the task without a summary.
            return "";
        }
    }
}
