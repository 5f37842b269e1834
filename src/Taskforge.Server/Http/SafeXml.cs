using System.Xml;
using System.Xml.Linq;

namespace Taskforge.Server.Http;

/// <summary>
/// The only way request XML is parsed: no DTDs (so no entity expansion, billion laughs or XXE), no resolver
/// (nothing is fetched from disk or network), and a size cap on the document.
/// </summary>
public static class SafeXml
{
    public static XmlReaderSettings Settings(long maxCharacters) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        MaxCharactersInDocument = maxCharacters,
        IgnoreProcessingInstructions = true,
        IgnoreComments = true,
        Async = true,
    };

    /// <exception cref="XmlException">On any malformed or forbidden construct, a DOCTYPE included.</exception>
    public static async Task<XDocument> LoadAsync(Stream stream, long maxCharacters, CancellationToken ct)
    {
        using var reader = XmlReader.Create(stream, Settings(maxCharacters));
        return await XDocument.LoadAsync(reader, LoadOptions.None, ct);
    }
}
