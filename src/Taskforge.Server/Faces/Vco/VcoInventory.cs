using System.Globalization;
using System.Text.Json.Serialization;

namespace Taskforge.Server.Faces.Vco;

/// <summary>One name/value pair of an inventory item; vRO sends every value as a string.</summary>
public sealed record VcoNameValue(string Name, string? Value);

/// <summary>A link, with attributes when it stands for an item of a list.</summary>
public sealed record VcoLink(
    string Href,
    string Rel,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<VcoNameValue>? Attributes = null);

/// <summary>The list shape of <c>GET /workflows</c>, <c>/tasks</c>, <c>/catalog/…</c> (vro.md §1).</summary>
public sealed record VcoInventoryList(IReadOnlyList<VcoLink> Link, int Total, int Start, int StartIndex, int Count);

/// <summary>
/// vRO's list query: <c>conditions</c> (<c>name=value</c> exact, <c>name~value</c> contains, both ignoring case, all must
/// hold), <c>maxResult</c>, <c>startIndex</c> and <c>keys</c> (which attributes to return). Unknown parameters are ignored.
/// </summary>
public sealed record VcoListQuery(IReadOnlyList<(string Name, char Op, string Value)> Conditions, int StartIndex, int MaxResult, IReadOnlySet<string>? Keys)
{
    public static VcoListQuery From(IQueryCollection query)
    {
        var conditions = new List<(string, char, string)>();
        foreach (var condition in query["conditions"])
        {
            var at = condition?.IndexOfAny(['=', '~', '>', '<']) ?? -1;
            if (at > 0)
            {
                conditions.Add((condition![..at].Trim(), condition[at], condition[(at + 1)..]));
            }
        }

        var keys = query["keys"].SelectMany(k => (k ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new VcoListQuery(conditions, Int(query["startIndex"], 0), Int(query["maxResult"], int.MaxValue), keys.Count == 0 ? null : keys);
    }

    public bool Matches(IReadOnlyList<VcoNameValue> attributes) => Conditions.All(c =>
    {
        var value = attributes.FirstOrDefault(a => a.Name.Equals(c.Name, StringComparison.OrdinalIgnoreCase))?.Value ?? "";
        return c.Op switch
        {
            '=' => value.Equals(c.Value, StringComparison.OrdinalIgnoreCase),
            '~' => value.Contains(c.Value, StringComparison.OrdinalIgnoreCase),
            _ => Compare(value, c.Value) is var order && (c.Op == '>' ? order > 0 : order < 0),
        };
    });

    /// <summary>Numbers (epoch milliseconds, say) compare as numbers, anything else as text.</summary>
    public static int Compare(string value, string bound) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) && double.TryParse(bound, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
            ? a.CompareTo(b)
            : string.Compare(value, bound, StringComparison.OrdinalIgnoreCase);

    /// <summary>Filters, pages and trims a list of items given as (href, attributes).</summary>
    public VcoInventoryList Apply(IEnumerable<(string Href, IReadOnlyList<VcoNameValue> Attributes)> items)
    {
        var matching = items.Where(i => Matches(i.Attributes)).ToList();
        var page = matching.Skip(Math.Max(0, StartIndex)).Take(Math.Max(0, MaxResult))
            .Select(i => new VcoLink(i.Href, "down", Keys is null ? i.Attributes : [.. i.Attributes.Where(a => Keys.Contains(a.Name))]))
            .ToList();
        return new VcoInventoryList(page, matching.Count, StartIndex, StartIndex, page.Count);
    }

    private static int Int(string? text, int fallback) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : fallback;
}
