using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using Taskforge.Engine.HumanTasks.Messages;

namespace Taskforge.Server.Faces.Console.Forms;

/// <summary>
/// A task's business data as an HTML form and back, generated from the template's message type. The form carries the
/// message in its JSON shape (the engine's documented rules: a property per field, arrays for repeated fields, <c>@name</c>
/// for attributes); the engine validates it exactly as it validates a client's JSON, so the console adds no rule of its
/// own. Browser inputs are turned into XML Schema's forms on the way in (a <c>datetime-local</c> is UTC with seconds).
/// </summary>
public static class MessageForm
{
    /// <summary>Every business-data input's name starts with this, so the form's own controls never clash with a field.</summary>
    public const string Prefix = "data.";

    /// <summary>A submit button named so, valued with a repeated field's path, adds a row to it.</summary>
    public const string AddRow = "addRow";

    /// <summary>A submit button named so, valued with a row's path (<c>items[2]</c>), removes that row.</summary>
    public const string RemoveRow = "removeRow";

    public static IReadOnlyList<FormNode> Build(MessageType type, JsonObject? values, IReadOnlyDictionary<string, string[]>? errors) =>
        Fields(type.Fields, values ?? [], "", errors ?? new Dictionary<string, string[]>());

    /// <summary>
    /// The message a form post describes. Empty inputs are absent fields; rows left wholly empty are dropped unless
    /// <paramref name="keepEmptyRows"/> (while a person is still adding rows).
    /// </summary>
    public static JsonObject Read(MessageType type, IFormCollection form, bool keepEmptyRows = false) =>
        ReadFields(type.Fields, form, "", keepEmptyRows);

    /// <summary>Applies an add-row or remove-row button of the post to the message; false when the post was neither.</summary>
    public static bool EditRows(MessageType type, JsonObject message, IFormCollection form)
    {
        if (form[AddRow] is [{ } addPath] && Locate(type.Fields, message, addPath) is ({ } field, { } parent, var key, null))
        {
            if (parent[key] is not JsonArray rows)
            {
                rows = [];
                parent[key] = rows;
            }

            rows.Add(field.Type == FieldType.Complex ? new JsonObject() : JsonValue.Create(""));
            return true;
        }

        if (form[RemoveRow] is [{ } removePath] && Locate(type.Fields, message, removePath) is (_, { } owner, var name, { } index)
            && owner[name] is JsonArray list && index < list.Count)
        {
            list.RemoveAt(index);
            return true;
        }

        return false;
    }

    /// <summary>"submittedAt" → "Submitted at", "@currency" → "Currency", "employee_name" → "Employee name".</summary>
    public static string LabelOf(string name)
    {
        var text = new StringBuilder();
        foreach (var c in name.TrimStart('@'))
        {
            if (c is '_' or '-')
            {
                text.Append(' ');
            }
            else if (char.IsUpper(c) && text.Length > 0 && text[^1] != ' ')
            {
                text.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(text.Length == 0 ? char.ToUpperInvariant(c) : c);
            }
        }

        return text.ToString();
    }

    private static List<FormNode> Fields(IReadOnlyList<MessageField> fields, JsonObject values, string path, IReadOnlyDictionary<string, string[]> errors)
    {
        var nodes = new List<FormNode>();
        foreach (var field in fields)
        {
            var fieldPath = Join(path, Key(field));
            var node = values[Key(field)];
            if (field.Repeated)
            {
                var items = node as JsonArray ?? (node is null ? [] : [node.DeepClone()]);
                var rows = items.Select((item, i) => One(field, item, $"{fieldPath}[{i}]", errors, $"{LabelOf(field.Name)} {i + 1}")).ToList();
                nodes.Add(new ListNode(fieldPath, LabelOf(field.Name), field.Required, ErrorsAt(errors, fieldPath), rows));
            }
            else
            {
                nodes.Add(One(field, node, fieldPath, errors, LabelOf(field.Name)));
            }
        }

        return nodes;
    }

    private static FormNode One(MessageField field, JsonNode? node, string path, IReadOnlyDictionary<string, string[]> errors, string label) =>
        field.Type == FieldType.Complex
            ? new GroupNode(path, label, field.Required, ErrorsAt(errors, path), Fields(field.Fields, node as JsonObject ?? [], path, errors))
            : new ValueNode(path, label, field.Required, ErrorsAt(errors, path), field.Type, InputValue(field.Type, node));

