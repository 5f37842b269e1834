namespace Taskforge.Engine.Workflows.Runs;

/// <summary>Settings under <c>Taskforge:HttpSteps</c>: where <c>http</c> steps may go and how much they may bring back.</summary>
public sealed class HttpStepOptions
{
    /// <summary>
    /// URL prefixes an <c>http</c> step may call (scheme, host, port and path prefix, e.g. <c>https://api.example.com/v2/</c>).
    /// Empty by default: a server makes no outbound call until someone allows it. A prefix that names a host by name
    /// reaches only the addresses that name resolves to outside loopback and link-local (see the host's client), so a
    /// service on this machine is allowed by its literal address (<c>http://127.0.0.1:9000/</c>), never by a name.
    /// </summary>
    public IList<string> AllowedUrls { get; } = [];

    /// <summary>
    /// The largest answer body an <c>http</c> step reads; a larger one fails the step. The body lands in the run's
    /// variables, which every checkpoint writes, so this also bounds what one answer adds to the database.
    /// </summary>
    public long MaxResponseBytes { get; set; } = 4 * 1024 * 1024;

    public bool Allows(Uri url) => !LeavesItsPath(url) && AllowedUrls.Any(prefix =>
        Uri.TryCreate(prefix, UriKind.Absolute, out var allowed)
        && url.Scheme == allowed.Scheme && url.Host.Equals(allowed.Host, StringComparison.OrdinalIgnoreCase) && url.Port == allowed.Port
        && url.AbsolutePath.StartsWith(allowed.AbsolutePath, StringComparison.Ordinal));

    /// <summary>
    /// The prefix is compared on the path as sent, where <c>Uri</c> has already removed plain dot segments; but a server
    /// that decodes <c>%2F</c> or <c>%5C</c>, or reads a backslash as a slash, would read <c>/v1/..%2Fadmin</c> as leaving
    /// <c>/v1/</c>. Such a path is refused whatever the list says.
    /// </summary>
    private static bool LeavesItsPath(Uri url) =>
        Uri.UnescapeDataString(url.AbsolutePath).Replace('\\', '/').Split('/').Any(segment => segment is "." or "..");
}
