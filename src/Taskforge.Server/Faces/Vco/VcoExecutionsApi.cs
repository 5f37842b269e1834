using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Taskforge.Engine.Errors;
using Taskforge.Engine.Workflows;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Engine.Workflows.Runs;
using Taskforge.Engine.Workflows.Scripting;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Vco;

/// <summary>
/// Workflow executions as vRO clients drive them (vro.md §2.3, §3.5, §3.6): start (202 + Location ending in '/'
/// + a body with id and state), list, read, state, cancel, delete, logs and syslogs.
/// </summary>
public static class VcoExecutionsApi
{
    public static RouteGroupBuilder MapVcoExecutions(this RouteGroupBuilder vco)
    {
        vco.MapPost("/workflows/{id}/executions", async (HttpContext context, WorkflowService workflows, RunService runs, VcoBody body, Hrefs hrefs, string id) =>
        {
            var caller = context.Caller();
            var definition = (await workflows.GetAsync(caller, id, null, context.RequestAborted)).Definition;
            var (inputs, rejected) = ReadInputs(definition, await body.ReadAsync(context));
            var run = await runs.StartAsync(caller, id, inputs, context.RequestAborted, rejected);
            var href = ExecutionHref(context, hrefs, id, run.Id);
            context.Response.Headers.Location = href;
            return Results.Json(Detail(context, hrefs, definition, run), WireJson.Options, statusCode: StatusCodes.Status202Accepted);
        });

        vco.MapGet("/workflows/{id}/executions", async (HttpContext context, WorkflowService workflows, RunService runs, Hrefs hrefs, string id) =>
        {
            var caller = context.Caller();
            var definition = (await workflows.GetAsync(caller, id, null, context.RequestAborted)).Definition;
            var query = VcoListQuery.From(context.Request.Query);
            var list = await runs.ListAsync(caller, id, 0, 1000, context.RequestAborted);
            var items = list.Select(r => (ExecutionHref(context, hrefs, id, r.Id), (IReadOnlyList<VcoNameValue>)
            [
                new("id", r.Id),
                new("startDate", Date(r.CreatedAt)),
                new("endDate", r.EndedAt is { } end ? Date(end) : null),
                new("startedBy", r.StartedBy),
                new("state", RunStates.ToWire(r.State)),
                new("name", definition.Name),
                new("currentItemDisplayName", StepName(definition, r.CurrentStep)),
            ]));
            var page = query.Apply(items);
            var workflowHref = hrefs.To(context, $"{FaceRoots.VcoRoot}/workflows/{Uri.EscapeDataString(id)}/");
            VcoLink[] links = [new(workflowHref, "up"), new(workflowHref + "executions/", "add"), .. page.Link];
            return Results.Json(new { relations = new { total = page.Total, start = page.Start, startIndex = page.StartIndex, count = page.Count, link = links } }, WireJson.Options);
        });

        vco.MapGet("/workflows/{id}/executions/{executionId}", async (HttpContext context, WorkflowService workflows, RunService runs, Hrefs hrefs, string id, string executionId) =>
        {
            var caller = context.Caller();
            var run = await runs.GetAsync(caller, id, executionId, context.RequestAborted);
            var definition = (await workflows.GetAsync(caller, id, run.WorkflowRevision, context.RequestAborted)).Definition;
            return Results.Json(Detail(context, hrefs, definition, run), WireJson.Options);
        });

        vco.MapGet("/workflows/{id}/executions/{executionId}/state", async (HttpContext context, RunService runs, string id, string executionId) =>
            Results.Json(new { value = RunStates.ToWire((await runs.GetAsync(context.Caller(), id, executionId, context.RequestAborted)).State) }, WireJson.Options));

        vco.MapDelete("/workflows/{id}/executions/{executionId}/state", async (HttpContext context, RunService runs, string id, string executionId) =>
        {
            await runs.CancelAsync(context.Caller(), id, executionId, context.RequestAborted);
            return Results.NoContent();
        });

        vco.MapDelete("/workflows/{id}/executions/{executionId}", async (HttpContext context, RunService runs, string id, string executionId) =>
        {
            await runs.DeleteAsync(context.Caller(), id, executionId, context.RequestAborted);
            return Results.NoContent();
        });

        vco.MapGet("/workflows/{id}/executions/{executionId}/logs", async (HttpContext context, RunService runs, string id, string executionId, int? maxResult) =>
        {
            var logs = await runs.LogsAsync(context.Caller(), id, executionId, maxResult ?? 10_000, context.RequestAborted);
            return Results.Json(new { logs = logs.Select(l => new { entry = Entry(l) }).ToList() }, WireJson.Options);
        });

        vco.MapGet("/workflows/{id}/executions/{executionId}/syslogs", async (HttpContext context, RunService runs, string id, string executionId) =>
        {
            var conditions = VcoListQuery.From(context.Request.Query).Conditions;
            var logs = await runs.LogsAsync(context.Caller(), id, executionId, 100_000, context.RequestAborted);
            return Syslogs(logs.Where(l => conditions.All(c => SyslogMatches(l, c))));
        });

        // vRO 7.5 and older (and vRDT and Build Tools against them) post {"severity":"info","older-than":<epoch ms>}: despite
        // its name, older-than asks for the lines stamped after it (0 at first, then the last stamp the client printed),
        // of that severity and above (vro.md §2.3).
        vco.MapPost("/workflows/{id}/executions/{executionId}/syslogs", async (HttpContext context, RunService runs, VcoBody body, string id, string executionId) =>
        {
            var (after, minimum) = ReadSyslogQuery(await body.ReadAsync(context));
            return Syslogs(await runs.LogsAfterAsync(context.Caller(), id, executionId, after, minimum, context.RequestAborted));
        });

        return vco;
    }

