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
    /// <summary>
    /// How deep elements may nest, as deep as System.Text.Json reads JSON. Building a tree of 100,000 nested elements
    /// held a request thread for minutes (found by the request fuzzer), so the depth is checked before building.
    /// </summary>
    public const int MaxDepth = 64;

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
            using (var check = XmlReader.Create(new StringReader(xml), settings))
            {
                CheckDepth(check);
            }

            using var reader = XmlReader.Create(new StringReader(xml), settings);
            return XDocument.Load(reader, LoadOptions.None).Root ?? throw new ValidationException("$", "the document has no root element.");
        }
        catch (XmlException ex)
        {
            throw new ValidationException("$", $"not well-formed XML: {ex.Message}");
        }
    }

    /// <summary>
    /// Reads the document once without building it and refuses it when elements nest deeper than
    /// <see cref="MaxDepth"/>: building an <see cref="XDocument"/> costs time square in the depth (30,000 levels took 22 s).
    /// </summary>
    /// <exception cref="XmlException">Elements nest too deep, or the document is malformed.</exception>
    public static void CheckDepth(XmlReader reader)
    {
        while (reader.Read())
        {
            if (reader.Depth >= MaxDepth)
            {
                throw new XmlException($"Elements nest deeper than {MaxDepth} levels.");
            }
        }
    }
}
