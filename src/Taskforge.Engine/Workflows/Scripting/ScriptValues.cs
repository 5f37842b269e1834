using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using JsEngine = Jint.Engine;

namespace Taskforge.Engine.Workflows.Scripting;

/// <summary>Converts canonical JSON values to JavaScript; a Date-typed value (or Array/Date element) becomes a JS <c>Date</c>.</summary>
internal static class ScriptValues
{
    public static JsValue ToJs(JsEngine engine, ParameterType type, JsonNode? value)
    {
        if (value is null || value.GetValueKind() == JsonValueKind.Null)
        {
            return JsValue.Null;
        }

        if (type.Kind == ParameterKind.Date && value.GetValueKind() == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return new JsDate(engine, instant);
        }

        if (type.Kind == ParameterKind.Array && value is JsonArray array)
        {
            var element = type.Element ?? ParameterType.Any;
            var items = new JsValue[array.Count];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = ToJs(engine, element, array[i]);
            }

            return new JsArray(engine, items);
        }

        return ToJs(engine, value);
    }

    private static JsValue ToJs(JsEngine engine, JsonNode? value)
    {
        switch (value)
        {
            case null:
                return JsValue.Null;
            case JsonArray array:
                var items = new JsValue[array.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = ToJs(engine, array[i]);
                }

                return new JsArray(engine, items);
            case JsonObject properties:
                var result = new JsObject(engine);
                foreach (var (name, property) in properties)
                {
                    result.Set(name, ToJs(engine, property));
                }

                return result;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.String => JsString.Create(value.AsValue().TryGetValue<string>(out var text) ? text : value.Deserialize<string>() ?? ""),
            JsonValueKind.Number => JsNumber.Create(value.AsValue().TryGetValue<double>(out var number)
                ? number
                : double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)),
            JsonValueKind.True => JsBoolean.True,
            JsonValueKind.False => JsBoolean.False,
            _ => JsValue.Null,
        };
    }
}