    private static IResult Syslogs(IEnumerable<RunLogEntry> logs) => Results.Json(new
    {
        logs = logs.Select(l => new
        {
            entry = new
            {
                origin = l.Origin, severity = Severity(l), timeStamp = Date(l.Time), timeStampVal = l.Time.ToUnixTimeMilliseconds(),
                shortDescription = l.Message, longDescription = l.Message, user = l.User,
            },
        }).ToList(),
    }, SyslogJson);

    /// <returns>The instant after which lines are wanted (none: all), and the lowest severity wanted (none given: all).</returns>
    private static (DateTimeOffset? After, LogSeverity Minimum) ReadSyslogQuery(JsonNode? body)
    {
        var errors = new ValidationErrors();
        var json = body as JsonObject;
        if (body is not null && json is null)
        {
            errors.Add("body", "must be an object: {\"severity\":\"info\",\"older-than\":<epoch milliseconds>}.");
        }

        var minimum = LogSeverity.Debug;
        if (json?["severity"] is { } severity && !LogSeverities.TryFromWire(severity.ToString(), out minimum))
        {
            errors.Add("severity", $"'{severity}' is not a severity; use debug, info, warning or error.");
        }

        DateTimeOffset? after = null;
        if (json?["older-than"] is { } olderThan)
        {
            if (long.TryParse(olderThan.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
            {
                after = DateTimeOffset.FromUnixTimeMilliseconds(
                    Math.Clamp(ms, DateTimeOffset.MinValue.ToUnixTimeMilliseconds(), DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()));
            }
            else
            {
                errors.Add("older-than", $"'{olderThan}' is not a time-stamp; use epoch milliseconds (0 for every line).");
            }
        }

        errors.ThrowIfAny();
        return (after, minimum);
    }

    // severity and origin by equality; timestamp (VRDT sends conditions=timestamp>epoch-ms) by comparison; others are ignored.
    private static bool SyslogMatches(RunLogEntry entry, (string Name, char Op, string Value) condition)
    {
        var value = condition.Name.ToUpperInvariant() switch
        {
            "SEVERITY" => Severity(entry),
            "ORIGIN" => entry.Origin,
            "TIMESTAMP" or "TIME-STAMP" or "TIME-STAMP-VAL" => entry.Time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
        return value is null || condition.Op switch
        {
            '=' => value.Equals(condition.Value, StringComparison.OrdinalIgnoreCase),
            '~' => value.Contains(condition.Value, StringComparison.OrdinalIgnoreCase),
            '>' => VcoListQuery.Compare(value, condition.Value) > 0,
            _ => VcoListQuery.Compare(value, condition.Value) < 0,
        };
    }

    private static readonly System.Text.Json.JsonSerializerOptions SyslogJson = new(WireJson.Options) { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.KebabCaseLower };

    /// <returns>The decoded inputs, and those that could not be decoded with the reason (the engine reports them with the rest).</returns>
    private static (Dictionary<string, JsonNode?> Inputs, Dictionary<string, string> Rejected) ReadInputs(WorkflowDefinition definition, JsonNode? body)
    {
        var errors = new ValidationErrors();
        var inputs = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var rejected = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body is JsonObject json)
        {
            foreach (var parameter in VcoValues.ReadParameters(json, errors))
            {
                var declared = definition.Inputs.FirstOrDefault(p => p.Name == parameter.Name);
                if (declared is null)
                {
                    continue; // vRO ignores parameters the workflow does not declare
                }

                if (VcoValues.TryRead(declared.Type, parameter.Value, out var value, out var error))
                {
                    inputs[parameter.Name] = value;
                }
                else
                {
                    rejected[parameter.Name] = error;
                }
            }
        }
        else if (body is not null)
        {
            errors.Add("body", "must be an execution context object: {\"parameters\":[…]}.");
        }

        errors.ThrowIfAny();
        return (inputs, rejected);
    }

    private static VcoExecution Detail(HttpContext context, Hrefs hrefs, WorkflowDefinition definition, Run run)
    {
        var href = ExecutionHref(context, hrefs, definition.Id, run.Id);
        var inputs = JsonNode.Parse(run.Inputs) as JsonObject ?? [];
        var variables = JsonNode.Parse(run.Variables) as JsonObject ?? [];
        return new VcoExecution(
            run.Id, definition.Name, RunStates.ToWire(run.State), href, Date(run.CreatedAt), run.EndedAt is { } end ? Date(end) : null, run.StartedBy,
            [.. definition.Inputs.Select(p => Parameter(p.Name, p.Type, inputs[p.Name]))],
            [.. definition.Outputs.Select(p => Parameter(p.Name, p.Type, variables[p.Name]))],
            run.State == RunState.Failed ? run.Error : null,
            StepName(definition, run.CurrentStep),
            new VcoRelations([new(href[..^(run.Id.Length + 1)], "up"), new(href, "remove"), new(href + "logs/", "logs"), new(href + "state/", "state")]));
    }

    private static VcoParameterValue Parameter(string name, ParameterType type, JsonNode? value) =>
        new(name, type.ToString(), "local", VcoValues.Write(type, value));

    private static string? StepName(WorkflowDefinition definition, string? stepId) =>
        definition.Steps.FirstOrDefault(s => s.Id == stepId)?.DisplayName ?? "__item-undefined__";

    private static string ExecutionHref(HttpContext context, Hrefs hrefs, string workflowId, string runId) =>
        hrefs.To(context, $"{FaceRoots.VcoRoot}/workflows/{Uri.EscapeDataString(workflowId)}/executions/{runId}/");

    private static string Date(DateTimeOffset instant) => ParameterValues.FormatDate(instant);

    private static string Severity(RunLogEntry entry) => entry.Severity;

    private static Dictionary<string, object?> Entry(RunLogEntry l) => new()
    {
        ["severity"] = l.Severity,
        ["time-stamp"] = Date(l.Time),
        ["user"] = l.User,
        ["short-description"] = l.Message,
        ["long-description"] = l.Message,
        ["origin"] = l.Origin,
    };

    private sealed record VcoRelations(IReadOnlyList<VcoLink> Link);

    private sealed record VcoParameterValue(string Name, string Type, string Scope, JsonObject? Value);

    private sealed record VcoExecution(
        string Id, string Name, string State, string Href,
        [property: JsonPropertyName("start-date")] string StartDate,
        [property: JsonPropertyName("end-date")] string? EndDate,
        [property: JsonPropertyName("started-by")] string StartedBy,
        [property: JsonPropertyName("input-parameters")] IReadOnlyList<VcoParameterValue> InputParameters,
        [property: JsonPropertyName("output-parameters")] IReadOnlyList<VcoParameterValue> OutputParameters,
        [property: JsonPropertyName("content-exception")] string? ContentException,
        [property: JsonPropertyName("current-item-display-name")] string? CurrentItemDisplayName,
        VcoRelations Relations);
}
