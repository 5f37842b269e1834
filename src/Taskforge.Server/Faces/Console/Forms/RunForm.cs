using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using Taskforge.Engine.Workflows;
using Taskforge.Engine.Workflows.Definitions;
using Taskforge.Server.Faces.Console.Workflows;

namespace Taskforge.Server.Faces.Console.Forms;

/// <summary>
/// The form that starts a run, generated from the workflow's typed inputs, and back. The values go to the engine as the
/// loose JSON every face hands it (<c>ParameterValues</c> types them: a number may come as text, a date as ISO-8601), so
/// the engine checks them exactly as it checks a vRO client's, and its problems come back by input name. An empty input
/// is an input not given: the workflow's default applies, and a required one without a default is refused by the engine.
/// </summary>
public static class RunForm
{
    /// <summary>Every input's name starts with this, so the form's own controls never clash with an input.</summary>
    public const string Prefix = "in.";

    /// <summary>A submit button named so, valued with an input's name, adds a row to that array or properties input.</summary>
    public const string AddRow = MessageForm.AddRow;

    /// <summary>A submit button named so, valued with a row's name (<c>servers[2]</c>), removes that row.</summary>
    public const string RemoveRow = MessageForm.RemoveRow;

    public static RunInputKind KindOf(ParameterType type) => type.Kind switch
    {
        ParameterKind.String => RunInputKind.Text,
        ParameterKind.Number => RunInputKind.Number,
        ParameterKind.Boolean => RunInputKind.Boolean,
        ParameterKind.Date => RunInputKind.Date,
        ParameterKind.SecureString => RunInputKind.Secret,
        ParameterKind.Properties => RunInputKind.Properties,
        ParameterKind.Array when KindOf(type.Element ?? ParameterType.Any) is not (RunInputKind.Json or RunInputKind.List or RunInputKind.Properties) => RunInputKind.List,
        _ => RunInputKind.Json,
    };

    /// <summary>The form before anything is typed: each input at its default, except secure strings, which are never shown (<see cref="SecretValues"/>).</summary>
    public static IReadOnlyList<RunInput> Build(IReadOnlyList<ParameterDefinition> parameters) =>
    [
        .. parameters.Select(p =>
        {
            var kind = KindOf(p.Type);
            var element = KindOf(p.Type.Element ?? ParameterType.Any);
            var shown = SecretValues.IsSecret(p.Type) ? null : p.Default;
            return kind switch
            {
                RunInputKind.List => new RunInput(p, kind, "", [.. (shown as JsonArray ?? []).Select(e => Shown(element, e))], []),
                RunInputKind.Properties => new RunInput(p, kind, "", [], [.. (shown as JsonObject ?? []).Select(e => new PropertyRow(e.Key, TextOf(e.Value)))]),
                _ => new RunInput(p, kind, Shown(kind, shown), [], []),
            };
        }),
    ];

    /// <summary>The inputs as posted, rows kept even when empty (the person may still be filling them in).</summary>
    public static IReadOnlyList<RunInput> Read(IReadOnlyList<ParameterDefinition> parameters, IFormCollection form) =>
    [
        .. parameters.Select(p =>
        {
            var input = new RunInput(p, KindOf(p.Type), "", [], []);
            return input.Kind switch
            {
                RunInputKind.List => input with { Rows = [.. Enumerable.Range(0, FormInputs.LastRow(form, input.InputName) + 1).Select(i => Last(form[input.RowName(i)]))] },
                RunInputKind.Properties => input with
                {
                    Pairs = [.. Enumerable.Range(0, FormInputs.LastRow(form, input.InputName) + 1)
                        .Select(i => new PropertyRow(Last(form[input.RowName(i) + ".key"]).Trim(), Last(form[input.RowName(i) + ".value"])))],
                },
                _ => input with { Value = Last(form[input.InputName]) },
            };
        }),
    ];

