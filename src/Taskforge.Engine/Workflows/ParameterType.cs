using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Taskforge.Engine.Workflows;

/// <summary>
/// A vRO parameter type: <c>string</c>, <c>number</c>, <c>boolean</c>, <c>Date</c>, <c>Array/T</c>, <c>Properties</c>,
/// <c>SecureString</c>, <c>Any</c>, or a plug-in type <c>NS:Type</c>. Parsing ignores case for the built-in names;
/// <see cref="ToString"/> gives vRO's own spelling.
/// </summary>
public sealed partial record ParameterType(ParameterKind Kind, ParameterType? Element = null, string? SdkType = null)
{
    public static ParameterType String { get; } = new(ParameterKind.String);

    public static ParameterType Number { get; } = new(ParameterKind.Number);

    public static ParameterType Boolean { get; } = new(ParameterKind.Boolean);

    public static ParameterType Date { get; } = new(ParameterKind.Date);

    public static ParameterType Properties { get; } = new(ParameterKind.Properties);

    public static ParameterType SecureString { get; } = new(ParameterKind.SecureString);

    public static ParameterType Any { get; } = new(ParameterKind.Any);

    public static ParameterType ArrayOf(ParameterType element) => new(ParameterKind.Array, element);

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*:[A-Za-z][A-Za-z0-9_.]*$")]
    private static partial Regex SdkTypeName();

    public static bool TryParse(string? text, [NotNullWhen(true)] out ParameterType? type, [NotNullWhen(false)] out string? error)
    {
        type = null;
        error = null;
        var name = text?.Trim() ?? "";
        if (name.Length == 0)
        {
            error = "a type is required";
            return false;
        }

        if (name.StartsWith("Array/", StringComparison.OrdinalIgnoreCase))
        {
            if (!TryParse(name["Array/".Length..], out var element, out error))
            {
                error = $"'{name}' has a bad element type: {error}";
                return false;
            }

            type = ArrayOf(element);
            return true;
        }

        type = name.ToUpperInvariant() switch
        {
            "STRING" => String,
            "NUMBER" => Number,
            "BOOLEAN" => Boolean,
            "DATE" => Date,
            "ARRAY" => ArrayOf(Any),
            "PROPERTIES" => Properties,
            "SECURESTRING" or "SECURE-STRING" => SecureString,
            "ANY" => Any,
            _ => SdkTypeName().IsMatch(name) ? new ParameterType(ParameterKind.SdkObject, SdkType: name) : null,
        };
        if (type is null)
        {
            error = $"'{name}' is not a type; use string, number, boolean, Date, Array/T, Properties, SecureString, Any or a plug-in type such as VC:VirtualMachine";
            return false;
        }

        return true;
    }

    public static ParameterType Parse(string text) =>
        TryParse(text, out var type, out var error) ? type : throw new FormatException(error);

    public override string ToString() => Kind switch
    {
        ParameterKind.String => "string",
        ParameterKind.Number => "number",
        ParameterKind.Boolean => "boolean",
        ParameterKind.Date => "Date",
        ParameterKind.Array => "Array/" + Element,
        ParameterKind.Properties => "Properties",
        ParameterKind.SecureString => "SecureString",
        ParameterKind.Any => "Any",
        _ => SdkType ?? "Any",
    };
}
