using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Taskforge.Server.Http;

/// <summary>
/// Endpoint metadata: the media types an endpoint (or a whole face) answers with and accepts, and the one set of rules
/// that matches them against <c>Accept</c> and <c>Content-Type</c>. The most specific metadata wins, so a face sets its
/// default and an endpoint may widen it.
/// </summary>
/// <remarks>
/// Types match on type and subtype only, whatever their parameters and case: Build Tools for VMware Aria sends
/// <c>Accept: application/json;charset=UTF-8</c> and means JSON. Only <c>q</c> counts, as RFC 9110 §12.5.1 says.
/// </remarks>
public sealed record WireFormat(IReadOnlyList<string> Produces, IReadOnlyList<string> Consumes)
{
    public const string Json = "application/json";
    public const string Xml = "application/xml";
    public const string TextXml = "text/xml";
    public const string Html = "text/html";
    public const string Yaml = "application/yaml";

    /// <summary>The YAML types people send (there was no registered one until RFC 9512).</summary>
    public static IReadOnlyList<string> YamlTypes { get; } = [Yaml, "application/x-yaml", "text/yaml", "text/x-yaml"];

    public static WireFormat JsonOnly { get; } = new([Json], [Json]);

    public static WireFormat JsonOrXmlIn { get; } = new([Json], [Json, Xml, TextXml]);

    public static WireFormat JsonOrYamlIn { get; } = new([Json], [Json, .. YamlTypes]);

    /// <summary>
    /// The produced type to answer with: the one the client rates highest. Each produced type takes the <c>q</c> of the
    /// most specific range that matches it (so <c>application/json;q=0</c> refuses JSON even beside <c>*/*</c>); ties go
    /// to the range the client listed first, then to the order of <see cref="Produces"/>. No <c>Accept</c> means the
    /// first produced type; an unreadable one, or one that rules out every produced type, gives null.
    /// </summary>
    public string? Negotiate(StringValues accept)
    {
        var values = accept.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList();
        if (values.Count == 0)
        {
            return Produces.Count > 0 ? Produces[0] : null;
        }

        if (!MediaTypeHeaderValue.TryParseList(values, out var ranges))
        {
            return null;
        }

        var best = (Type: (string?)null, Quality: 0.0, Position: int.MaxValue);
        foreach (var offered in Produces)
        {
            var (quality, position) = Rate(MediaTypeHeaderValue.Parse(offered), ranges);
            if (quality > best.Quality || (quality > 0 && quality == best.Quality && position < best.Position))
            {
                best = (offered, quality, position);
            }
        }

        return best.Type;
    }

    /// <summary>Whether a body of this <c>Content-Type</c> can be read here.</summary>
    public bool Reads(string? contentType) => Consumes.Any(c => Is(contentType, c));

    /// <summary>
    /// Whether a <c>Content-Type</c> names <paramref name="mediaType"/>, in any case and with any parameters; a structured
    /// syntax suffix counts too (<c>application/problem+json</c> is JSON, <c>application/atom+xml</c> XML).
    /// </summary>
    public static bool Is(string? contentType, string mediaType)
    {
        if (string.IsNullOrWhiteSpace(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var actual))
        {
            return false;
        }

        var wanted = MediaTypeHeaderValue.Parse(mediaType);
        return SameType(actual, wanted)
            || (wanted.SubType.Equals(actual.Suffix, StringComparison.OrdinalIgnoreCase) && (mediaType is Json or Xml));
    }

    public static bool IsJson(string? contentType) => Is(contentType, Json);

    public static bool IsXml(string? contentType) => Is(contentType, Xml) || Is(contentType, TextXml);

    // The q of the most specific matching range (the highest q among equally specific ones) and where it stands in the list.
    private static (double Quality, int Position) Rate(MediaTypeHeaderValue offered, IList<MediaTypeHeaderValue> ranges)
    {
        var found = (Specificity: -1, Quality: 0.0, Position: int.MaxValue);
        for (var i = 0; i < ranges.Count; i++)
        {
            var range = ranges[i];
            if (!Covers(range, offered))
            {
                continue;
            }

            var specificity = range.MatchesAllTypes ? 0 : range.MatchesAllSubTypes ? 1 : 2;
            var quality = range.Quality ?? 1.0;
            if (specificity > found.Specificity || (specificity == found.Specificity && quality > found.Quality))
            {
                found = (specificity, quality, i);
            }
        }

        return (found.Quality, found.Position);
    }

    private static bool Covers(MediaTypeHeaderValue range, MediaTypeHeaderValue offered) =>
        range.MatchesAllTypes
        || (range.Type.Equals(offered.Type, StringComparison.OrdinalIgnoreCase) && (range.MatchesAllSubTypes || range.SubType.Equals(offered.SubType, StringComparison.OrdinalIgnoreCase)));

    private static bool SameType(MediaTypeHeaderValue a, MediaTypeHeaderValue b) =>
        a.Type.Equals(b.Type, StringComparison.OrdinalIgnoreCase) && a.SubType.Equals(b.SubType, StringComparison.OrdinalIgnoreCase);
}

public static class WireFormatExtensions
{
    public static TBuilder WithWireFormat<TBuilder>(this TBuilder builder, WireFormat format)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(format);
        return builder;
    }
}
