using System.Xml;
using System.Xml.Linq;

namespace Taskforge.Server.Http;

/// <summary>
/// The only way request XML is parsed: no DTDs (so no entity expansion, billion laughs or XXE), no resolver
/// (nothing is fetched from disk or network), and a size cap on the document.
/// </summary>
public static class SafeXml
{
    public static XmlReaderSettings Settings(long maxCharacters) => Engine.HumanTasks.Messages.SafeXml.Settings(maxCharacters, async: true);

    /// <exception cref="XmlException">On any malformed or forbidden construct, a DOCTYPE included.</exception>
    public static async Task<XDocument> LoadAsync(Stream stream, long maxCharacters, CancellationToken ct)
    {
        using var reader = XmlReader.Create(stream, Settings(maxCharacters));
        return await XDocument.LoadAsync(reader, LoadOptions.None, ct);
    }
}
