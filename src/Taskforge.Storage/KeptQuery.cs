using System.Data.Common;
using Dapper;

namespace Taskforge.Storage;

/// <summary>
/// A read on the hot path (a run's state, a workflow's current revision, a task before it changes) through a command
/// kept prepared on its connection when the connection keeps statements (<see cref="SqlDatabase.ReadAsync"/> on
/// SQLite), rows mapped by Dapper's row parser. Dapper's own queries prepare a new statement on every call, which on
/// SQLite is most of a primary-key read's cost (issue 15).
/// </summary>
internal static class KeptQuery
{
    public static async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, object? args, CancellationToken ct)
    {
        var kept = StatementCache.Of(connection)?.Get(sql);
        var command = kept ?? connection.CreateCommand();
        try
        {
            StatementBatch.Bind(command, sql, args);
            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            var parse = reader.GetRowParser<T>();
            while (await reader.ReadAsync(ct))
            {
                rows.Add(parse(reader));
            }

            return rows;
        }
        finally
        {
            if (kept is null)
            {
                await command.DisposeAsync();
            }
        }
    }
}