    /// <summary>The inputs with an add-row or remove-row button of the post applied; null when the post was neither.</summary>
    public static IReadOnlyList<RunInput>? EditRows(IReadOnlyList<RunInput> inputs, IFormCollection form)
    {
        if (form[AddRow] is [{ } add] && inputs.FirstOrDefault(i => i.Name == add && i.Kind is RunInputKind.List or RunInputKind.Properties) is { } grown)
        {
            return Replace(inputs, grown, grown.Kind == RunInputKind.List ? grown with { Rows = [.. grown.Rows, ""] } : grown with { Pairs = [.. grown.Pairs, new PropertyRow("", "")] });
        }

        if (form[RemoveRow] is [{ } remove] && remove.IndexOf('[', StringComparison.Ordinal) is > 0 and var bracket && remove.EndsWith(']')
            && int.TryParse(remove.AsSpan(bracket + 1, remove.Length - bracket - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var row)
            && inputs.FirstOrDefault(i => i.Name == remove[..bracket]) is { } shrunk)
        {
            return Replace(inputs, shrunk, shrunk with
            {
                Rows = [.. shrunk.Rows.Where((_, i) => i != row)],
                Pairs = [.. shrunk.Pairs.Where((_, i) => i != row)],
            });
        }

        return null;
    }

    /// <summary>
    /// What to hand <c>RunService.StartAsync</c>: the values given, and the inputs the form itself could not make sense of
    /// (JSON that is not JSON, a property without a key), with the reason, for the engine to report with its own.
    /// </summary>
    public static (Dictionary<string, JsonNode?> Values, Dictionary<string, string> Rejected) Values(IReadOnlyList<RunInput> inputs)
    {
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var rejected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            string? problem = null;
            var value = input.Kind switch
            {
                RunInputKind.List => List(input),
                RunInputKind.Properties => Properties(input, out problem),
                RunInputKind.Json => Json(input, out problem),
                _ => One(input.Kind, input.Value),
            };
            if (problem is not null)
            {
                rejected[input.Name] = problem;
            }
            else if (value is not null)
            {
                values[input.Name] = value;
            }
        }

        return (values, rejected);
    }

    /// <summary>
    /// The form to draw again after a refusal or a row added: the engine's problems beside their inputs, and every secure
    /// string emptied, so a secret never travels back to the browser (the person types it again).
    /// </summary>
    public static IReadOnlyList<RunInput> ShowAgain(IReadOnlyList<RunInput> inputs, IReadOnlyDictionary<string, string[]>? errors) =>
    [
        .. inputs.Select(i => i with
        {
            Value = SecretValues.IsSecret(i.Parameter.Type) ? "" : i.Value,
            Rows = SecretValues.IsSecret(i.Parameter.Type) ? [.. i.Rows.Select(_ => "")] : i.Rows,
            Error = errors?.TryGetValue(i.Name, out var problems) == true ? string.Join(" ", problems.Select(FormInputs.Sentence)) : null,
        }),
    ];

    private static JsonValue? One(RunInputKind kind, string text)
    {
        if (kind is not (RunInputKind.Text or RunInputKind.Secret))
        {
            text = text.Trim();
        }

        return kind switch
        {
            RunInputKind.Boolean => JsonValue.Create(text == "true"),
            _ when text.Length == 0 => null,
            RunInputKind.Date => JsonValue.Create(FormInputs.UtcFromLocalInput(text) ?? text),
            _ => JsonValue.Create(text),
        };
    }

    private static JsonArray? List(RunInput input)
    {
        var rows = input.Rows.Select(r => One(input.ElementKind, r)).Where(v => v is not null).ToList();
        return rows.Count == 0 ? null : [.. rows];
    }

    private static JsonObject? Properties(RunInput input, out string? problem)
    {
        problem = null;
        var properties = new JsonObject();
        foreach (var (pair, row) in input.Pairs.Select((p, i) => (p, i + 1)))
        {
            if (pair.Key.Length == 0)
            {
                problem ??= pair.Value.Length == 0 ? null : $"row {row} has a value but no key.";
            }
            else if (!properties.TryAdd(pair.Key, pair.Value))
            {
                problem ??= $"the key '{pair.Key}' is given twice.";
            }
        }

        return properties.Count == 0 ? null : properties;
    }

    private static JsonNode? Json(RunInput input, out string? problem)
    {
        problem = null;
        var text = input.Value.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            return Engine.OutsideJson.Parse(text);
        }
        catch (JsonException) when (input.Parameter.Type.Kind == ParameterKind.SdkObject)
        {
            // A plug-in object is often known by its id alone, which the engine takes as a string.
            return JsonValue.Create(text);
        }
        catch (JsonException ex)
        {
            problem = $"is not valid JSON: {ex.Message}";
            return null;
        }
    }

    /// <summary>A canonical value as its control shows it.</summary>
    private static string Shown(RunInputKind kind, JsonNode? value) => kind switch
    {
        _ when value is null => "",
        RunInputKind.Secret => "",
        RunInputKind.Date => FormInputs.LocalInputFromUtc(TextOf(value)) ?? "",
        _ => TextOf(value),
    };

    private static string TextOf(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? "";

    private static string Last(StringValues posted) => posted.Count == 0 ? "" : posted[^1] ?? "";

    private static List<RunInput> Replace(IReadOnlyList<RunInput> inputs, RunInput old, RunInput changed) => [.. inputs.Select(i => ReferenceEquals(i, old) ? changed : i)];
}
