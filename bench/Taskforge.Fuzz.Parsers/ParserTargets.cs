using Taskforge.Engine;
using System.Text.Json.Nodes;
using Taskforge.Engine.Errors;
using Taskforge.Engine.HumanTasks;
using Taskforge.Engine.HumanTasks.Messages;
using Taskforge.Engine.HumanTasks.Queries;
using Taskforge.Engine.HumanTasks.Templates;
using Taskforge.Engine.Schedules.Recurrence;
using Taskforge.Engine.Workflows;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Server.Faces.Vco;
using Taskforge.Server.Http;

namespace Taskforge.Fuzz.Parsers;

/// <summary>
/// One fuzz target per parser that reads text from outside. A target feeds its input to the parser the way the server
/// does and lets through only the errors a face answers with a 4xx (<see cref="FaceExceptionHandler.Of"/>, the one
/// home of that rule); anything else escapes, which afl-fuzz records as a crash. Shared with the ordinary test suite,
/// which runs every target over the seeds and the crashes found so far.
/// </summary>
public static class ParserTargets
{
    private static readonly DateTimeOffset Instant = new(2026, 3, 29, 1, 30, 0, TimeSpan.Zero);

    private static readonly Lazy<MessageType> Expense = new(() =>
    {
        var errors = new ValidationErrors();
        var type = MessageTypeReader.Read(JsonNode.Parse("""
            {"element":"expenseClaim","namespace":"http://taskforge.example/expenses","fields":[
              {"name":"currency","type":"string","attribute":true},
              {"name":"employee","type":"string","required":true},
              {"name":"amount","type":"decimal","required":true},
              {"name":"submitted","type":"date","required":true},
              {"name":"approved","type":"boolean"},
              {"name":"items","type":"complex","repeated":true,"fields":[
                {"name":"text","type":"string","required":true},
                {"name":"count","type":"int"}]}]}
            """), "input", errors);
        errors.ThrowIfAny();
        return type!;
    });

    public static IReadOnlyDictionary<string, Action<string>> All { get; } = new Dictionary<string, Action<string>>(StringComparer.Ordinal)
    {
        ["where-clause"] = WhereClause,
        ["recurrence"] = Recurrence,
        ["cron"] = Cron,
        ["duration"] = Duration,
        ["business-data"] = BusinessDataXmlAndJson,
        ["vco-values"] = VcoValueCodec,
        ["workflow"] = Workflow,
        ["template"] = Template,
    };

    /// <summary>Runs <paramref name="target"/> on <paramref name="input"/>; a 4xx-class refusal is a pass.</summary>
    public static void Run(Action<string> target, string input)
    {
        // What reaches a parser has come through UTF-8 (a body, a query string): a lone surrogate cannot, so it is
        // replaced here as the decoder would, and one that is still there came from an escape such as "\ud800".
        input = System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(input));
        try
        {
            target(input);
        }
        catch (Exception ex) when (FaceExceptionHandler.Of(ex) is { Status: < 500 })
        {
            // Refused with a client error, as the face would answer.
        }
    }

    private static void WhereClause(string text)
    {
        // IBM's query takes both clauses from the query string; one input feeds both, split at the first newline.
        var (where, orderBy) = Split(text);
        WhereClauseParser.Parse(where);
        WhereClauseParser.ParseOrderBy(orderBy);
    }

    private static void Recurrence(string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        var cycle = (RecurrenceCycle)(text[0] % 6);
        var pattern = RecurrencePatternReader.Read(text[1..], cycle);
        // What parses is then scheduled: the next fires and the last one before now must be found.
        var rule = RecurrenceRule.FromPattern(pattern, Instant);
        _ = rule.Preview(Instant, 3);
        _ = rule.LastBefore(Instant.AddDays(40));
    }

    private static void Cron(string text)
    {
        var (expression, zone) = Split(text);
        var rule = RecurrenceRule.FromCron(CronPattern.Parse(expression, zone.Length == 0 ? "UTC" : zone), Instant);
        _ = rule.Preview(Instant, 3);
    }

    private static void Duration(string text)
    {
        if (HtmDuration.TryParse(text, out var duration, out _))
        {
            // A duration is used by adding it to now: the far end of what parses must not overflow.
            _ = duration.AddTo(Instant);
            _ = duration.AddTo(DateTimeOffset.MaxValue.AddYears(-1));
            _ = HtmDuration.Parse(duration.ToString());
        }
    }

    private static void BusinessDataXmlAndJson(string text)
    {
        if (text.TrimStart().StartsWith('<'))
        {
            var json = BusinessData.XmlToJson(text, Expense.Value);
            // What was accepted must write back and read again: the store keeps the XML.
            BusinessData.XmlToJson(BusinessData.JsonToXml(json, Expense.Value), Expense.Value);
            return;
        }

        if (OutsideJson.Parse(text) is JsonObject body)
        {
            var xml = BusinessData.JsonToXml(body, Expense.Value);
            BusinessData.XmlToJson(xml, Expense.Value);
        }
    }

    private static void VcoValueCodec(string text)
    {
        if (OutsideJson.Parse(text) is not JsonObject body)
        {
            return;
        }

        var errors = new ValidationErrors();
        foreach (var parameter in VcoValues.ReadParameters(body, errors))
        {
            if (!ParameterType.TryParse(parameter.Type, out var type, out _)
                || !VcoValues.TryRead(type, parameter.Value, out var canonical, out _))
            {
                continue;
            }

            // What was read must write back in the wire form and read again to the same value.
            var wire = VcoValues.Write(type, canonical, maskSecrets: false);
            if (!VcoValues.TryRead(type, wire, out var again, out var error))
            {
                throw new InvalidOperationException($"{type}: {wire?.ToJsonString()} written from {canonical?.ToJsonString()} does not read back: {error}");
            }

            if (!JsonNode.DeepEquals(canonical, again))
            {
                throw new InvalidOperationException($"{type}: {canonical?.ToJsonString()} read back as {again?.ToJsonString()}");
            }
        }
    }

    private static void Workflow(string text) =>
        WorkflowDefinitionReader.Read(DefinitionDocuments.Parse(text, yaml: !LooksLikeJson(text)), "fuzzed");

    private static void Template(string text) =>
        TaskTemplateReader.Read(DefinitionDocuments.Parse(text, yaml: !LooksLikeJson(text)), "fuzzed");

    private static bool LooksLikeJson(string text) => text.TrimStart().StartsWith('{');

    private static (string First, string Second) Split(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? (text, "") : (text[..newline], text[(newline + 1)..]);
    }
}
