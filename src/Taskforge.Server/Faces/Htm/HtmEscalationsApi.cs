using System.Text.Json.Nodes;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.HumanTasks.Tasks;
using Taskforge.Server.Http;

namespace Taskforge.Server.Faces.Htm;

/// <summary>
/// Escalations (ibm-bpm-htm.md §3.5 <c>escalationInfo</c>, §3.8): a task's escalations grouped by activation state and
/// chain, one escalation by its esiid, the manual trigger and the update. Property names are the Java <c>Escalation</c> getters,
/// enumerations IBM's symbolic names (§4.3), as the Task JSON does; IBM's pages leave the answers of trigger and update
/// open ("Response Content: None"), and Taskforge answers the escalation as it now is, as GET would.
/// </summary>
public static class HtmEscalationsApi
{
    public static RouteGroupBuilder MapHtmEscalations(this RouteGroupBuilder htm)
    {
        htm.MapGet("/task/{tkiid}/escalationInfo", async (HttpContext context, TaskEscalationService tasks, string tkiid) =>
        {
            var locale = HtmTasksApi.Locale(context);
            var escalations = await tasks.GetEscalationsAsync(context.Caller(), tkiid, context.RequestAborted);

            // A chain starts with the task's activation state of its first escalation; parallel chains share one entry.
            var chains = escalations.GroupBy(e => e.Escalation.Chain).OrderBy(g => g.Key)
                .Select(g => g.OrderBy(e => e.Escalation.Position).ToList()).ToList();
            var info = chains.GroupBy(c => c[0].ActivationState).OrderBy(g => g.Key).Select(g => (JsonNode?)new JsonObject
            {
                ["activationState"] = ActivationStateName(g.Key),
                ["escalationChains"] = new JsonArray([.. g.Select(chain => (JsonNode?)new JsonObject
                {
                    ["escalationChain"] = new JsonArray([.. chain.Select(e => (JsonNode?)Write(e, locale))]),
                })]),
            });
            return Results.Json(new JsonObject { ["escalationInfo"] = new JsonArray([.. info]) }, WireJson.Options);
        });

        htm.MapGet("/escalation/{esiid}", async (HttpContext context, TaskEscalationService tasks, string esiid) =>
            Results.Json(Write(await tasks.GetEscalationAsync(context.Caller(), esiid, context.RequestAborted), HtmTasksApi.Locale(context)), WireJson.Options));

        htm.MapPut("/escalation/{esiid}", async (HttpContext context, TaskEscalationService tasks, string esiid) =>
        {
            var view = HtmParameters.Required(context, "action") switch
            {
                "trigger" => await tasks.TriggerEscalationAsync(context.Caller(), esiid, context.RequestAborted),
                "update" => await tasks.UpdateEscalationAsync(context.Caller(), esiid,
                    HtmEscalationUpdateReader.Read(await HtmParameters.JsonBodyAsync(context, "an Escalation Update")), context.RequestAborted),
                var other => throw HtmParameters.Unsupported("action", other, "trigger, update"),
            };
            return Results.Json(Write(view, HtmTasksApi.Locale(context)), WireJson.Options);
        });

        return htm;
    }

    public static JsonObject Write(EscalationView view, string? locale)
    {
        var (escalation, definition) = (view.Escalation, view.Definition);
        var json = new JsonObject
        {
            ["esiid"] = escalation.Id,
            ["tkiid"] = escalation.TaskId,
            ["name"] = escalation.Name,
            ["description"] = definition.Description?.Get(locale),
            ["action"] = definition.Action switch
            {
                EscalationAction.CreateWorkItems => "ACTION_CREATE_WORK_ITEM",
                EscalationAction.SendEmail => "ACTION_SEND_EMAIL",
                _ => "ACTION_CREATE_EVENT",
            },
            ["activationState"] = ActivationStateName(definition.ActivationState),
            ["activationTime"] = HtmTaskJson.Instant(escalation.ActivatedAt),
            ["atLeastExpectedState"] = definition.ExpectedState switch
            {
                EscalationExpectedState.Claimed => "AT_LEAST_EXPECTED_STATE_CLAIMED",
                EscalationExpectedState.Ended => "AT_LEAST_EXPECTED_STATE_ENDED",
                _ => "AT_LEAST_EXPECTED_STATE_SUBTASKS_COMPLETED",
            },
            ["durationUntilEscalated"] = definition.DurationUntilEscalated.Text,
            ["durationUntilRepeated"] = definition.DurationUntilRepeated?.Text,
            ["escalationTime"] = HtmTaskJson.Instant(escalation.EscalatesAt),
            ["increasePriority"] = definition.IncreasePriority switch
            {
                PriorityIncrease.Once => "INCREASE_PRIORITY_ONCE",
                PriorityIncrease.Repeated => "INCREASE_PRIORITY_REPEATED",
                _ => "INCREASE_PRIORITY_NO",
            },
            ["state"] = "STATE_" + escalation.State.ToString().ToUpperInvariant(),
            ["customProperties"] = new JsonObject([.. (escalation.CustomProperties ?? new Dictionary<string, string>())
                .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]),
        };
        return json.WithoutNulls();
    }

    private static string ActivationStateName(EscalationActivationState state) => state switch
    {
        EscalationActivationState.Ready => "ACTIVATION_STATE_READY",
        EscalationActivationState.Running => "ACTIVATION_STATE_RUNNING",
        EscalationActivationState.Claimed => "ACTIVATION_STATE_CLAIMED",
        _ => "ACTIVATION_STATE_WAITING_FOR_SUB_TASK",
    };
}
