using Dapper;
using Taskforge.Engine.Workflows.Runs.Queries;

namespace Taskforge.Storage.Runs;

/// <summary>The console's reads of runs on either dialect (<see cref="IRunQueryStore"/>).</summary>
public sealed class SqlRunQueryStore(SqlDatabase database) : IRunQueryStore
{
    public async Task<IReadOnlyList<RunSummary>> ListAsync(RunListQuery query, CancellationToken ct)
    {
        var (sql, parameters) = RunListSql.Build(query, database.Provider);
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<RunSummaryRow>(new CommandDefinition(sql, parameters, cancellationToken: ct));
        return [.. rows.Select(r => r.ToSummary())];
    }
}
