using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Taskforge.Engine.Workflows;

namespace Taskforge.Server.Faces.Vco;

/// <summary>
/// Converts between vRO's wire value objects (<c>{"string":{"value":"x"}}</c>, one key naming the kind) and the
/// engine's canonical values (<see cref="ParameterValues"/>). Reading is liberal: kind and field names in any case with
/// <c>-</c>/<c>_</c> or camelCase, scalars as strings, the XML-derived shapes <see cref="VcoBody"/> produces, and a kind
/// other than the declared type when the conversion loses nothing. Writing uses vRO's real-wire spelling only.
/// </summary>
public static partial class VcoValues
{
    private const string KindList =
        "string, number, boolean, date, array, properties, secure-string, encrypted-string, sdk-object, regex, mime-attachment or composite";

    private enum WireKind
    {
        String,
        Number,
        Boolean,
        Date,
        Array,
        Properties,
        SecureString,
        EncryptedString,
        SdkObject,
        Regex,
        MimeAttachment,
        Composite,
    }

    public static bool TryRead(ParameterType declared, JsonNode? wireValue, out JsonNode? canonical, [NotNullWhen(false)] out string? error)
    {
        canonical = null;
        error = null;
        if (IsNull(wireValue))
        {
            return true;
        }

        if (wireValue is not JsonObject wrapper)
        {
            error = "a value must be an object naming its kind, such as {\"string\":{\"value\":\"x\"}}";
            return false;
        }

        // objectType is the Java discriminator of the generated reference docs; a client copying them may send it.
        var kinds = wrapper.Where(p => Normalize(p.Key) != "OBJECTTYPE").ToList();
        if (kinds.Count != 1)
        {
            error = kinds.Count == 0
                ? $"a value needs a key naming its kind: {KindList}"
                : $"a value names exactly one kind, got {string.Join(", ", kinds.Select(p => p.Key))}";
            return false;
        }

        var (key, inner) = kinds[0];
        if (!TryParseKind(key, out var kind))
        {
            error = $"'{key}' is not a value kind; use {KindList}";
            return false;
        }

        return TryReadKind(kind, declared, inner, out var loose, out error)
            && ParameterValues.TryCoerce(declared, loose, out canonical, out error);
    }

    internal static bool IsKindName(string key) => TryParseKind(key, out _);

    private static bool TryParseKind(string key, out WireKind kind)
    {
        WireKind? parsed = Normalize(key) switch
        {
            "STRING" => WireKind.String,
            "NUMBER" => WireKind.Number,
            "BOOLEAN" => WireKind.Boolean,
            "DATE" => WireKind.Date,
            "ARRAY" => WireKind.Array,
            "PROPERTIES" => WireKind.Properties,
            "SECURESTRING" => WireKind.SecureString,
            "ENCRYPTEDSTRING" => WireKind.EncryptedString,
            "SDKOBJECT" => WireKind.SdkObject,
            "REGEX" or "REGEXP" => WireKind.Regex,
            "MIMEATTACHMENT" => WireKind.MimeAttachment,
            "COMPOSITE" => WireKind.Composite,
            _ => null,
        };
        kind = parsed.GetValueOrDefault();
        return parsed.HasValue;
    }

    private static bool TryReadKind(WireKind kind, ParameterType declared, JsonNode? inner, out JsonNode? loose, out string? error) => kind switch
    {
        // An encrypted-string is opaque to us (vRO's key, not ours), so it travels as the string it is.
        WireKind.String or WireKind.Regex or WireKind.EncryptedString => TryReadScalar(ParameterType.String, inner, out loose, out error),
        WireKind.Number => TryReadScalar(ParameterType.Number, inner, out loose, out error),
        WireKind.Boolean => TryReadScalar(ParameterType.Boolean, inner, out loose, out error),
        WireKind.Date => TryReadScalar(ParameterType.Date, inner, out loose, out error),
        WireKind.SecureString => TryReadSecure(inner, out loose, out error),
        WireKind.Array => TryReadArray(declared, inner, out loose, out error),
        WireKind.Properties => TryReadProperties(inner, "key", out loose, out error),
        WireKind.Composite => TryReadProperties(inner, "id", out loose, out error),
        WireKind.SdkObject => TryReadSdkObject(inner, out loose, out error),
        _ => TryReadMime(inner, out loose, out error),
    };

