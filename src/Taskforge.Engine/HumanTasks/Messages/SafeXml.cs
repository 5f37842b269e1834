using System.Xml;
using System.Xml.Linq;
using Taskforge.Engine.Errors;

namespace Taskforge.Engine.HumanTasks.Messages;

/// <summary>
/// Parses untrusted XML. DTDs are refused outright and nothing is ever resolved, so external entities (XXE) and
/// entity expansion ("billion laughs") cannot happen (DESIGN.md "Business data").
/// </summary>
public static class SafeXml
{
    // Business data is a form's worth of fields; 16 MiB of characters is far beyond any real message.
    private const long MaxCharacters = 16 * 1024 * 1024;

    /// <summary>The reader settings every XML parse in Taskforge uses (the HTTP faces too).</summary>
    public static XmlReaderSettings Settings(long maxCharacters, bool async = false) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        MaxCharactersInDocument = maxCharacters,
        MaxCharactersFromEntities = 0,
        Async = async,
    };

    public static XElement Parse(string xml)
    {
        var settings = Settings(MaxCharacters);

        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            return XDocument.Load(reader, LoadOptions.None).Root ?? throw new ValidationException("$", "the document has no root element.");
        }
        catch (XmlException ex)
        {
            throw new ValidationException("$", $"not well-formed XML: {ex.Message}");
        }
    }
}
