using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Taskforge.Storage.Migrations;

/// <summary>
/// The migrations embedded in this assembly: <c>Migrations/Shared/NNNN_name.sql</c> for SQL both dialects run as it is,
/// and <c>Migrations/{Sqlite|Postgres}/NNNN_name.sql</c> where a dialect needs its own (it then replaces the shared
/// migration of that number). Both dialects end up with the same numbers and names (a test checks it).
/// </summary>
public static partial class MigrationCatalog
{
    [GeneratedRegex(@"^Taskforge\.Migrations\.(?<dialect>[A-Za-z]+)/(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex ResourceName();

    private const string SharedFolder = "Shared";

    public static IReadOnlyList<Migration> For(string provider)
    {
        var folder = provider switch
        {
            StorageOptions.Sqlite => "Sqlite",
            StorageOptions.Postgres => "Postgres",
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown storage provider."),
        };

        var assembly = typeof(MigrationCatalog).Assembly;
        var byVersion = new Dictionary<int, Migration>();
        // Shared first, so that a dialect's own migration of the same number replaces it.
        foreach (var (resource, match) in assembly.GetManifestResourceNames()
                     .Select(r => (Resource: r, Match: ResourceName().Match(r)))
                     .Where(r => r.Match.Success && r.Match.Groups["dialect"].Value is var d && (d == folder || d == SharedFolder))
                     .OrderBy(r => r.Match.Groups["dialect"].Value == SharedFolder ? 0 : 1))
        {
            var version = int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture);
            byVersion[version] = new Migration(version, match.Groups["name"].Value, Read(assembly, resource));
        }

        var migrations = byVersion.Values.ToList();

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        return migrations;
    }

    public static int LatestVersion(string provider) => For(provider) is { Count: > 0 } all ? all[^1].Version : 0;

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