    private static JsonObject ReadFields(IReadOnlyList<MessageField> fields, IFormCollection form, string path, bool keepEmptyRows)
    {
        var json = new JsonObject();
        foreach (var field in fields)
        {
            var fieldPath = Join(path, Key(field));
            if (field.Repeated)
            {
                var rows = new JsonArray();
                for (var i = 0; i <= FormInputs.LastRow(form, Prefix + fieldPath); i++)
                {
                    var row = ReadOne(field, form, $"{fieldPath}[{i}]", keepEmptyRows);
                    if (row is not null && (keepEmptyRows || !IsEmpty(row)))
                    {
                        rows.Add(row);
                    }
                    else if (keepEmptyRows)
                    {
                        rows.Add(field.Type == FieldType.Complex ? new JsonObject() : JsonValue.Create(""));
                    }
                }

                if (rows.Count > 0)
                {
                    json[Key(field)] = rows;
                }
            }
            else if (ReadOne(field, form, fieldPath, keepEmptyRows) is { } value && (!IsEmpty(value) || (field.Required && field.Type == FieldType.Complex)))
            {
                // A required group left empty stays in, so the engine names the fields it misses rather than the group.
                json[Key(field)] = value;
            }
        }

        return json;
    }

    private static JsonNode? ReadOne(MessageField field, IFormCollection form, string path, bool keepEmptyRows) =>
        field.Type == FieldType.Complex
            ? ReadFields(field.Fields, form, path, keepEmptyRows)
            : FromInput(field.Type, form[Prefix + path]);

    /// <summary>What a browser sends, in the shape the engine reads; anything odd is passed on for the engine to name.</summary>
    private static JsonValue? FromInput(FieldType type, StringValues posted)
    {
        // A yes/no box posts a hidden "false" and, when ticked, "true" after it: the last value is the answer.
        var text = posted.Count == 0 ? "" : posted[^1] ?? "";
        if (type != FieldType.String)
        {
            text = text.Trim();
        }

        if (text.Length == 0)
        {
            return null;
        }

        return type switch
        {
            FieldType.Boolean when text is "true" or "false" => JsonValue.Create(text == "true"),
            FieldType.DateTime when FormInputs.UtcFromLocalInput(text) is { } utc => JsonValue.Create(utc),
            FieldType.Time when TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) =>
                JsonValue.Create(time.ToString("HH:mm:ss", CultureInfo.InvariantCulture)),
            _ => JsonValue.Create(text),
        };
    }

    /// <summary>A stored value as its input shows it: dates and times in the form HTML's date, time and datetime-local inputs take.</summary>
    private static string InputValue(FieldType type, JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return "";
        }

        var text = value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => value.ToJsonString(),
        };
        return type switch
        {
            FieldType.DateTime when FormInputs.LocalInputFromUtc(text) is { } local => local,
            FieldType.Date when text.Length > 10 && !text.StartsWith('-') => text[..10],
            FieldType.Time when text.Length > 8 => text[..8],
            _ => text,
        };
    }

    private static bool IsEmpty(JsonNode node) => node switch
    {
        JsonObject o => o.All(p => p.Value is null || IsEmpty(p.Value)),
        JsonArray a => a.All(i => i is null || IsEmpty(i)),
        JsonValue v => v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0,
        _ => true,
    };

    /// <summary>The field a path names, the object holding it, its key there, and the row index if the path ends in one.</summary>
    private static (MessageField? Field, JsonObject? Parent, string Key, int? Index) Locate(IReadOnlyList<MessageField> fields, JsonObject message, string path)
    {
        var parent = message;
        var current = fields;
        var segments = path.Split('.');
        for (var s = 0; s < segments.Length; s++)
        {
            var segment = segments[s];
            int? index = null;
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            if (bracket > 0 && segment.EndsWith(']') && int.TryParse(segment.AsSpan(bracket + 1, segment.Length - bracket - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var i))
            {
                index = i;
                segment = segment[..bracket];
            }

            var field = current.FirstOrDefault(f => Key(f) == segment);
            if (field is null || (index is not null && !field.Repeated))
            {
                return default;
            }

            if (s == segments.Length - 1)
            {
                return field.Repeated ? (field, parent, segment, index) : default;
            }

            if (field.Type != FieldType.Complex)
            {
                return default;
            }

            // A group nobody has filled in yet is absent from the message; a row added inside it brings it in.
            var next = index is { } row ? (parent[segment] as JsonArray)?.ElementAtOrDefault(row) : parent[segment] ??= new JsonObject();
            if (next is not JsonObject child)
            {
                return default;
            }

            parent = child;
            current = field.Fields;
        }

        return default;
    }

    private static string[] ErrorsAt(IReadOnlyDictionary<string, string[]> errors, string path) =>
        errors.TryGetValue(path, out var found) ? found : [];

    private static string Key(MessageField field) => field.Attribute ? "@" + field.Name : field.Name;

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
