using System.Globalization;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Function;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;

namespace Taskforge.Engine.Workflows.Scripting;

/// <summary>
/// Reads script values back as JSON. It never runs script code (no getters, no proxy traps): the run's limits no
/// longer apply once it has finished.
/// </summary>
internal static class ScriptJson
{
    // System.Text.Json cannot write JSON deeper than 64 levels, so nothing deeper may come out of a script.
    private const int MaxDepth = 64;

    /// <summary>Converts a script value to JSON; undefined and null become null. Dates become canonical Date strings.</summary>
    /// <param name="error">What the value is, when it has no JSON form (a function, NaN, a cycle…).</param>
    public static bool TryToJson(JsValue value, out JsonNode? json, out string? error) =>
        TryToJson(value, 0, out json, out error);

    private static bool TryToJson(JsValue value, int depth, out JsonNode? json, out string? error)
    {
        json = null;
        error = null;
        if (value.IsNull() || value.IsUndefined())
        {
            return true;
        }

        if (value.IsString())
        {
            json = JsonValue.Create(value.AsString());
            return true;
        }

        if (value.IsBoolean())
        {
            json = JsonValue.Create(value.AsBoolean());
            return true;
        }

        if (value.IsNumber())
        {
            var number = value.AsNumber();
            json = double.IsFinite(number) ? JsonValue.Create(number) : null;
            error = json is null ? number.ToString(CultureInfo.InvariantCulture) : null;
            return json is not null;
        }

        if (value is not ObjectInstance obj)
        {
            error = "a " + value.Type.ToString().ToLowerInvariant();
            return false;
        }

        if (depth >= MaxDepth)
        {
            error = $"a value nested more than {MaxDepth} levels deep (or containing itself)";
            return false;
        }

        return obj switch
        {
            JsDate date => TryDate(date, out json, out error),
            Function => Fail("a function", out error),
            JsArray array => TryArray(array, depth, out json, out error),
            // Proxy is not a public type; its traps would run script code outside the run's limits.
            _ when obj.GetType().Name == "JsProxy" => Fail("a Proxy", out error),
            _ => TryObject(obj, depth, out json, out error),
        };
    }

    private static bool Fail(string what, out string error)
    {
        error = what;
        return false;
    }

    private static bool TryDate(JsDate date, out JsonNode? json, out string? error)
    {
        json = null;
        error = null;
        var millis = date.DateValue;
        if (!double.IsFinite(millis))
        {
            error = "an invalid Date";
            return false;
        }

        json = JsonValue.Create(ParameterValues.FormatDate(DateTimeOffset.FromUnixTimeMilliseconds((long)millis)));
        return true;
    }

    private static bool TryArray(JsArray array, int depth, out JsonNode? json, out string? error)
    {
        json = null;
        var result = new JsonArray();
        for (uint i = 0; i < array.Length; i++)
        {
            var item = JsValue.Undefined;
            if (array.GetOwnProperty(i) is { } property && property != PropertyDescriptor.Undefined)
            {
                if (property.IsAccessorDescriptor())
                {
                    return Fail("an array with a getter", out error);
                }

                item = property.Value;
            }

            if (!TryToJson(item, depth + 1, out var node, out error))
            {
                return false;
            }

            result.Add(node);
        }

        json = result;
        error = null;
        return true;
    }

    private static bool TryObject(ObjectInstance obj, int depth, out JsonNode? json, out string? error)
    {
        json = null;
        error = null;
        var result = new JsonObject();
        foreach (var (key, property) in obj.GetOwnProperties())
        {
            if (!key.IsString() || !property.Enumerable)
            {
                continue;
            }

            if (property.IsAccessorDescriptor())
            {
                return Fail("an object with a getter", out error);
            }

            // Like JSON.stringify, a property holding a function or undefined is left out rather than failing the object.
            if (property.Value is Function || property.Value.IsUndefined())
            {
                continue;
            }

            if (!TryToJson(property.Value, depth + 1, out var node, out error))
            {
                return false;
            }

            result[key.AsString()] = node;
        }

        json = result;
        return true;
    }
}
