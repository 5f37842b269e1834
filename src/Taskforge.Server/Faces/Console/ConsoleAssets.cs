using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Taskforge.Server.Faces.Console;

/// <summary>
/// The console's stylesheet, script and icon, embedded in the server binary (nothing to deploy beside it, no CDN).
/// Pages link them with a content hash in the URL, so a browser keeps each for a year and fetches it again only when it
/// changes.
/// </summary>
public sealed class ConsoleAssets
{
    public const string Route = "/assets/{name}";
    private const string ResourcePrefix = "Taskforge.Console.Assets.";

    private readonly FrozenDictionary<string, Asset> _assets;

    public ConsoleAssets()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var name = resource[ResourcePrefix.Length..];
            var version = Convert.ToHexStringLower(SHA256.HashData(bytes))[..12];
            assets[name] = new Asset(bytes, ContentTypeOf(name), version);
        }

        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The URL of an asset, versioned by its content.</summary>
    public string Url(string name) =>
        _assets.TryGetValue(name, out var asset) ? $"/assets/{name}?v={asset.Version}" : throw new ArgumentException($"No console asset '{name}'.", nameof(name));

    public IResult Serve(HttpContext context, string name)
    {
        if (!_assets.TryGetValue(name, out var asset))
        {
            return Results.NotFound();
        }

        var etag = new EntityTagHeaderValue($"\"{asset.Version}\"");
        var headers = context.Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.CacheControl = context.Request.Query["v"] == asset.Version
            ? new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromDays(365), Extensions = { new NameValueHeaderValue("immutable") } }
            : new CacheControlHeaderValue { NoCache = true };
        if (context.Request.GetTypedHeaders().IfNoneMatch.Any(e => e.Compare(etag, useStrongComparison: false)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    private sealed record Asset(byte[] Bytes, string ContentType, string Version);
}
