namespace Taskforge.Engine.HumanTasks.Messages;

/// <summary>Names of <see cref="FieldType"/> in definitions: XML Schema's (<c>dateTime</c>, optionally <c>xsd:</c>-prefixed) and a few aliases.</summary>
public static class FieldTypes
{
    public const string Accepted = "string, int, long, integer, double, decimal, boolean, date, dateTime, time, complex";

    public static bool TryParse(string? text, out FieldType type)
    {
        var name = Names.Normalize(text);
        if (name.StartsWith("XSD:", StringComparison.Ordinal) || name.StartsWith("XS:", StringComparison.Ordinal))
        {
            name = name[(name.IndexOf(':', StringComparison.Ordinal) + 1)..];
        }

        FieldType? found = name switch
        {
            "STRING" => FieldType.String,
            "INT" => FieldType.Int,
            "LONG" => FieldType.Long,
            "INTEGER" => FieldType.Integer,
            "DOUBLE" or "FLOAT" => FieldType.Double,
            "DECIMAL" => FieldType.Decimal,
            "BOOLEAN" or "BOOL" => FieldType.Boolean,
            "DATE" => FieldType.Date,
            "DATETIME" => FieldType.DateTime,
            "TIME" => FieldType.Time,
            "COMPLEX" or "OBJECT" => FieldType.Complex,
            _ => null,
        };
        type = found ?? default;
        return found is not null;
    }

    public static string ToName(FieldType type) => type switch
    {
        FieldType.DateTime => "dateTime",
        _ => type.ToString().ToLowerInvariant(),
    };
}
