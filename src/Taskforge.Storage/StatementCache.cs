using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Taskforge.Storage;

/// <summary>
/// Commands kept prepared on one long-lived connection, by their text: the database parses and plans a statement once
/// per connection instead of on every call. SQLite's writer connection has one (a task row's insert is sixty parameters,
/// and preparing and binding statements anew took about a fifth of the server's CPU under the flow load, issue 15);
/// PostgreSQL needs none, its driver prepares statements per connection itself (<c>Max Auto Prepare</c>).
/// </summary>
/// <remarks>
/// Not thread-safe: the connection's owner uses it under the lock that already makes the connection its own (SQLite's
/// writer gate). A statement prepared before a migration changed the schema stays valid: SQLite prepares statements with
/// <c>sqlite3_prepare_v2</c>, whose statements prepare themselves again when the schema they were made for changed.
/// Texts past <see cref="MaxCommands"/> are not kept (texts that embed values would otherwise grow it without end).
/// </remarks>
internal sealed class StatementCache
{
    public const int MaxCommands = 512;
    private static readonly ConditionalWeakTable<DbConnection, StatementCache> Caches = [];
    private readonly DbConnection _connection;
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    private StatementCache(DbConnection connection) => _connection = connection;

    public int Count => _commands.Count;

    /// <summary>Gives <paramref name="connection"/> a cache, which <see cref="Of"/> then finds; for connections that live long.</summary>
    public static void Attach(DbConnection connection) => Caches.AddOrUpdate(connection, new StatementCache(connection));

    /// <summary>The cache of <paramref name="connection"/>, if it has one.</summary>
    public static StatementCache? Of(DbConnection connection) => Caches.TryGetValue(connection, out var cache) ? cache : null;

    /// <summary>The command for <paramref name="sql"/>, prepared on first use; null when the cache is full (use a command of your own).</summary>
    public DbCommand? Get(string sql)
    {
        if (_commands.TryGetValue(sql, out var command))
        {
            return command;
        }

        if (_commands.Count >= MaxCommands)
        {
            return null;
        }

        command = _connection.CreateCommand();
        command.CommandText = sql;
        _commands[sql] = command;
        return command;
    }

    /// <summary>Finalizes every kept statement (before the connection closes).</summary>
    public static void Release(DbConnection connection)
    {
        if (Caches.TryGetValue(connection, out var cache))
        {
            foreach (var command in cache._commands.Values)
            {
                command.Dispose();
            }

            cache._commands.Clear();
            Caches.Remove(connection);
        }
    }
}
