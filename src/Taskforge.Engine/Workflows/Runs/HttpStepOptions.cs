namespace Taskforge.Engine.Workflows.Runs;

/// <summary>Settings under <c>Taskforge:HttpSteps</c>: where <c>http</c> steps may go.</summary>
public sealed class HttpStepOptions
{
    /// <summary>
    /// URL prefixes an <c>http</c> step may call (scheme, host, port and path prefix, e.g. <c>https://api.example.com/v2/</c>).
    /// Empty by default: a server makes no outbound call until someone allows it.
    /// </summary>
    public IList<string> AllowedUrls { get; } = [];

    public bool Allows(Uri url) => AllowedUrls.Any(prefix =>
        Uri.TryCreate(prefix, UriKind.Absolute, out var allowed)
        && url.Scheme == allowed.Scheme && url.Host.Equals(allowed.Host, StringComparison.OrdinalIgnoreCase) && url.Port == allowed.Port
        && url.AbsolutePath.StartsWith(allowed.AbsolutePath, StringComparison.Ordinal));
}
