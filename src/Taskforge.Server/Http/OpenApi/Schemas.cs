using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Taskforge.Server.Http.OpenApi;

/// <summary>A short way to write the JSON Schemas of the vendor faces' hand-written JSON.</summary>
public static class Schemas
{
    public static OpenApiSchema String(string? description = null) => new() { Type = JsonSchemaType.String, Description = description };

    public static OpenApiSchema DateTime(string? description = null) => new() { Type = JsonSchemaType.String, Format = "date-time", Description = description };

    public static OpenApiSchema Boolean(string? description = null) => new() { Type = JsonSchemaType.Boolean, Description = description };

    public static OpenApiSchema Integer(string? description = null) => new() { Type = JsonSchemaType.Integer, Format = "int64", Description = description };

    public static OpenApiSchema Number(string? description = null) => new() { Type = JsonSchemaType.Number, Description = description };

    public static OpenApiSchema Enum(string description, params string[] values) =>
        new() { Type = JsonSchemaType.String, Description = description, Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))] };

    public static OpenApiSchema Array(IOpenApiSchema items, string? description = null) => new() { Type = JsonSchemaType.Array, Items = items, Description = description };

    /// <summary>An object of free-form properties (business data, custom properties, typed parameter values).</summary>
    public static OpenApiSchema Map(IOpenApiSchema? values = null, string? description = null) =>
        new() { Type = JsonSchemaType.Object, AdditionalProperties = values, AdditionalPropertiesAllowed = true, Description = description };

    public static OpenApiSchema Object(string? description, params (string Name, IOpenApiSchema Schema)[] properties) => new()
    {
        Type = JsonSchemaType.Object,
        Description = description,
        Properties = properties.ToDictionary(p => p.Name, p => p.Schema, StringComparer.Ordinal),
    };

    /// <summary>A reference to another schema of the same document.</summary>
    public static OpenApiSchemaReference Ref(string name) => new(name);
}
