namespace Taskforge.Server.Http;

/// <summary>
/// Endpoint metadata: the media types an endpoint (or a whole face) answers with and accepts.
/// The most specific one wins, so a face sets its default and an endpoint may widen it.
/// </summary>
public sealed record WireFormat(IReadOnlyList<string> Produces, IReadOnlyList<string> Consumes)
{
    public const string Json = "application/json";
    public const string Xml = "application/xml";
    public const string TextXml = "text/xml";
    public const string Html = "text/html";
    public const string Yaml = "application/yaml";

    public static WireFormat JsonOnly { get; } = new([Json], [Json]);

    public static WireFormat JsonOrXmlIn { get; } = new([Json], [Json, Xml, TextXml]);
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
