namespace Taskforge.Storage;

/// <summary>Settings under <c>Taskforge:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (the embedded default) or <c>postgres</c> (for clusters).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>ADO.NET connection string; for SQLite the default is <c>Data Source=./data/taskforge.db</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations at start (under a lock, so nodes may start together).</summary>
    public bool AutoMigrate { get; set; } = true;
}
