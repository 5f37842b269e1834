using System.Net;
using System.Net.Http.Json;
using Taskforge.Tests.Server;
using Taskforge.Tests.Support;

namespace Taskforge.Tests.Console;

/// <summary>
/// What the schedule tests add to the console's world (<see cref="WorkflowWorldFixture"/>): <c>report</c>, a workflow
/// whose run waits ten minutes (so a schedule that fires again meanwhile overlaps it), which olga may run and rita only
/// view; and schedules made through the native API, for tests about what the console shows of them.
/// </summary>
public static class ScheduleWorld
{
    public const string ReportId = "report";

    public const string Report = """
        {"name": "Nightly report", "category": "Reports", "description": "Gathers the day's numbers, then waits for the warehouse to settle.",
         "input-parameters": [{"name": "recipients", "type": "string", "description": "Who gets the report"}],
         "permissions": {"olga": "rx", "rita": "r"},
         "steps": [{"id": "settle", "type": "wait", "name": "Let the warehouse settle", "duration": "PT10M"}, {"id": "done", "type": "end", "name": "Done"}]}
        """;

    public static Task SaveReportAsync(WorkflowWorldFixture world) => world.SaveAsync(ReportId, Report);

    /// <summary>A schedule of <c>report</c> made by olga through the native API; returns its id.</summary>
    public static async Task<string> ScheduleAsync(WorkflowWorldFixture world, object body)
    {
        using var olga = world.Server.As("olga", HtmWorld.Password("olga"));
        var created = await olga.PostAsJsonAsync("api/v1/schedules", body, TestContext.Current.CancellationToken).JsonAsync(HttpStatusCode.Created);
        return created!["id"]!.GetValue<string>();
    }

    /// <summary>A daily schedule at 03:00 UTC, starting now.</summary>
    public static Task<string> DailyAsync(WorkflowWorldFixture world, string name) =>
        ScheduleAsync(world, new { name, workflow = ReportId, cycle = "every-days", pattern = "(UTC) 03:00:00,", start = DateTimeOffset.UtcNow });

    /// <summary>The second Sunday of March of <paramref name="year"/>: when clocks in New York go forward.</summary>
    public static DateOnly SpringForward(int year)
    {
        var day = new DateOnly(year, 3, 1);
        while (day.DayOfWeek != DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        return day.AddDays(7);
    }
}
