using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Taskforge.Storage.Migrations;

/// <summary>
/// The migrations embedded in this assembly: <c>Migrations/{Sqlite|Postgres}/NNNN_name.sql</c>.
/// Both dialects must carry the same numbers and names (a test checks it).
/// </summary>
public static partial class MigrationCatalog
{
    [GeneratedRegex(@"^Taskforge\.Migrations\.(?<dialect>[A-Za-z]+)/(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex ResourceName();

    public static IReadOnlyList<Migration> For(string provider)
    {
        var folder = provider switch
        {
            StorageOptions.Sqlite => "Sqlite",
            StorageOptions.Postgres => "Postgres",
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown storage provider."),
        };

        var assembly = typeof(MigrationCatalog).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = ResourceName().Match(resource);
            if (!match.Success || match.Groups["dialect"].Value != folder)
            {
                continue;
            }

            migrations.Add(new Migration(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                Read(assembly, resource)));
        }

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