    private static bool TryReadScalar(ParameterType type, JsonNode? inner, out JsonNode? loose, out string? error)
    {
        loose = null;
        if (inner is JsonArray)
        {
            error = $"a {type} value must look like {{\"value\":…}}";
            return false;
        }

        // XML gives <string>x</string> as a bare scalar rather than {"value":"x"}.
        var value = inner is JsonObject fields ? Field(fields, "value") : inner;
        return ParameterValues.TryCoerce(type, value, out loose, out error);
    }

    private static bool TryReadSecure(JsonNode? inner, out JsonNode? loose, out string? error)
    {
        // isPlainText false means vRO encrypted (or masked) it with a key we do not have: refuse rather than store junk.
        if (inner is JsonObject fields && Field(fields, "isPlainText") is { } plain
            && ParameterValues.TryCoerce(ParameterType.Boolean, plain, out var flag, out _) && flag?.GetValue<bool>() == false)
        {
            loose = null;
            error = "an encrypted or masked secure-string cannot be read; send the clear value with \"isPlainText\":true";
            return false;
        }

        return TryReadScalar(ParameterType.String, inner, out loose, out error);
    }

    private static bool TryReadArray(ParameterType declared, JsonNode? inner, out JsonNode? loose, out string? error)
    {
        loose = null;
        var elements = inner is JsonObject fields ? Field(fields, "elements") : inner;
        if (!TryList(elements, expandKinds: true, out var items))
        {
            error = "an array value must look like {\"elements\":[…]}";
            return false;
        }

        var elementType = declared.Kind == ParameterKind.Array ? declared.Element ?? ParameterType.Any : ParameterType.Any;
        var result = new JsonArray();
        for (var i = 0; i < items.Count; i++)
        {
            if (!TryRead(elementType, items[i], out var item, out var problem))
            {
                error = $"element {i}: {problem}";
                return false;
            }

            result.Add(item);
        }

        loose = result;
        error = null;
        return true;
    }

    /// <summary>Properties (<c>property[{key,value}]</c>) and composites (<c>property[{id,value}]</c>) both become an object.</summary>
    private static bool TryReadProperties(JsonNode? inner, string keyName, out JsonNode? loose, out string? error)
    {
        loose = null;
        var entries = inner is JsonObject fields ? Field(fields, "property") : inner;
        if (!TryList(entries, expandKinds: false, out var items))
        {
            error = $"a properties value must look like {{\"property\":[{{\"{keyName}\":…,\"value\":…}}]}}";
            return false;
        }

        var result = new JsonObject();
        for (var i = 0; i < items.Count; i++)
        {
            var entry = items[i] as JsonObject;
            var key = entry is null ? null : Text(Field(entry, keyName) ?? Field(entry, keyName == "id" ? "key" : "id"));
            if (string.IsNullOrEmpty(key))
            {
                error = $"property {i}: a {keyName} is required";
                return false;
            }

            if (!TryRead(ParameterType.Any, Field(entry!, "value"), out var value, out var problem))
            {
                error = $"property \"{key}\": {problem}";
                return false;
            }

            result[key] = value;
        }

        loose = result;
        error = null;
        return true;
    }

    private static bool TryReadSdkObject(JsonNode? inner, out JsonNode? loose, out string? error)
    {
        loose = null;
        if (inner is not JsonObject fields || string.IsNullOrEmpty(Text(Field(fields, "id"))))
        {
            error = "an sdk-object value must look like {\"type\":\"NS:Type\",\"id\":…}";
            return false;
        }

        var reference = new JsonObject();
        foreach (var name in (string[])["type", "id", "href", "displayValue"])
        {
            if (Text(Field(fields, name)) is { } text)
            {
                reference[name] = text;
            }
        }

        loose = reference;
        error = null;
        return true;
    }

    private static bool TryReadMime(JsonNode? inner, out JsonNode? loose, out string? error)
    {
        loose = null;
        if (inner is not JsonObject fields)
        {
            error = "a mime-attachment value must look like {\"name\":…,\"mime-type\":…,\"content\":\"<base64>\"}";
            return false;
        }

        var attachment = new JsonObject();
        foreach (var name in (string[])["name", "mimeType", "content"])
        {
            if (Text(Field(fields, name)) is { } text)
            {
                attachment[name] = text;
            }
        }

        loose = attachment;
        error = null;
        return true;
    }
}
