namespace Taskforge.Server.Faces.Vco;

/// <summary>
/// The services <c>GET /vco/api/</c> lists. Each face feature adds its entry when it maps its routes,
/// so the list never advertises something the server does not serve.
/// </summary>
public sealed class VcoServices
{
    private readonly List<(string Path, string Description)> _services = [];

    public IReadOnlyList<(string Path, string Description)> All => _services;

    public void Add(string path, string description) => _services.Add((path, description));
}
