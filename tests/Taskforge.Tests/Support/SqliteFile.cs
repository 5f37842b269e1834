using Taskforge.Storage;

namespace Taskforge.Tests.Support;

/// <summary>A SQLite database in a temp file (never :memory:, which hides locking), deleted with its folder.</summary>
public sealed class SqliteFile : IDisposable
{
    public SqliteFile()
    {
        Directory = Path.Combine(Path.GetTempPath(), "taskforge-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Options = new StorageOptions { Provider = StorageOptions.Sqlite, ConnectionString = $"Data Source={Path.Combine(Directory, "taskforge.db")}" };
    }

    public string Directory { get; }

    public StorageOptions Options { get; }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A pooled handle may still be closing; the temp folder is cleaned by the OS eventually.
        }
    }
}

/// <summary>Every SQLite file a test class made, deleted together.</summary>
public sealed class SqliteFiles : IDisposable
{
    private readonly List<SqliteFile> _files = [];

    public StorageOptions Create()
    {
        var file = new SqliteFile();
        _files.Add(file);
        return file.Options;
    }

    public void Dispose() => _files.ForEach(f => f.Dispose());
}
