using System.Xml;
using System.Xml.Linq;

namespace Taskforge.Server.Http;

/// <summary>
/// The only way request XML is parsed: no DTDs (so no entity expansion, billion laughs or XXE), no resolver
/// (nothing is fetched from disk or network), a size cap on the document, and a cap on how deep elements nest.
/// </summary>
public static class SafeXml
{
    public static XmlReaderSettings Settings(long maxCharacters) => Engine.HumanTasks.Messages.SafeXml.Settings(maxCharacters, async: true);

    /// <exception cref="XmlException">On any malformed or forbidden construct, a DOCTYPE included.</exception>
    public static async Task<XDocument> LoadAsync(Stream stream, long maxCharacters, CancellationToken ct)
    {
        // Read twice: once, fast, for the depth (see CheckDepth), then into the tree. The body is within the request limit.
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        using (var check = XmlReader.Create(buffer, Engine.HumanTasks.Messages.SafeXml.Settings(maxCharacters)))
        {
            Engine.HumanTasks.Messages.SafeXml.CheckDepth(check);
        }

        buffer.Position = 0;
        using var reader = XmlReader.Create(buffer, Settings(maxCharacters));
        return await XDocument.LoadAsync(reader, LoadOptions.None, ct);
    }
}
