using Dapper;

namespace Taskforge.Storage;

/// <summary>
/// An IN list spelled out as parameters (<c>@Id0, @Id1…</c>): Dapper would hand Npgsql an array, which SQLite cannot take.
/// Callers send at most <see cref="MaxItems"/> ids at a time, well inside SQLite's limit of 32,766 parameters.
/// </summary>
internal static class SqlInList
{
    public const int MaxItems = 500;

    public static (string List, DynamicParameters Parameters) Of(IReadOnlyList<string> ids)
    {
        var parameters = new DynamicParameters();
        for (var i = 0; i < ids.Count; i++)
        {
            parameters.Add($"Id{i}", ids[i]);
        }

        return (string.Join(", ", Enumerable.Range(0, ids.Count).Select(i => $"@Id{i}")), parameters);
    }
}
